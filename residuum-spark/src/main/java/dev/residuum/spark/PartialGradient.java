package dev.residuum.spark;

import java.io.Serializable;

/**
 * One partition's result for one step, as it travels back to the driver: the gradient of its
 * share's mean loss and the model's buffers after its forward pass, flattened into one
 * {@code float[]} (one array to serialise instead of one per tensor), with the share's counts
 * and timing.
 *
 * @param part the partition (its share of the batch)
 * @param version the weights' version it was computed at
 * @param values the gradient of every parameter that has one ({@code hasGradient}), in parameter
 *     order, then every buffer in {@link dev.residuum.nn.Module#namedBuffers()} order; null for an
 *     empty share
 * @param hasGradient per parameter, whether {@code values} holds its gradient (frozen parameters
 *     have none)
 * @param loss the share's mean loss
 * @param samples the share's size (0: an empty share, nothing else set)
 * @param correct samples classified correctly
 * @param computeNanos time of loading the weights, the forward and the backward on the executor
 */
public record PartialGradient(int part, long version, float[] values, boolean[] hasGradient, double loss, int samples,
                              long correct, long computeNanos) implements Serializable {
}
