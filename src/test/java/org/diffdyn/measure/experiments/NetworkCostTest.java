package org.diffdyn.measure.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@code network-cost}: warm-up untimed, exactly {@code steps} steps timed, the same network as network-emergence. */
class NetworkCostTest {
    @Test
    void timesTheStepsAfterTheWarmUpOnTheNetworkOfNetworkEmergence() {
        List<String> phases = new ArrayList<>();
        Progress recorder = new Progress() {
            @Override
            public void start(String task, long total) {
                if (task.startsWith("training")) phases.add(task + " / " + total);
            }

            @Override
            public void advance(long done) {}

            @Override
            public void finish() {}
        };
        String data = "gaussian?d=16&spectrum=powerlaw&k=1";
        ExperimentResult r = NetworksDsl.networkCost()
                .net("mlp")
                .data(data)
                .trainSize(100)
                .width(16)
                .depth(2)
                .batch(8)
                .warmup(2)
                .steps(3)
                .threads(1)
                .progress(recorder)
                .run();
        assertEquals(List.of("training MlpUNet: steps 1..2 / 2", "training MlpUNet: steps 3..5 / 3"), phases);
        Table t = r.table();
        assertEquals(1, t.rowCount());
        double perStep = t.doubleColumn("seconds_per_step").get(0);
        assertTrue(perStep > 0 && perStep < 10, "seconds per step " + perStep);
        assertEquals(perStep * 1000, r.check("seconds-per-1000-steps"), 1e-9);
        assertEquals(8 / perStep, r.check("images-per-second"), 1e-9);
        assertEquals(3, t.intColumn("steps").get(0));
        assertEquals(8, t.intColumn("batch").get(0));
        // the same network as network-emergence builds from the same options
        ExperimentResult em = NetworksDsl.networkEmergence()
                .net("mlp")
                .data(data)
                .trainSize(100)
                .width(16)
                .depth(2)
                .batch(8)
                .steps(2)
                .checkpoints(2)
                .samples(10)
                .threads(1)
                .progress(Progress.NONE)
                .run();
        assertEquals(em.check("parameters"), r.check("parameters"));
        assertEquals((long) r.check("parameters"), t.longColumn("parameters").get(0));
    }

    @Test
    void cnnNeedsImageData() {
        ParameterException e = assertThrows(ParameterException.class, () -> NetworksDsl.networkCost()
                .net("cnn")
                .data("gaussian?d=15&spectrum=powerlaw&k=1")
                .progress(Progress.NONE)
                .run());
        assertTrue(e.getMessage().contains("net"), e.getMessage());
    }

    @Test
    void hasNoCheckpointOptionNorSetterButTheTrainingExperimentsDo() {
        assertTrue(new NetworkCost().params().stream().noneMatch(q -> q.key().equals("checkpoint-dir")));
        assertTrue(java.util.Arrays.stream(NetworkCostBuilder.class.getMethods())
                .noneMatch(m -> m.getName().equals("checkpointDir")));
        for (Class<?> b : List.of(
                NetworkEmergenceBuilder.class, NetworkClassOrderBuilder.class, NetworkGeneralizationBuilder.class))
            assertTrue(
                    java.util.Arrays.stream(b.getMethods())
                            .anyMatch(m -> m.getName().equals("checkpointDir")),
                    b.getName());
        assertTrue(
                new NetworkEmergence().params().stream().anyMatch(q -> q.key().equals("checkpoint-dir")));
    }
}
