package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel in-process, without Jupyter sockets: evaluation, errors, magics, editing help, interrupts. */
class DiffdynKernelTest {

    static DiffdynKernel kernel;

    @BeforeAll
    static void start() {
        kernel = DiffdynKernel.create(true);
        // Surefire hides the classpath in a manifest jar; JShell's compiler needs the real entries.
        String cp = System.getProperty("surefire.test.class.path");
        if (cp != null) kernel.addToClasspath(cp);
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    private static CellFailure failure(String code) {
        RuntimeException ex = assertThrows(RuntimeException.class, () -> kernel.evalCell(code));
        return kernel.describe(ex);
    }

    @Test
    void lastExpressionIsTheLiveValue() {
        assertEquals(5, kernel.evalRaw("int x5 = 2 + 3;\nx5"));
        assertEquals(10, kernel.evalRaw("x5 * 2"));
        assertNull(kernel.evalRaw("int unused = 1;"));
        Object list = kernel.evalRaw("new java.util.ArrayList<>(List.of(1, 2))");
        assertInstanceOf(java.util.ArrayList.class, list);
    }

    @Test
    void trailingSemicolonSuppressesTheCellResult() {
        var text = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN;
        assertEquals(
                "true",
                kernel.evalCell("List<Integer> li = new ArrayList<>();\nli.add(3)")
                        .getData(text));
        assertNull(kernel.evalCell("li.add(4);"));
        assertNull(kernel.evalCell("li.add(5); // a comment"));
        assertEquals("3", kernel.evalCell("li.size() // no semicolon").getData(text));
        // nested evaluation (what a cell magic does with its body) still returns the value
        assertEquals(true, kernel.evalRaw("li.add(6);"));
    }

    @Test
    void compileErrorsCarryTheJavacDiagnosticAndCellLine() {
        CellFailure f = failure("int a1 = 1;\nint b1 = nope + a1;");
        assertEquals("CompilationException", f.ename);
        assertEquals("cannot find symbol", f.evalue);
        String tb = String.join("\n", f.traceback);
        assertTrue(tb.contains("line 2"), tb);
        assertTrue(tb.contains("int b1 = nope + a1;"), tb);
        assertTrue(tb.contains("symbol:   variable nope"), tb);
    }

    @Test
    void runtimeErrorsNameTheRealExceptionWithCleanFrames() {
        kernel.evalRaw("void boom() { throw new IllegalStateException(\"boom\"); }");
        CellFailure f = failure("int before = 1;\nboom();");
        assertEquals("java.lang.IllegalStateException", f.ename);
        assertEquals("boom", f.evalue);
        String tb = String.join("\n", f.traceback);
        assertTrue(tb.contains("at boom (cell"), tb);
        assertTrue(tb.contains("at cell code (cell"), tb);
        assertTrue(!tb.contains("jdk.jshell") && !tb.contains("org.diffdyn.kernel") && !tb.contains("reflect"), tb);
        assertEquals(1, kernel.evalRaw("before"), "declarations before the error survive");
    }

    @Test
    void errorsThatAreNotExceptionsAreReported() {
        CellFailure f = failure("throw new AssertionError(\"nope\");");
        assertEquals("java.lang.AssertionError", f.ename);
        assertEquals("nope", f.evalue);
    }

    @Test
    void interruptStopsSleepAndDoesNotPoisonTheNextCell() throws Exception {
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                kernel.evalCell("Thread.sleep(60000);");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long t0 = System.nanoTime();
        Throwable t = null;
        while (t == null && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(100);
            kernel.interrupt();
            t = run.getNow(null);
        }
        t = run.get(30, TimeUnit.SECONDS);
        assertEquals("java.lang.InterruptedException", kernel.describe(t).ename);
        kernel.interrupt(); // between cells: ignored
        assertEquals(
                "7",
                kernel.evalCell("Thread.sleep(5); 7")
                        .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
    }

    @Test
    void completionCoversJavaAndMagicNames() {
        assertTrue(kernel.complete("Math.sq", 7).getReplacements().contains("sqrt("));
        var magic = kernel.complete("%classp", 7);
        assertEquals(java.util.List.of("%classpath"), magic.getReplacements());
        assertEquals(0, magic.getSourceStart());
        var second = kernel.complete("int q = 1;\nSystem.curr", 22);
        assertEquals(java.util.List.of("currentTimeMillis()"), second.getReplacements());
        assertEquals(18, second.getSourceStart());
    }

    @Test
    void isCompleteAndInspect() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int z = 1;"));
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals(BaseKernel.IS_COMPLETE_BAD, kernel.isComplete("int z = ;"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("%%echo\nanything {"));
        Object doc = kernel.inspect("Math.max", 8, false)
                .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        assertTrue(String.valueOf(doc).contains("Math.max(int a, int b)"), String.valueOf(doc));
    }

    @Test
    void classpathMagicLoadsExtensionsThroughTheSnippetLoader(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("ext-1.jar");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/org.dflib.jjava.jupyter.Extension"));
            j.write(RecordingExtension.class.getName().getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        int before = RecordingExtension.installs;
        kernel.evalRaw("%classpath " + dir + "/*.jar");
        assertEquals(before + 1, RecordingExtension.installs);
        assertTrue(kernel.getAddedClasspath().contains(jar.toAbsolutePath().normalize()));
        // the cell magic registered by the extension returns its value as the cell result (no ;{}; discard)
        assertEquals("echo[a,b]:hello", kernel.evalRaw("%%echo a b\nhello"));
    }

    @Test
    void unknownClasspathEntriesAreReported() {
        CellFailure f = failure("%classpath /nonexistent-diffdyn/*.jar");
        assertEquals("java.lang.IllegalArgumentException", f.ename);
        assertTrue(f.evalue.contains("nothing matches"), f.evalue);
    }

    /** Re-running cells does not keep replaced values: the same declaration again, a new one, old $N temporaries. */
    @Test
    void rerunsReleaseReplacedValues() {
        kernel.evalCell("var big = new byte[1 << 20]; big.length;");
        kernel.evalCell("var big = new byte[1 << 20]; big.length;"); // same source: same wrapper class, still set
        assertEquals(1 << 20, kernel.evalRaw("big.length"));
        kernel.evalCell("Object held = new StringBuilder(\"first\");");
        Object first = kernel.evalRaw("held");
        var ref = new java.lang.ref.WeakReference<>(first);
        first = null;
        kernel.evalCell("Object held = new StringBuilder(\"second\");"); // new wrapper class: old field cleared
        assertEquals("second", kernel.evalRaw("held").toString());
        for (int i = 0; i < 5 && ref.get() != null; i++) System.gc();
        assertNull(ref.get(), "the replaced value is still reachable");

        // An expression statement leaves a $N temporary: usable in the next cell, gone after it ...
        kernel.evalCell("new StringBuilder(\"temp\");");
        String temp = lastTemporary();
        assertEquals("temp", kernel.evalRaw(temp + ".toString()"));
        kernel.evalCell("int other = 1;");
        CellFailure gone = failure(temp + ".toString()");
        assertEquals("CompilationException", gone.ename);
        // ... unless a later snippet refers to it by name.
        kernel.evalCell("new StringBuilder(\"kept\");");
        String kept = lastTemporary();
        kernel.evalCell("var keeper = " + kept + ";");
        kernel.evalCell("int other2 = 2;");
        kernel.evalCell("int other3 = 3;");
        assertEquals("kept", kernel.evalRaw("keeper.toString()"));
        assertEquals("kept", kernel.evalRaw(kept + ".toString()"));
    }

    private static String lastTemporary() {
        String name = kernel.lastTemporaryName();
        assertTrue(name != null && name.startsWith("$"), name);
        return name;
    }
}
