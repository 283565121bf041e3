package org.diffdyn.core.random;

/**
 * Fast standard-normal draws by the Marsaglia–Tsang ziggurat (128 layers) on top of an {@link Rng}: one uniform per
 * draw in 98.8 % of cases and no transcendental function outside the rare wedge and tail cases, about 4× faster than
 * the polar method of {@link Rng#gaussian()}. Deterministic across JDKs (tables and wedge/tail tests use
 * {@link StrictMath}). The layer index and the abscissa come from disjoint bits of the 53-bit uniform, which avoids the
 * layer/value correlation of the original 32-bit version. Use for long simulations whose cost is dominated by noise
 * (e.g. the 1-D cloning simulation of paper C).
 */
public final class Ziggurat {
    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    private static final double M = 2147483648.0; // 2^31
    private static final long[] K = new long[LAYERS];
    private static final double[] W = new double[LAYERS];
    private static final double[] F = new double[LAYERS];

    static {
        double dn = R, tn = dn;
        double q = V / StrictMath.exp(-0.5 * dn * dn);
        K[0] = (long) ((dn / q) * M);
        K[1] = 0;
        W[0] = q / M;
        W[LAYERS - 1] = dn / M;
        F[0] = 1.0;
        F[LAYERS - 1] = StrictMath.exp(-0.5 * dn * dn);
        for (int i = LAYERS - 2; i >= 1; i--) {
            dn = StrictMath.sqrt(-2 * StrictMath.log(V / dn + StrictMath.exp(-0.5 * dn * dn)));
            K[i + 1] = (long) ((dn / tn) * M);
            tn = dn;
            F[i] = StrictMath.exp(-0.5 * dn * dn);
            W[i] = dn / M;
        }
    }

    private final Rng rng;

    public Ziggurat(Rng rng) {
        this.rng = rng;
    }

    /** One standard normal. */
    public double next() {
        while (true) {
            long bits = (long) (rng.uniform() * 9007199254740992.0); // 53 random bits
            int iz = (int) (bits & (LAYERS - 1));
            long hz = (int) (bits >>> 7); // 32 further bits, signed
            if (Math.abs(hz) < K[iz]) return hz * W[iz];
            if (iz == 0) {
                // Tail beyond R (Marsaglia's exponential rejection).
                double x, y;
                do {
                    x = -StrictMath.log(1 - rng.uniform()) / R;
                    y = -StrictMath.log(1 - rng.uniform());
                } while (y + y < x * x);
                return hz > 0 ? R + x : -R - x;
            }
            double x = hz * W[iz];
            if (F[iz] + rng.uniform() * (F[iz - 1] - F[iz]) < StrictMath.exp(-0.5 * x * x)) return x;
        }
    }
}
