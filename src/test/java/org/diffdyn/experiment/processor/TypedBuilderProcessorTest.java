package org.diffdyn.experiment.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles small experiments with the processor and reads what it generates (or the error it reports). */
class TypedBuilderProcessorTest {
    @TempDir
    Path dir;

    private static final String HEADER =
            "package p;\nimport org.diffdyn.experiment.*;\nimport org.diffdyn.core.progress.Progress;\n";
    private static final String BODY =
            "  public Spec spec() { return Spec.of(\"x\", Paper.USER, \"t\", \"d\", XBuilder.declaredParams()); }\n"
                    + "  public void run(Params p, ExperimentResult.Builder r, Progress pr) {}\n}\n";

    private record Compiled(boolean ok, String diagnostics) {}

    private Compiled compile(String source) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/p")).resolve("X.java");
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
            var task = javac.getTask(
                    new StringWriter(),
                    fm,
                    diags,
                    List.of(
                            "-classpath",
                            System.getProperty("java.class.path"),
                            "-d",
                            out.toString(),
                            "-s",
                            out.toString()),
                    null,
                    fm.getJavaFileObjects(src));
            task.setProcessors(List.of(new TypedBuilderProcessor()));
            boolean ok = task.call();
            return new Compiled(ok, diags.getDiagnostics().toString());
        }
    }

    @Test
    void oneSetterPerParamFieldByTheKeyRule() throws Exception {
        Compiled c = compile(HEADER + "@TypedBuilder\npublic final class X implements Experiment {\n"
                + "  static final Param<Double> LOG10_TAU_FROM = Param.real(\"log10-tau-from\", 0, -5, 5, \"d\");\n"
                + "  static final Param<Integer> POINTS = Param.integer(\"points\", 3, 2, 9, \"d\");\n"
                + "  static final Param<double[]> LAMBDAS = Param.reals(\"lambdas\", new double[] {1}, 0, 9, true, \"d\");\n"
                + "  static final Param<Paper> PAPER = Param.choice(\"paper\", Paper.A, \"d\");\n"
                + "  static final int NOT_A_PARAM = 3;\n"
                + BODY);
        assertTrue(c.ok(), c.diagnostics());
        String gen = Files.readString(dir.resolve("out/p/XBuilder.java"));
        assertTrue(gen.contains("public XBuilder log10TauFrom(double value)"), gen);
        assertTrue(gen.contains("public XBuilder points(int value)"), gen);
        assertTrue(gen.contains("public XBuilder lambdas(double... value)"), gen);
        assertTrue(gen.contains("public XBuilder paper(org.diffdyn.experiment.Paper value)"), gen);
        assertTrue(gen.contains("public XBuilder paper(String text)"), "a choice also takes its text form: " + gen);
        assertFalse(gen.contains("points(String"), gen);
        assertFalse(gen.contains("notAParam"), gen);
        assertTrue(gen.contains("List.of(X.LOG10_TAU_FROM, X.POINTS, X.LAMBDAS, X.PAPER)"), gen);
    }

    @Test
    void mixinsAndBaseAreApplied() throws Exception {
        Compiled c = compile(
                HEADER + "@TypedBuilder(mixins = TauRange.class)\npublic final class X implements Experiment {\n"
                        + "  static final Param<Double> LOG10_TAU_FROM = Param.real(\"log10-tau-from\", 0, -5, 5, \"d\");\n"
                        + "  static final Param<Double> LOG10_TAU_TO = Param.real(\"log10-tau-to\", 1, -5, 5, \"d\");\n"
                        + "  static final Param<Integer> POINTS = Param.integer(\"points\", 3, 2, 9, \"d\");\n"
                        + BODY);
        assertTrue(c.ok(), c.diagnostics());
        String gen = Files.readString(dir.resolve("out/p/XBuilder.java"));
        assertTrue(gen.contains("implements org.diffdyn.experiment.TauRange<XBuilder>"), gen);
    }

    @Test
    void aFieldNotNamedByItsKeyRuleIsACompileError() throws Exception {
        Compiled c = compile(HEADER + "@TypedBuilder\npublic final class X implements Experiment {\n"
                + "  static final Param<Double> tauFrom = Param.real(\"log10-tau-from\", 0, -5, 5, \"d\");\n"
                + BODY);
        assertFalse(c.ok());
        assertTrue(c.diagnostics().contains("must be the key in upper snake case"), c.diagnostics());
    }

    @Test
    void aDslClassGetsOneEntryPerExperimentNamedBySpecRule() throws Exception {
        Compiled c = compile(HEADER + "@TypedBuilder\npublic final class X implements Experiment {\n"
                + "  static final Param<Integer> POINTS = Param.integer(\"points\", 3, 2, 9, \"d\");\n"
                + "  public static final Spec SPEC = Spec.of(\"ratio-sweep\", Paper.USER, \"A \" + \"title\", \"d\",\n"
                + "      XBuilder.declaredParams()).seed(1);\n"
                + "  public void run(Params p, ExperimentResult.Builder r, Progress pr) {}\n}\n"
                + "@Dsl final class PDsl extends PDslEntries {}\n");
        assertTrue(c.ok(), c.diagnostics());
        String gen = Files.readString(dir.resolve("out/p/PDslEntries.java"));
        assertTrue(gen.contains("public abstract class PDslEntries"), gen);
        assertTrue(gen.contains("public static XBuilder ratioSweep() {"), gen);
        assertTrue(gen.contains("{@code ratio-sweep}: A title"), gen);
    }

    @Test
    void aDslClassMustExtendItsEntriesAndItsExperimentsNeedALiteralName() throws Exception {
        Compiled c = compile(HEADER + "@TypedBuilder\npublic final class X implements Experiment {\n"
                + "  static final String NAME = \"x\";\n"
                + "  public static final Spec SPEC = Spec.of(NAME, Paper.USER, \"t\", \"d\", XBuilder.declaredParams());\n"
                + "  public void run(Params p, ExperimentResult.Builder r, Progress pr) {}\n}\n"
                + "@Dsl final class PDsl {}\n");
        assertFalse(c.ok());
        assertTrue(c.diagnostics().contains("must declare 'extends PDslEntries'"), c.diagnostics());
        assertTrue(c.diagnostics().contains("a DSL entry needs"), c.diagnostics());
    }

    @Test
    void camelCaseRule() {
        assertEquals("log10TauFrom", TypedBuilderProcessor.camel("LOG10_TAU_FROM"));
        assertEquals("t0", TypedBuilderProcessor.camel("T0"));
        assertEquals("d", TypedBuilderProcessor.camel("D"));
    }
}
