package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;

/**
 * A training loss for a batch of clean samples. Its noise and noise levels are drawn from PyTorch's generator, which
 * {@link Training} seeds from (seed, step) before each step.
 */
@FunctionalInterface
public interface Objective<N extends Network> {
    /** The scalar loss for the batch x0 (B, sample shape...), with the autograd tape recording. */
    NDArray loss(N net, NDArray x0);
}
