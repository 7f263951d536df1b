package dev.residuum.delta;

import dev.residuum.tensor.Tensor;

/**
 * Which rows belong to which sample in a batch, and the sum over each sample's components as a
 * product with an assignment matrix {@code A [B, M]} ({@code A[b, m] = 1} when row {@code m}
 * belongs to sample {@code b}), so that gradients flow back to every component.
 *
 * @param rows the row indices of the batch's samples, sample after sample
 * @param assignment {@code [B, M]}, or null when every sample is one row (no sum needed)
 */
record ComponentSum(int[] rows, Tensor assignment) {
    /** The rows and assignment of samples {@code samples} of {@code data} (not modified). */
    static ComponentSum of(DeltaData data, int[] samples) {
        int total = 0;
        for (int s : samples) {
            total += data.components(s);
        }
        int[] rows = new int[total];
        int[] offsets = data.offsets();
        boolean single = total == samples.length;
        float[] a = single ? null : new float[samples.length * total];
        int k = 0;
        for (int b = 0; b < samples.length; b++) {
            for (int r = offsets[samples[b]]; r < offsets[samples[b] + 1]; r++) {
                if (!single) {
                    a[b * total + k] = 1f;
                }
                rows[k++] = r;
            }
        }
        return new ComponentSum(rows, single ? null : Tensor.of(a, samples.length, total));
    }

    /** Per-sample sums of per-row outputs: {@code [M, 1] -> [B, 1]}. */
    Tensor sum(Tensor perRow) {
        return assignment == null ? perRow : assignment.matmul(perRow);
    }
}
