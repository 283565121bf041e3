package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.plot.PlotSpec;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** The v2 experiment API (issue #11): enum choices, text, Spec, typed builders, named plots, keyed checks, registration. */
class ExperimentApiTest {
    enum Model {
        ONE_LAYER,
        TWO_LAYER,
        EXACT_1D
    }

    static final Param<Integer> D = Param.integer("d", 4, 1, 100, "dimension");
    static final Param<Double> RATIO_MAX = Param.realAbove("ratio-max", 2, 0, 10, "largest ratio");
    static final Param<Model> MODEL = Param.choice("model", Model.TWO_LAYER, "denoiser");
    static final Param<String> SOURCE = Param.text("source", "builtin", "data source");

    /** A complete v2 experiment, written as the contract in COMMON.md shows. */
    static final class Square implements Experiment {
        static final Spec SPEC = Spec.of(
                        "square-test",
                        Paper.A,
                        "squares",
                        "squares d times the ratio; test fixture",
                        D,
                        RATIO_MAX,
                        MODEL,
                        SOURCE)
                .seed(7);

        @Override
        public Spec spec() {
            return SPEC;
        }

        @Override
        public void run(Params p, ExperimentResult.Builder result, Progress progress) {
            double v = p.get(D) * p.get(RATIO_MAX);
            Table t = Table.create(
                    "t", DoubleColumn.create("x", new double[] {1, 2}), DoubleColumn.create("y", new double[] {v, v * v
                    }));
            result.table(t)
                    .plot("square", PlotSpec.of("square", "x").lines("y"))
                    .plot("square-log", PlotSpec.of("square", "x").lines("y").logY())
                    .check("value", "d * ratio", v)
                    .check("value.squared.model-" + Names.kebab(p.get(MODEL)), "(d * ratio)^2", v * v, "<= 1e4");
        }

        @Override
        public Builder builder() {
            return new Builder();
        }

        static final class Builder extends ExperimentBuilder<Builder> {
            Builder() {
                super(new Square());
            }

            Builder d(int d) {
                return set(D, d);
            }

            Builder ratioMax(double r) {
                return set(RATIO_MAX, r);
            }

            Builder model(Model m) {
                return set(MODEL, m);
            }

            Builder source(String s) {
                return set(SOURCE, s);
            }
        }
    }

    @Test
    void namingRule() {
        assertEquals("ratioMax", Names.camel("ratio-max"));
        assertEquals("log10TauFrom", Names.camel("log10-tau-from"));
        assertEquals("d", Names.camel("d"));
        assertEquals("two-layer", Names.kebab(Model.TWO_LAYER));
        assertEquals("exact-1d", Names.kebab(Model.EXACT_1D));
        assertTrue(Names.isKebab("log10-tau-from"));
        assertFalse(Names.isKebab("tauMax"));
        assertFalse(Names.isKebab("T"));
        assertFalse(Names.isKebab("a--b"));
        assertTrue(Names.isCheckKey("slope.one-layer.geometric.increase"));
        assertFalse(Names.isCheckKey("slope one-layer"));
        assertFalse(Names.isCheckKey("slope..x"));
        assertEquals("ratioMax", RATIO_MAX.setterName());
    }

    @Test
    void enumChoiceParsesFormatsValidates() {
        assertEquals(List.of("one-layer", "two-layer", "exact-1d"), MODEL.choices());
        assertEquals(Model.ONE_LAYER, MODEL.parse("one-layer"));
        assertEquals(Model.EXACT_1D, MODEL.parse(" EXACT_1D "));
        assertEquals("two-layer", MODEL.format(Model.TWO_LAYER));
        assertEquals("one of one-layer, two-layer, exact-1d", MODEL.range());
        assertEquals(Param.Kind.CHOICE, MODEL.kind());
        assertSame(Model.class, MODEL.enumType());
        ParameterException e = assertThrows(ParameterException.class, () -> MODEL.parse("three-layer"));
        assertTrue(
                e.getMessage().contains("'model'")
                        && e.getMessage().contains("three-layer")
                        && e.getMessage().contains("one-layer, two-layer, exact-1d"),
                e.getMessage());
        assertThrows(ParameterException.class, () -> MODEL.validate(Thread.State.NEW)); // another enum
        assertThrows(ParameterException.class, () -> MODEL.validate(3));
        assertEquals(Model.ONE_LAYER, MODEL.validate("one-layer")); // the generic builder may pass text
    }

    @Test
    void textParam() {
        assertEquals("a b=c", SOURCE.parse("a b=c"));
        assertEquals("any text", SOURCE.range());
        assertThrows(ParameterException.class, () -> SOURCE.validate(null));
        assertThrows(ParameterException.class, () -> SOURCE.validate(5));
    }

    @Test
    void specDeclaresOnceAndTheFrameworkOwnsTheSeed() {
        Square e = new Square();
        assertEquals("square-test", e.name());
        assertEquals("A", e.paper());
        assertEquals(Paper.A, e.spec().paper());
        assertEquals("squares", e.title());
        assertEquals(
                List.of("d", "ratio-max", "model", "source", "seed"),
                e.params().stream().map(Param::key).toList());
        assertEquals(7L, e.builder().params().seed());
        assertEquals( // declared or not, the seed is the last parameter, default 1 unless seed(def) sets another
                List.of("d", "ratio-max", "seed"),
                Spec.of("x", Paper.B, "", "", D).with(RATIO_MAX).params().stream()
                        .map(Param::key)
                        .toList());
        assertEquals(1L, Spec.of("x", Paper.B, "", "", D).param("seed").defaultValue());
        assertEquals(
                List.of("d", "seed"),
                Spec.of("x", Paper.B, "", "", D).seed(1).seed(2).params().stream()
                        .map(Param::key)
                        .toList());
        assertEquals(
                2L,
                Spec.of("x", Paper.B, "", "", D).seed(1).seed(2).params().get(1).defaultValue());
        assertThrows(
                IllegalArgumentException.class,
                () -> Spec.of("x", Paper.B, "", "", Param.integer("tauMax", 1, 0, 2, "")));
        assertThrows(IllegalArgumentException.class, () -> Spec.of("x", Paper.B, "", "", D, D));
        assertThrows(IllegalArgumentException.class, () -> Spec.of("MyExp", Paper.B, "", ""));
        assertThrows(ParameterException.class, () -> e.spec().param("nope"));
        assertSame(D, e.spec().param("d"));
    }

    @Test
    void typedBuilderAndNamedResults() {
        ExperimentResult r = new Square()
                .builder()
                .d(3)
                .ratioMax(2.5)
                .model(Model.ONE_LAYER)
                .source("x")
                .seed(11)
                .run();
        assertEquals(7.5, r.check("value"));
        assertEquals(56.25, r.check("value.squared.model-one-layer"));
        assertEquals(
                List.of("value", "value.squared.model-one-layer"),
                List.copyOf(r.checks().keySet()));
        assertEquals(List.of("square", "square-log"), r.plotNames());
        assertTrue(r.plotSpec("square-log") != r.plotSpec("square"));
        assertTrue(r.plot("square") != null);
        ParameterException unknown = assertThrows(ParameterException.class, () -> r.check("valu"));
        assertTrue(unknown.getMessage().contains("value, value.squared.model-one-layer"), unknown.getMessage());
        ParameterException noPlot = assertThrows(ParameterException.class, () -> r.plot("variance"));
        assertTrue(noPlot.getMessage().contains("square, square-log"), noPlot.getMessage());
        Table ct = r.checksTable();
        assertEquals(List.of("key", "label", "value", "target"), ct.columnNames());
        assertEquals(2, ct.rowCount());
        assertEquals("", ct.stringColumn("target").get(0));
        assertEquals("<= 1e4", ct.stringColumn("target").get(1));
        assertEquals("(d * ratio)^2", ct.stringColumn("label").get(1));
        assertEquals(
                "d=3, ratio-max=2.5, model=one-layer, source=x, seed=11",
                r.params().toString());
        assertEquals(11L, r.table().longColumn("seed").get(0));
        assertTrue(r.summary().contains("(target <= 1e4)"), r.summary());
        // magic/CLI path: text options on the generic builder
        ExperimentResult g = new Square()
                .builder()
                .parse("model", "exact-1d")
                .parse("ratio-max", "1")
                .run();
        assertEquals(16.0, g.check("value.squared.model-exact-1d"));
        assertThrows(ParameterException.class, () -> new Square().builder().parse("ratioMax", "1"));
    }

    @Test
    void resultBuilderRejectsMalformedNamesAndDuplicates() {
        Params p = Params.builder(Square.SPEC.params()).build();
        var b = ExperimentResult.builder(new Square(), p);
        assertThrows(IllegalArgumentException.class, () -> b.plot("Variance", PlotSpec.of("v", "x")));
        assertThrows(IllegalArgumentException.class, () -> b.check("max |a-b|", "label", 1));
        b.check("a.b", "x", 1);
        assertThrows(IllegalArgumentException.class, () -> b.check("a.b", "y", 2));
        b.plot("p", PlotSpec.of("v", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.plot("p", PlotSpec.of("v", "x")));
    }

    @Test
    void userDefinedExperimentRegistersAndRuns() {
        Param<Integer> n = Param.integer("n", 3, 1, 50, "terms");
        Experiment mine = Experiment.of("my-harmonic-test", List.of(n), (p, result, pr) -> {
            assertEquals("my-harmonic-test", p.experiment()); // the builder names the experiment its values are for
            double[] h = new double[p.get(n)];
            for (int i = 0; i < h.length; i++) h[i] = (i == 0 ? 0 : h[i - 1]) + 1.0 / (i + 1);
            result.table(Table.create("h", DoubleColumn.create("harmonic", h)))
                    .check("harmonic.last", "H_n", h[h.length - 1]);
        });
        assertEquals(Paper.USER, mine.spec().paper());
        assertEquals("user", mine.paper());
        assertEquals(
                List.of("n", "seed"), mine.params().stream().map(Param::key).toList());
        try {
            Registry.register(mine);
            assertSame(mine, Registry.get("my-harmonic-test"));
            assertTrue(Registry.all().contains(mine));
            assertTrue(Registry.list().stringColumn("experiment").contains("my-harmonic-test"));
            assertEquals(2, Registry.describe("my-harmonic-test").rowCount());
            ExperimentResult r =
                    Registry.get("my-harmonic-test").builder().parse("n", "4").run();
            assertEquals(1 + 0.5 + 1.0 / 3 + 0.25, r.check("harmonic.last"), 1e-15);
            Registry.register(mine); // re-running the defining cell replaces, does not fail
            ParameterException taken = assertThrows(
                    ParameterException.class,
                    () -> Registry.register(Experiment.of("weight-relaxation", List.of(), (p, out, pr) -> {})));
            assertTrue(taken.getMessage().contains("built-in"), taken.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Experiment.of("My Exp", List.of(), (p, out, pr) -> {}));
        } finally {
            assertTrue(Registry.unregister("my-harmonic-test"));
        }
        assertThrows(ParameterException.class, () -> Registry.get("my-harmonic-test"));
    }

    @Test
    void paperLabels() {
        assertEquals(Paper.DATA, Paper.of("core"));
        assertEquals(Paper.B, Paper.of("b"));
        assertEquals("data", Paper.DATA.label());
        assertEquals("C", Paper.C.label());
        assertThrows(ParameterException.class, () -> Paper.of("E"));
    }

    @Test
    void specIsTheClassConstantOrAClearError() {
        assertSame(
                org.diffdyn.generalization.experiments.LossVsN.SPEC,
                new org.diffdyn.generalization.experiments.LossVsN().spec());
        Experiment undeclared = (p, result, progress) -> {};
        IllegalStateException e = assertThrows(IllegalStateException.class, undeclared::spec);
        assertTrue(e.getMessage().contains("public static final Spec SPEC"), e.getMessage());
    }
}
