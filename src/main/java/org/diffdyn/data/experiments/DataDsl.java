package org.diffdyn.data.experiments;

import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;

/**
 * Static DSL entry points for your own data, imported statically by notebooks:
 * {@code dataSummary().data("npy:/tmp/x.npy").run()}, {@code dataEmergence().data(source("cifar10:/data/cifar")).run()}.
 */
public final class DataDsl {
    private DataDsl() {}

    /** Mean, covariance and patch spectra, per-class moments and PCA of a data source. */
    public static DataSummaryBuilder dataSummary() {
        return new DataSummaryBuilder();
    }

    /** Paper A: predicted emergence order and times of the data's principal components. */
    public static DataEmergenceBuilder dataEmergence() {
        return new DataEmergenceBuilder();
    }

    /** Paper C: predicted class learning order and times under a stated class imbalance. */
    public static DataClassOrderBuilder dataClassOrder() {
        return new DataClassOrderBuilder();
    }

    /** Paper B: predicted generalization curve at the data's covariance spectrum. */
    public static DataGeneralizationBuilder dataGeneralization() {
        return new DataGeneralizationBuilder();
    }

    /** A data source from its text form (e.g. "npz:/tmp/xy.npz", "images:/data/faces?size=32"). */
    public static DataSource source(String spec) {
        return DataSource.parse(spec);
    }

    /** Reads a data source into memory. */
    public static ImageDataset load(String spec) {
        return DataSource.parse(spec).load(Progress.NONE);
    }
}
