package org.diffdyn.measure.experiments;

import static org.diffdyn.sweep.Sweep.range;
import static org.diffdyn.sweep.Sweep.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Registry;
import org.diffdyn.sweep.RunResult;
import org.diffdyn.sweep.SweepResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * {@link EmergenceSlopes}: first on a sweep of a stand-in experiment whose checks have network-emergence's keys and
 * known values (one run failing, one run without a decrease fit), against means, sds and Student-t intervals computed
 * here with tabulated quantiles; then on a real tiny network-emergence sweep (MLP and CNN, two seeds) against the runs'
 * own checks, which ties the key format to the experiment.
 */
class EmergenceSlopesTest {
    /** t_{0.975, ν} from a standard table (ν = 1, 2, 3). */
    private static final double[] T975 = {Double.NaN, 12.706205, 4.302653, 3.182446};

    static double slope(String net, String analysis, String branch, long seed) {
        return -1
                + 0.1 * seed * (net.equals("cnn") ? 2 : 1)
                + (analysis.equals("image") ? 0 : 0.05)
                + (branch.equals("decrease") ? -3 : 0);
    }

    @Test
    void summarisesSeedsPerNetAnalysisAndBranchWithFailuresCounted() {
        Param<String> netP = Param.text("net", "mlp", "stand-in for the net");
        Param<Integer> steps = Param.integer("steps", 10, 1, 1000, "a second swept parameter");
        Registry.register(Experiment.of("emergence-standin", List.of(netP, steps), (p, b, pr) -> {
            String net = p.get(netP);
            long seed = p.seed();
            if (net.equals("cnn") && seed == 4) throw new IllegalStateException("diverged (stand-in)");
            List<String> analyses = net.equals("cnn") ? List.of("image", "patch3s1", "patch9s3") : List.of("image");
            for (String a : analyses) {
                for (String br : List.of("increase", "decrease")) {
                    if (br.equals("decrease") && seed == 2) continue; // too few modes crossed: no fit
                    b.check("slope." + net + "." + a + "." + br, "slope", slope(net, a, br, seed));
                    b.check("r2." + net + "." + a + "." + br, "r2", 0.5 + 0.1 * seed);
                    b.check("modes." + net + "." + a + "." + br, "modes", 10 + seed);
                }
                b.check("theory-exponent." + a + ".increase", "theory", -0.9 - (a.equals("image") ? 0 : 0.01));
                b.check("theory-exponent." + a + ".decrease", "theory", -0.8);
                b.check("clock." + a, "clock", 3);
            }
            b.check("parameters", "parameters", 100);
            b.table(Table.create("t"));
        }));
        try {
            SweepResult r = sweep("emergence-standin")
                    .over("steps", 10, 20)
                    .over("net", "mlp", "cnn")
                    .over("seed", range(1, 4))
                    .progress(Progress.NONE)
                    .run();
            assertEquals(2, r.failedCount());
            Table t = EmergenceSlopes.of(r.checks(), r.runs());
            // per steps: mlp image × 2 branches, cnn (image, patch3s1, patch9s3) × 2 branches
            assertEquals(2 * (2 + 6), t.rowCount());
            assertEquals(
                    List.of(
                            "steps",
                            "net",
                            "analysis",
                            "patch",
                            "stride",
                            "branch",
                            "runs",
                            "failed",
                            "n",
                            "slope_mean",
                            "slope_sd",
                            "ci95_low",
                            "ci95_high",
                            "theory_exponent",
                            "theory_sd",
                            "modes_mean",
                            "r2_mean"),
                    t.columnNames());
            for (int i = 0; i < t.rowCount(); i++) {
                String net = t.stringColumn("net").get(i),
                        a = t.stringColumn("analysis").get(i),
                        br = t.stringColumn("branch").get(i);
                List<Long> seeds = new ArrayList<>();
                for (long s = 1; s <= 4; s++)
                    if (!(net.equals("cnn") && s == 4) && !(br.equals("decrease") && s == 2)) seeds.add(s);
                int n = seeds.size();
                assertEquals(n, t.intColumn("n").get(i), net + " " + a + " " + br);
                assertEquals(4, t.intColumn("runs").get(i));
                assertEquals(net.equals("cnn") ? 1 : 0, t.intColumn("failed").get(i));
                double mean = 0, ss = 0, modes = 0;
                for (long s : seeds) mean += slope(net, a, br, s) / n;
                for (long s : seeds) ss += Math.pow(slope(net, a, br, s) - mean, 2);
                for (long s : seeds) modes += (10.0 + s) / n;
                double sd = Math.sqrt(ss / (n - 1)), half = T975[n - 1] * sd / Math.sqrt(n);
                assertEquals(mean, t.doubleColumn("slope_mean").get(i), 1e-12);
                assertEquals(sd, t.doubleColumn("slope_sd").get(i), 1e-12);
                assertEquals(mean - half, t.doubleColumn("ci95_low").get(i), 1e-5);
                assertEquals(mean + half, t.doubleColumn("ci95_high").get(i), 1e-5);
                assertEquals(modes, t.doubleColumn("modes_mean").get(i), 1e-12);
                double theory = br.equals("decrease") ? -0.8 : a.equals("image") ? -0.9 : -0.91;
                assertEquals(theory, t.doubleColumn("theory_exponent").get(i), 1e-12);
                assertEquals(0, t.doubleColumn("theory_sd").get(i), 1e-12);
                if (a.equals("image")) assertTrue(t.intColumn("patch").isMissing(i));
                else {
                    assertEquals(
                            a.equals("patch3s1") ? 3 : 9, t.intColumn("patch").get(i));
                    assertEquals(
                            a.equals("patch3s1") ? 1 : 3, t.intColumn("stride").get(i));
                }
            }
            // order: mlp before cnn? (alphabetical: cnn first), image before patches, increase before decrease
            assertEquals("cnn", t.stringColumn("net").get(0));
            assertEquals("image", t.stringColumn("analysis").get(0));
            assertEquals("increase", t.stringColumn("branch").get(0));
            assertEquals("patch3s1", t.stringColumn("analysis").get(2));
            // a plot with one marker group per row of steps=10's table and the diagonal
            assertTrue(EmergenceSlopes.plot(t).asJavascript("x").contains("steps=20 cnn patch9s3 decrease"));
            Table oneSeed = t.copy(); // a group with n < 2 has no interval: drawn without a bar
            oneSeed.doubleColumn("ci95_low").setMissing(0);
            oneSeed.doubleColumn("ci95_high").setMissing(0);
            assertTrue(EmergenceSlopes.plot(oneSeed).asJavascript("x").contains("mlp image increase"));
            assertThrows(ParameterException.class, () -> EmergenceSlopes.of(r));
            assertThrows(ParameterException.class, () -> EmergenceSlopes.of(r.table(), r.runs()));
        } finally {
            Registry.unregister("emergence-standin");
        }
    }

    /** A real sweep, kept tiny (4×4 Gaussian images, 20 steps). */
    @Test
    void readsTheKeysNetworkEmergenceWrites() {
        SweepResult r = sweep("network-emergence")
                .over("net", "mlp", "cnn")
                .over("seed", 1, 2)
                .set("data", "gaussian?d=16&spectrum=powerlaw&k=1")
                .set("train-size", 200)
                .set("steps", 20)
                .set("checkpoints", 4)
                .set("samples", 40)
                .set("batch", 32)
                .set("width", 16)
                .set("depth", 2)
                .set("channels", 4)
                .set("patches", new double[] {2})
                .set("threads", 1)
                .threads(1)
                .progress(Progress.NONE)
                .run();
        assertEquals(0, r.failedCount(), () -> r.failures().printAll());
        Table t = EmergenceSlopes.of(r);
        assertTrue(t.rowCount() >= 1, t::printAll);
        int rowsChecked = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            String key = "slope." + t.stringColumn("net").get(i) + "."
                    + t.stringColumn("analysis").get(i) + "."
                    + t.stringColumn("branch").get(i);
            String theoryKey = "theory-exponent." + t.stringColumn("analysis").get(i) + "."
                    + t.stringColumn("branch").get(i);
            List<Double> values = new ArrayList<>(), theory = new ArrayList<>();
            for (RunResult run : r.results()) {
                Map<String, Double> c = run.checks();
                if (c.containsKey(key)) {
                    values.add(c.get(key));
                    theory.add(c.get(theoryKey));
                }
            }
            assertEquals(values.size(), t.intColumn("n").get(i), key);
            assertEquals(2, t.intColumn("runs").get(i), key);
            double mean =
                    values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(mean, t.doubleColumn("slope_mean").get(i), 1e-12, key);
            assertEquals(
                    theory.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    t.doubleColumn("theory_exponent").get(i),
                    1e-12,
                    key);
            rowsChecked++;
        }
        // every fitted slope of every run is in exactly one row, and nothing else
        java.util.Set<String> keys = new java.util.TreeSet<>(), rows = new java.util.TreeSet<>();
        for (RunResult run : r.results())
            for (String k : run.checks().keySet()) if (k.startsWith("slope.")) keys.add(k);
        for (int i = 0; i < t.rowCount(); i++)
            rows.add("slope." + t.stringColumn("net").get(i) + "."
                    + t.stringColumn("analysis").get(i) + "."
                    + t.stringColumn("branch").get(i));
        assertEquals(keys, rows);
        assertEquals(t.rowCount(), rowsChecked);
        assertEquals(2 * t.rowCount(), EmergenceSlopes.of(r, r).rowCount()); // stacking sweeps of the same parameters
    }
}
