package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/** The training objectives: EDM for the image denoisers, per-level DSM for the linear denoiser, VP/DSM for the score net. */
public final class Objectives {
    private Objectives() {}

    /** EDM's defaults P_mean = −1.2, P_std = 1.2 (linear-diffusion.md §2.2.12, QUOTED). */
    public static Objective<DiffusionNet> edm() {
        return edm(-1.2, 1.2);
    }

    /**
     * The EDM loss (Karras et al. 2022, Eq. 8 and Table 1; §2.2.12, QUOTED): ln σ ~ N(P_mean, P_std²),
     * λ(σ) = (σ² + σ_d²)/(σσ_d)², loss = mean over batch and coordinates of λ(σ)·(D(x₀ + σn; σ) − x₀)².
     */
    public static Objective<DiffusionNet> edm(double pMean, double pStd) {
        Check.finite("pMean", pMean);
        Check.positive("pStd", pStd);
        return (net, x0) -> {
            if (net.kind() == DiffusionNet.Kind.LINEAR)
                throw new ParameterException("objective", "edm", "per-level for net=linear");
            long b = x0.getShape().get(0);
            NDArray sigma = x0.getManager()
                    .randomNormal((float) pMean, (float) pStd, new Shape(b), x0.getDataType())
                    .exp();
            long[] bs = new long[x0.getShape().dimension()];
            java.util.Arrays.fill(bs, 1);
            bs[0] = b;
            NDArray s = sigma.reshape(new Shape(bs));
            NDArray noise = x0.getManager().randomNormal(x0.getShape()).mul(s);
            double sd = net.sigmaData();
            NDArray weight =
                    s.square().add((float) (sd * sd)).div(s.mul((float) sd).square());
            NDArray d = net.denoise(x0.add(noise), sigma, true);
            return d.sub(x0).square().mul(weight).mean();
        };
    }

    /**
     * The per-level DSM loss of paper A's linear theory (§2.1, QUOTED, per-coordinate mean as in the authors' demo): every
     * level j sees the whole batch with its own noise, L = Σ_j mean_{batch, coords} ‖W_j(x₀ + σ_j z) + b_j − x₀‖². The
     * levels' parameters are independent, so each level follows its own gradient flow (Eq. 7).
     */
    public static Objective<DiffusionNet> perLevel() {
        return (net, x0) -> {
            if (net.kind() != DiffusionNet.Kind.LINEAR)
                throw new ParameterException(
                        "objective",
                        "per-level",
                        "edm for net=" + net.kind().name().toLowerCase());
            LinearDenoiser lin = (LinearDenoiser) net.module();
            double[] lv = lin.levels();
            float[] sig = new float[lv.length];
            for (int j = 0; j < sig.length; j++) sig[j] = (float) lv[j];
            long b = x0.getShape().get(0), d = x0.getShape().size() / b;
            NDArray x = x0.reshape(1, b, d);
            NDArray z = x0.getManager().randomNormal(new Shape(lv.length, b, d));
            NDArray noisy = x.add(z.mul(x0.getManager().create(sig).reshape(lv.length, 1, 1)));
            return Module.scale(lin.applyLevels(noisy).sub(x).square().mean(), lv.length); // see Module.scale
        };
    }

    /**
     * Denoising score matching on the OU (VP) process of paper D (random-features-and-ridge.md §1.1–1.2, QUOTED):
     * x_t = a_t x₀ + √h_t z with a_t = e^{−t}, h_t = 1 − e^{−2t}, t log-uniform on [t₀, T]; the network predicts the
     * noise from (x_t, u = ln(t/t₀)/ln(T/t₀)); loss = mean over batch and coordinates of h_t^k ‖ε̂ − z‖² (k = 0 the plain
     * noise-prediction loss, k = −1 the authors' MNIST weighting). Same objective as the former core.nn.ScoreNetwork.
     */
    public static Objective<ScoreNet> vpDsm(double t0, double tMax, int lossWeight) {
        Check.positive("t0", t0);
        if (!(tMax > t0)) throw new ParameterException("tMax", tMax, "greater than t0 = " + t0);
        Check.inRange("lossWeight", lossWeight, -2, 2);
        float logT0 = (float) Math.log(t0), span = (float) Math.log(tMax / t0);
        return (net, x0) -> {
            long b = x0.getShape().get(0);
            var m = x0.getManager();
            NDArray u = m.randomUniform(0f, 1f, new Shape(b));
            NDArray t = u.mul(span).add(logT0).exp().reshape(b, 1);
            NDArray a = t.neg().exp();
            NDArray h = t.mul(-2f).exp().getNDArrayInternal().rsub(1f);
            NDArray z = m.randomNormal(x0.getShape());
            NDArray xt = x0.mul(a).add(z.mul(h.sqrt()));
            NDArray err = net.module().apply(xt, u, true).sub(z).square();
            if (lossWeight != 0) err = err.mul(h.pow(lossWeight));
            return err.mean();
        };
    }
}
