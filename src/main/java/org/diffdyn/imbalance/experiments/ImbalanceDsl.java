package org.diffdyn.imbalance.experiments;

import org.diffdyn.experiment.Dsl;

/**
 * Static DSL entry points for paper C (class structure and imbalance in random-features diffusion models), imported
 * statically by notebooks: {@code classLearningCurves().geometry("orthogonal").ratios(112, 16).run()}.
 * Paper C's full text was unavailable: the models behind these experiments are the DERIVED reconstruction of
 * random-features-and-ridge.md §3, with the UNSURE choices exposed as options.
 */
@Dsl
public final class ImbalanceDsl extends ImbalanceDslEntries {
    private ImbalanceDsl() {}
}
