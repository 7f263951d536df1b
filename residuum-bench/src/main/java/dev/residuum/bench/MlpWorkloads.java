package dev.residuum.bench;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import dev.residuum.train.BatchLoss;
import dev.residuum.train.Gradients;
import dev.residuum.train.ParallelMicroBatches;

/**
 * W4 ({@code delta_mlp_train}) and W6 ({@code deep_residual_mlp_100/1000}) of the reference:
 * same shapes, PyTorch's default initialisation, Adam (lr 1e-3), MSE, and the same step
 * (zero grad, forward, loss, backward, optimizer step), the optimizer step applied to each
 * parameter as soon as backward has completed its gradient ({@code Optimizer.backwardAndStep}).
 */
final class MlpWorkloads {
    private MlpWorkloads() {
    }

    /** A training step on a model with Adam, reusing buffers through a workspace. */
    static final class TrainStep implements Runnable {
        private final Module model;
        private final Adam adam;
        private final Tensor[] xs;
        private final Tensor[] ys;
        private final Workspace workspace = new Workspace();
        private int next;
        private ParallelMicroBatches sideBySide;
        float lastLoss;

        TrainStep(Module model, Tensor[] xs, Tensor[] ys) {
            this.model = model;
            this.adam = new Adam(model.parameters(), Adam.Config.adam(1e-3));
            this.xs = xs;
            this.ys = ys;
        }

        /**
         * With several threads: the step's batch as that many micro-batches side by side on the
         * workers ({@link ParallelMicroBatches}), then the sum of their gradients fused with the
         * optimizer's step (the same bits as the sum and then the step).
         */
        TrainStep sideBySide(int parts) {
            this.sideBySide = parts > 1 ? new ParallelMicroBatches(model.parameters(), parts) : null;
            return this;
        }

        @Override
        public void run() {
            int i = next++ % xs.length;
            if (sideBySide != null) {
                Tensor x = xs[i], y = ys[i];
                Gradients g = sideBySide.passes(x.shape().dim(0), (from, to) -> BatchLoss.of(
                        model.forward(x.slice(0, from, to), true).mse(y.slice(0, from, to)))).sumAndStep(adam);
                lastLoss = (float) g.loss();
                return;
            }
            adam.zeroGrad();
            try (Workspace.Scope scope = workspace.enter()) {
                Tensor loss = model.forward(xs[i], true).mse(ys[i]);
                adam.backwardAndStep(loss); // = loss.backward(); adam.step(); bit for bit
                lastLoss = loss.item();
            }
        }
    }

    /** W4: MLP 16-64-64-64-1, tanh, batch 64, a pool of 256 batches. */
    static TrainStep w4(long seed) {
        Rng rng = new Rng(seed);
        Module model = new Sequential(
                new Linear(16, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 1, true, rng));
        int pool = 256;
        Tensor[] xs = new Tensor[pool], ys = new Tensor[pool];
        for (int i = 0; i < pool; i++) {
            xs[i] = Tensor.randn(rng, 64, 16);
            ys[i] = Tensor.randn(rng, 64, 1);
        }
        return new TrainStep(model, xs, ys);
    }

    /** W6: ReZero residual MLP, width 64, no biases, {@code depth} blocks, input/target [64, 64]. */
    static TrainStep w6(int depth, long seed) {
        Rng rng = new Rng(seed);
        Module model = ResidualMlp.builder().width(64).depth(depth).bias(false)
                .activation(Activation.Kind.TANH).scale(ResidualScale.SCALAR).build(rng);
        return new TrainStep(model, new Tensor[] {Tensor.randn(rng, 64, 64)}, new Tensor[] {Tensor.randn(rng, 64, 64)});
    }
}
