package dev.residuum.nn.residual;

import dev.residuum.autodiff.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * The threshold sub-network of a channel-wise residual shrinkage block (DRSN-CW):
 * {@code m = mean over positions of |z|} ({@code [N, C]}), {@code a = sigmoid(fc2(ReLU(fc1(m))))},
 * {@code tau = a * m}, so {@code 0 < tau < mean|z|} per sample and channel. {@link #forward}
 * returns tau shaped to broadcast against z ({@code [N, C]} or {@code [N, C, 1, ...]}).
 */
public final class ChannelThreshold extends Module {
    private final Linear fc1;
    private final Linear fc2;
    private final int channels;

    /** @param channels C of the features to threshold */
    public ChannelThreshold(int channels, Rng rng) {
        if (channels < 1) {
            throw new IllegalArgumentException("ChannelThreshold: channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.fc1 = child("fc1", new Linear(channels, channels, true, rng));
        this.fc2 = child("fc2", new Linear(channels, channels, true, rng));
    }

    /** @param z {@code [N, C, ...]}; returns tau broadcastable to z */
    @Override
    public Tensor forward(Tensor z, boolean training) {
        int rank = z.shape().rank();
        if (rank < 2 || z.shape().dim(1) != channels) {
            throw new ShapeException("ChannelThreshold: features must be [N, " + channels + ", ...], got " + z.shape());
        }
        Tensor absZ = z.abs();
        Tensor m = absZ;
        if (rank > 2) {
            int[] positions = new int[rank - 2];
            for (int i = 0; i < positions.length; i++) positions[i] = i + 2;
            m = Reductions.mean(absZ, positions, false);
        }
        Tensor tau = fc2.forward(fc1.forward(m, training).relu(), training).sigmoid().mul(m);
        if (rank == 2) {
            return tau;
        }
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 1);
        dims[0] = z.shape().dim(0);
        dims[1] = channels;
        return tau.reshape(dims);
    }
}
