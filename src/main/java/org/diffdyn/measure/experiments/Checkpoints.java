package org.diffdyn.measure.experiments;

import java.nio.file.Path;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.ParamGroup;
import org.diffdyn.experiment.Params;

/**
 * The checkpoint folder of the network experiments that train for long ({@code network-emergence},
 * {@code network-class-order}, {@code network-generalization}); a group of its own so that an experiment with nothing
 * to checkpoint ({@code network-cost}) has neither the option nor its setter.
 */
@ParamGroup
final class Checkpoints {
    private Checkpoints() {}

    static final Param<String> CHECKPOINT_DIR = Param.text(
            "checkpoint-dir",
            "",
            "folder for checkpoints; a rerun re-measures the checkpoints found there and resumes training from the latest (empty = none)");

    /** The checkpoint folder, or null for none. */
    static Path dir(Params p) {
        String s = p.get(CHECKPOINT_DIR);
        return s == null || s.isBlank() ? null : Path.of(s);
    }
}
