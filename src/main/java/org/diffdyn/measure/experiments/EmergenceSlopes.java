package org.diffdyn.measure.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.diffdyn.core.ParameterException;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.plot.Plots;
import org.diffdyn.sweep.SweepResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The fitted emergence exponents of a {@code network-emergence} sweep over seeds, one tidy row per net, analysis and
 * branch:
 * <pre>{@code
 * SweepResult r = sweep("network-emergence").over("net", "mlp", "cnn").over("seed", range(1, 5)).run();
 * Table t = EmergenceSlopes.of(r);      // net, analysis, patch, stride, branch, runs, failed, n, slope_mean, slope_sd,
 *                                       // ci95_low, ci95_high, theory_exponent, theory_sd, modes_mean, r2_mean
 * EmergenceSlopes.plot(t);              // measured exponent (mean ± 95 % interval) against the theory's
 * }</pre>
 * It reads the run checks {@code slope.<net>.<analysis>.<branch>}, {@code r2.*}, {@code modes.*} and
 * {@code theory-exponent.<analysis>.<branch>} that {@link NetworkEmergence} writes (analysis {@code image}, or
 * {@code patch<K>s<S>} for K×K patches at stride S). Groups are the net and branch read from the key plus every swept
 * parameter other than {@code seed} and {@code net} (e.g. {@code steps}). Per group: {@code runs} = runs of that net
 * in the group, {@code failed} = those that failed (their error is in {@link SweepResult#failures()}), {@code n} =
 * runs whose branch had a fit (a run where fewer than two modes crossed on a branch has none), and over those n runs
 * the mean, sd (n − 1) and Student-t 95 % interval of the slope ({@link SweepResult#aggregate}; missing for n &lt; 2),
 * the linear theory's exponent on the same empirical spectrum (mean and sd over the same runs: it varies only when
 * the training data do), and the mean number of modes and R² of the fits.
 */
public final class EmergenceSlopes {
    private EmergenceSlopes() {}

    private static final Pattern KEY = Pattern.compile(
            "(slope|r2|modes)\\.([a-z]+)\\.([a-z0-9]+)\\.([a-z]+)|theory-exponent\\.([a-z0-9]+)\\.([a-z]+)");
    private static final Pattern PATCH = Pattern.compile("patch(\\d+)s(\\d+)");

    /** The table of a sweep over {@code network-emergence} (see the class comment). */
    public static Table of(SweepResult sweep) {
        if (!sweep.experiment().equals("network-emergence"))
            throw new ParameterException(
                    "sweep",
                    sweep.experiment(),
                    "a sweep over network-emergence (its checks slope.<net>.<analysis>.<branch> are summarised)");
        return of(sweep.checks(), sweep.runs());
    }

    /**
     * The tables of several sweeps stacked, e.g. one per net when the nets need different settings (steps, batch,
     * samples); the sweeps must sweep the same parameters.
     */
    public static Table of(SweepResult first, SweepResult... more) {
        Table out = of(first);
        for (SweepResult s : more) {
            Table t = of(s);
            if (!t.columnNames().equals(out.columnNames()))
                throw new ParameterException(
                        "sweeps",
                        "columns " + t.columnNames(),
                        "sweeps over the same parameters as the first: " + out.columnNames());
            out.append(t);
        }
        return out;
    }

    /**
     * The same from a sweep's {@link SweepResult#checks() checks} table (columns run, the swept parameters, check,
     * value) and its {@link SweepResult#runs() runs} table (run, the swept parameters, status), e.g. read back from a
     * sweep's JSON.
     */
    public static Table of(Table checks, Table runs) {
        for (String c : List.of("run", "check", "value"))
            if (!checks.columnNames().contains(c))
                throw new ParameterException(
                        "checks", "columns " + checks.columnNames(), "a sweep's checks table with run, check, value");
        for (String c : List.of("run", "status"))
            if (!runs.columnNames().contains(c))
                throw new ParameterException(
                        "runs", "columns " + runs.columnNames(), "a sweep's runs table with run and status");
        List<String> groups = new ArrayList<>();
        for (String c : checks.columnNames())
            if (!List.of("run", "seed", "net", "check", "label", "value", "target")
                    .contains(c)) groups.add(c);
        boolean netSwept =
                checks.columnNames().contains("net") && runs.columnNames().contains("net");

        // per run: the group text, and its slopes / r2 / modes per (net, analysis, branch), theory per (analysis,
        // branch)
        Map<Integer, List<String>> groupOf = new LinkedHashMap<>();
        Map<Integer, Map<String, Double>> theoryOf = new LinkedHashMap<>();
        Map<List<String>, Fit> fits = new LinkedHashMap<>(); // group + net + analysis + branch -> values per run
        for (int i = 0; i < checks.rowCount(); i++) {
            Matcher m = KEY.matcher(checks.stringColumn("check").get(i));
            if (!m.matches()) continue;
            int run = ((Number) checks.column("run").get(i)).intValue();
            List<String> g = new ArrayList<>();
            for (String c : groups) g.add(checks.column(c).getString(i));
            groupOf.putIfAbsent(run, g);
            double v = ((Number) checks.column("value").get(i)).doubleValue();
            if (m.group(1) == null) {
                theoryOf.computeIfAbsent(run, k -> new LinkedHashMap<>()).put(m.group(5) + "." + m.group(6), v);
                continue;
            }
            List<String> key = new ArrayList<>(g);
            key.add(m.group(2));
            key.add(m.group(3));
            key.add(m.group(4));
            Fit f = fits.computeIfAbsent(key, k -> new Fit());
            f.value(m.group(1), run, v);
        }

        // runs and failures per group and net (every run of the group when net is not swept)
        Map<List<String>, int[]> runCounts = new LinkedHashMap<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            List<String> g = new ArrayList<>();
            boolean complete = true;
            for (String c : groups) {
                if (!runs.columnNames().contains(c)) {
                    complete = false;
                    break;
                }
                g.add(runs.column(c).getString(i));
            }
            if (!complete) continue;
            g.add(netSwept ? runs.column("net").getString(i) : "*");
            int[] rc = runCounts.computeIfAbsent(g, k -> new int[2]);
            rc[0]++;
            if (runs.stringColumn("status").get(i).equals("failed")) rc[1]++;
        }

        // one row per run and fit, then the aggregation of the sweep layer
        Table perRun = Table.create("fits");
        for (String c : groups) perRun.addColumns(StringColumn.create(c));
        StringColumn net = StringColumn.create("net"),
                analysis = StringColumn.create("analysis"),
                branch = StringColumn.create("branch"),
                key = StringColumn.create("key");
        DoubleColumn slope = DoubleColumn.create("slope");
        perRun.addColumns(net, analysis, branch, key, slope);
        for (Map.Entry<List<String>, Fit> e : fits.entrySet()) {
            List<String> k = e.getKey();
            for (Map.Entry<Integer, Double> s : e.getValue().slopes.entrySet()) {
                for (int c = 0; c < groups.size(); c++) perRun.stringColumn(c).append(k.get(c));
                int n = groups.size();
                net.append(k.get(n));
                analysis.append(k.get(n + 1));
                branch.append(k.get(n + 2));
                key.append(String.join("\u0000", k));
                slope.append(s.getValue());
            }
        }
        Table agg = SweepResult.aggregate(perRun, "slope", List.of("key"), "slopes");
        Map<String, Integer> aggRow = new LinkedHashMap<>();
        for (int i = 0; i < agg.rowCount(); i++)
            aggRow.put(agg.stringColumn("key").get(i), i);

        Table out = Table.create("network-emergence: emergence exponents over seeds");
        for (String c : groups) out.addColumns(StringColumn.create(c));
        StringColumn oNet = StringColumn.create("net"),
                oAnalysis = StringColumn.create("analysis"),
                oBranch = StringColumn.create("branch");
        IntColumn patch = IntColumn.create("patch"),
                stride = IntColumn.create("stride"),
                nRuns = IntColumn.create("runs"),
                failed = IntColumn.create("failed"),
                n = IntColumn.create("n");
        DoubleColumn mean = DoubleColumn.create("slope_mean"),
                sd = DoubleColumn.create("slope_sd"),
                lo = DoubleColumn.create("ci95_low"),
                hi = DoubleColumn.create("ci95_high"),
                theory = DoubleColumn.create("theory_exponent"),
                theorySd = DoubleColumn.create("theory_sd"),
                modes = DoubleColumn.create("modes_mean"),
                r2 = DoubleColumn.create("r2_mean");
        out.addColumns(
                oNet, oAnalysis, patch, stride, oBranch, nRuns, failed, n, mean, sd, lo, hi, theory, theorySd, modes,
                r2);
        List<List<String>> keys = new ArrayList<>(fits.keySet());
        keys.sort(EmergenceSlopes::compareKeys);
        for (List<String> k : keys) {
            Fit f = fits.get(k);
            int gs = groups.size();
            for (int c = 0; c < gs; c++) out.stringColumn(c).append(k.get(c));
            String a = k.get(gs + 1), b = k.get(gs + 2);
            oNet.append(k.get(gs));
            oAnalysis.append(a);
            Matcher pm = PATCH.matcher(a);
            if (pm.matches()) {
                patch.append(Integer.parseInt(pm.group(1)));
                stride.append(Integer.parseInt(pm.group(2)));
            } else {
                patch.appendMissing();
                stride.appendMissing();
            }
            oBranch.append(b);
            List<String> rk = new ArrayList<>(k.subList(0, gs));
            rk.add(netSwept ? k.get(gs) : "*");
            int[] rc = runCounts.getOrDefault(rk, new int[] {f.slopes.size(), 0});
            nRuns.append(rc[0]);
            failed.append(rc[1]);
            Integer row = aggRow.get(String.join("\u0000", k));
            if (row == null) {
                n.append(0);
                mean.appendMissing();
                sd.appendMissing();
                lo.appendMissing();
                hi.appendMissing();
            } else {
                n.append(agg.intColumn("n").get(row));
                mean.append(agg.doubleColumn("mean").get(row));
                sd.append(agg.doubleColumn("sd").get(row));
                lo.append(agg.doubleColumn("ci95_low").get(row));
                hi.append(agg.doubleColumn("ci95_high").get(row));
            }
            List<Double> th = new ArrayList<>();
            for (int run : f.slopes.keySet()) {
                Double t = theoryOf.getOrDefault(run, Map.of()).get(a + "." + b);
                if (t != null && Double.isFinite(t)) th.add(t);
            }
            double[] ts = meanSd(th);
            theory.append(ts[0]);
            theorySd.append(ts[1]);
            modes.append(meanSd(new ArrayList<>(f.modes.values()))[0]);
            r2.append(meanSd(new ArrayList<>(f.r2.values()))[0]);
        }
        return out;
    }

    /**
     * One column of the table per row (net, analysis, branch; the legend names them): the measured exponent (mean over
     * seeds, bar: its 95 % interval) as a marker and the linear theory's exponent on the same spectrum as a short line
     * at the same place.
     */
    public static Figure plot(Table slopes) {
        for (String c : List.of("net", "analysis", "branch", "slope_mean", "ci95_low", "ci95_high", "theory_exponent"))
            if (!slopes.columnNames().contains(c))
                throw new ParameterException(
                        "slopes", "columns " + slopes.columnNames(), "a table made by EmergenceSlopes.of");
        StringColumn series = StringColumn.create("series");
        DoubleColumn x = DoubleColumn.create("row"),
                y = DoubleColumn.create("measured"),
                half = DoubleColumn.create("ci95_half"),
                theory = DoubleColumn.create("theory");
        for (int i = 0; i < slopes.rowCount(); i++) {
            StringBuilder name = new StringBuilder();
            for (String c : slopes.columnNames()) { // group columns (other swept parameters) come before net
                if (c.equals("net")) break;
                name.append(c).append('=').append(slopes.column(c).getString(i)).append(' ');
            }
            name.append(slopes.stringColumn("net").get(i) + " "
                    + slopes.stringColumn("analysis").get(i) + " "
                    + slopes.stringColumn("branch").get(i));
            double m = slopes.doubleColumn("slope_mean").getDouble(i),
                    t = slopes.doubleColumn("theory_exponent").getDouble(i),
                    h =
                            (slopes.doubleColumn("ci95_high").getDouble(i)
                                            - slopes.doubleColumn("ci95_low").getDouble(i))
                                    / 2;
            series.append(name.toString());
            x.append(i + 1);
            y.append(Double.isFinite(m) ? m : Double.NaN);
            half.append(Double.isFinite(h) ? h : Double.NaN);
            theory.appendMissing();
            if (Double.isFinite(t))
                for (double dx : new double[] {-0.3, 0.3}) {
                    series.append(name.toString());
                    x.append(i + 1 + dx);
                    y.appendMissing();
                    half.appendMissing();
                    theory.append(t);
                }
        }
        Table t = Table.create("emergence exponents", series, x, y, half, theory);
        return Plots.figure(
                t,
                PlotSpec.of(
                                "Emergence exponent b (step* ~ lambda^b): mean over seeds with its 95 % interval "
                                        + "(markers) and the linear theory's on the same spectrum (lines)",
                                "row")
                        .markers("measured")
                        .lines("theory")
                        .errors("ci95_half")
                        .groupBy("series")
                        .labels("row of the table (net, analysis, branch)", "exponent b"));
    }

    /** Values of one fit key per run. */
    private static final class Fit {
        final Map<Integer, Double> slopes = new LinkedHashMap<>(),
                r2 = new LinkedHashMap<>(),
                modes = new LinkedHashMap<>();

        void value(String kind, int run, double v) {
            switch (kind) {
                case "slope" -> {
                    if (Double.isFinite(v)) slopes.put(run, v);
                }
                case "r2" -> r2.put(run, v);
                default -> modes.put(run, v);
            }
        }
    }

    /** Group columns as given, then net, image before patches (by size), increase before decrease. */
    private static int compareKeys(List<String> a, List<String> b) {
        int n = a.size();
        for (int i = 0; i < n - 3; i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        int c = a.get(n - 3).compareTo(b.get(n - 3));
        if (c != 0) return c;
        c = Integer.compare(analysisOrder(a.get(n - 2)), analysisOrder(b.get(n - 2)));
        if (c != 0) return c;
        c = a.get(n - 2).compareTo(b.get(n - 2));
        if (c != 0) return c;
        return -a.get(n - 1).compareTo(b.get(n - 1)); // increase, decrease
    }

    private static int analysisOrder(String a) {
        Matcher m = PATCH.matcher(a);
        return m.matches() ? Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2)) : -1;
    }

    /** {mean, sd} of the finite values (the sweep's statistics; NaN where there are too few). */
    private static double[] meanSd(List<Double> xs) {
        List<Double> v = new ArrayList<>();
        for (Double x : xs) if (x != null && Double.isFinite(x)) v.add(x);
        double[] s = SweepResult.Stats.meanSdInterval(v);
        return new double[] {s[0], s[1]};
    }
}
