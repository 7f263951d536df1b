package dev.residuum.spark;

import java.io.Serializable;

/**
 * One partition's result for one step: the gradient of its share's mean loss and the model's
 * buffers after its forward pass, with the share's counts and timing.
 *
 * @param part the partition (its share of the batch)
 * @param version the weights' version it was computed at
 * @param gradients one entry per parameter (null where a parameter has none)
 * @param buffers the buffers in {@link dev.residuum.nn.Module#namedBuffers()} order
 * @param loss the share's mean loss
 * @param samples the share's size (0: an empty share, nothing else set)
 * @param correct samples classified correctly
 * @param computeNanos time of the forward and backward on the executor
 */
public record PartialGradient(int part, long version, float[][] gradients, float[][] buffers, double loss, int samples,
                              long correct, long computeNanos) implements Serializable {
}
