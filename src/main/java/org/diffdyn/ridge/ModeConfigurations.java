package org.diffdyn.ridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * The 2-D "Dirac" training sets of the paper-D code (§4.2, QUOTED from {@code config.py} {@code MODE_CONFIGS} and
 * {@code Ridge_2mode.py}): the training set is the list of centres ({@code data_sampling_mode="centers"}).
 *
 * <p>"13" is the 13-point set of the paper's Fig. 1, whose coordinates could not be read (UNSURE): it is drawn
 * uniformly from [−4, 4]² with the given seed, as a stand-in.
 */
public final class ModeConfigurations {
    private ModeConfigurations() {}

    private static final Map<String, double[]> FIXED = new LinkedHashMap<>();

    static {
        FIXED.put("1", new double[] {5, 0});
        FIXED.put("2", new double[] {0, 0, 5, 0});
        FIXED.put("3", new double[] {0, 0, 5, 0, 0, 5});
        FIXED.put("4", new double[] {0, 0, 5, 0, 0, 5, 5, 5});
        FIXED.put("4.5", new double[] {0, 0, 5, 0, 0, 5, 2.5, 2.5});
        FIXED.put("5", new double[] {0, 0, 5, 0, 0, 5, 5, 5, 2.5, 2.5});
        double[] nine = new double[18];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                nine[2 * (3 * i + j)] = i;
                nine[2 * (3 * i + j) + 1] = j;
            }
        FIXED.put("9", nine);
        FIXED.put("pm3", new double[] {-3, 0, 3, 0});
    }

    /** Names accepted by {@link #points}: 1, 2, 3, 4, 4.5, 5, 9, pm3 (±3 on the x axis), 13. */
    public static List<String> names() {
        List<String> names = new java.util.ArrayList<>(FIXED.keySet());
        names.add("13");
        return names;
    }

    /** The training points, one per row (N × 2). */
    public static DMatrixRMaj points(String name, long seed) {
        if ("13".equals(name)) {
            Rng rng = new Rng(seed);
            double[] p = new double[26];
            for (int i = 0; i < 26; i++) p[i] = -4 + 8 * rng.uniform();
            return DMatrixRMaj.wrap(13, 2, p);
        }
        double[] p = FIXED.get(name);
        if (p == null) throw new ParameterException("modes", name, "one of " + String.join(", ", names()));
        return DMatrixRMaj.wrap(p.length / 2, 2, p.clone());
    }

    public static DMatrixRMaj points(String name) {
        return points(name, 13);
    }
}
