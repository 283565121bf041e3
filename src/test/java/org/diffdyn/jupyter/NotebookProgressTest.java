package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.diffdyn.core.progress.CancelledException;
import org.junit.jupiter.api.Test;

class NotebookProgressTest {

    static final class Recorder implements NotebookProgress.Sink {
        final List<DisplayData> shown = new ArrayList<>();
        final List<String> updatedIds = new ArrayList<>();
        final List<DisplayData> updates = new ArrayList<>();

        @Override
        public void display(DisplayData data) {
            shown.add(data);
        }

        @Override
        public void update(String id, DisplayData data) {
            updatedIds.add(id);
            updates.add(data);
        }
    }

    @Test
    void showsOnceThenUpdatesInPlaceUnderTheSameId() {
        Recorder r = new Recorder();
        NotebookProgress p = new NotebookProgress(r, 0, 0);
        p.start("train", 10);
        for (int i = 1; i <= 10; i++) p.advance(i);
        p.finish();
        assertEquals(1, r.shown.size());
        String id = r.shown.get(0).getDisplayId();
        assertNotNull(id);
        assertEquals(11, r.updates.size(), "10 advances + finish, no throttling at 0 ms");
        assertTrue(r.updatedIds.stream().allMatch(id::equals));
        String html = String.valueOf(r.updates.get(r.updates.size() - 1).getData(MIMEType.TEXT_HTML));
        assertTrue(
                html.contains("<progress max=\"10\" value=\"10\"") && html.contains("100%") && html.contains("train"),
                html);
        assertTrue(String.valueOf(r.updates.get(4).getData(MIMEType.TEXT_PLAIN)).contains("5/10"));
    }

    @Test
    void throttlesToTheInterval() {
        Recorder r = new Recorder();
        NotebookProgress p = new NotebookProgress(r, NotebookProgress.MIN_INTERVAL_MILLIS, 0);
        p.start("fast loop", 1_000_000);
        long t0 = System.nanoTime();
        for (int i = 1; i <= 1_000_000; i++) p.advance(i);
        double seconds = (System.nanoTime() - t0) / 1e9;
        p.finish();
        int maxUpdates = (int) Math.floor(seconds * 1000 / NotebookProgress.MIN_INTERVAL_MILLIS) + 1;
        assertTrue(r.updates.size() <= maxUpdates + 1, r.updates.size() + " updates in " + seconds + " s");
        assertTrue(
                String.valueOf(r.updates.get(r.updates.size() - 1).getData(MIMEType.TEXT_HTML))
                        .contains("100%"),
                "finish always draws");
    }

    @Test
    void newTaskNewBar() {
        Recorder r = new Recorder();
        NotebookProgress p = new NotebookProgress(r, 0, 0);
        p.start("a", 2);
        p.finish();
        p.start("b", 2);
        p.finish();
        assertEquals(2, r.shown.size());
        assertTrue(!r.shown.get(0).getDisplayId().equals(r.shown.get(1).getDisplayId()));
    }

    @Test
    void interruptCancelsAndMarksTheBar() throws Exception {
        Recorder r = new Recorder();
        NotebookProgress p = new NotebookProgress(r, 10_000, 0);
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(() -> {
            p.start("long", 0);
            try {
                for (long i = 1; ; i++) p.advance(i);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        worker.start();
        Thread.sleep(50);
        worker.interrupt();
        worker.join(5000);
        assertTrue(!worker.isAlive());
        assertTrue(thrown[0] instanceof CancelledException, String.valueOf(thrown[0]));
        DisplayData last = r.updates.get(r.updates.size() - 1);
        assertTrue(String.valueOf(last.getData(MIMEType.TEXT_HTML)).contains("interrupted"));
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancelledException.class, () -> new NotebookProgress(new Recorder(), 0, 0).start("x", 1));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void quickTasksLeaveNoBarSlowOnesDo() throws Exception {
        Recorder r = new Recorder();
        NotebookProgress p = new NotebookProgress(r, 0, 200);
        p.start("quick", 3);
        p.advance(1);
        p.advance(3);
        p.finish();
        assertEquals(0, r.shown.size() + r.updates.size(), "nothing published for a task under 200 ms");
        p.start("slow", 3);
        p.advance(1);
        Thread.sleep(250);
        p.advance(2);
        p.finish();
        assertEquals(1, r.shown.size(), "shown once the task passed 200 ms");
        assertEquals(1, r.updates.size(), "then updated in place (finish)");
        assertTrue(String.valueOf(r.shown.get(0).getData(MIMEType.TEXT_PLAIN)).contains("2/3"));
    }
}
