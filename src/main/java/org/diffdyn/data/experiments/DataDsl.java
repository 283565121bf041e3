package org.diffdyn.data.experiments;

import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Dsl;

/**
 * Static DSL entry points for your own data, imported statically by notebooks:
 * {@code dataSummary().data("npy:/tmp/x.npy").run()}, {@code dataEmergence().data(source("cifar10:/data/cifar")).run()}.
 */
@Dsl
public final class DataDsl extends DataDslEntries {
    private DataDsl() {}

    /** A data source from its text form (e.g. "npz:/tmp/xy.npz", "images:/data/faces?size=32"). */
    public static DataSource source(String spec) {
        return DataSource.parse(spec);
    }

    /** Reads a data source into memory. */
    public static ImageDataset load(String spec) {
        return DataSource.parse(spec).load(Progress.NONE);
    }
}
