package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.StagedNetwork;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The gradients of a loss with respect to every block's input, output and parameters, from one
 * recorded forward pass ({@code stem}, the blocks in order with the network's long skips, {@code head},
 * the loss) and one {@link Autodiff#vjp}: no {@code .grad} is written, and in training mode the BatchNorm running
 * statistics are put back afterwards.
 *
 * <p>What it gives: gradient flow by depth ({@link #flow()}: {@code ||dL/dx_l||} and
 * {@code ||dL/dtheta_l||}), the cosine of consecutive blocks' parameter gradients
 * ({@link #consecutiveCosines()}, the "fighting" diagnostic), and the ingredients of
 * {@link AlphaTelemetry}.
 */
public final class BlockGradients {
    /**
     * Gradient flow at one block.
     *
     * @param name the block's {@code state_dict} prefix
     * @param inputGradNorm {@code ||dL/dx_l||} over the whole batch tensor, x_l the block's input
     * @param parameterGradNorm {@code ||dL/dtheta_l||} over all the block's parameters (alpha included)
     */
    public record Flow(String name, double inputGradNorm, double parameterGradNorm) {
    }

    private final List<Block> blocks;
    private final boolean training;
    private final double loss;
    private final Tensor[] activations;
    private final Tensor[] outputs;
    private final Tensor[] activationGrads;
    private final List<Tensor[]> parameterGrads;

    private BlockGradients(List<Block> blocks, boolean training, double loss, Tensor[] activations,
                           Tensor[] outputs, Tensor[] activationGrads, List<Tensor[]> parameterGrads) {
        this.blocks = blocks;
        this.training = training;
        this.loss = loss;
        this.activations = activations;
        this.outputs = outputs;
        this.activationGrads = activationGrads;
        this.parameterGrads = parameterGrads;
    }

    /**
     * Runs the model on {@code x} and differentiates {@code loss(model(x))}.
     *
     * @param model a staged network (CifarResNet, ResidualMlp, ...)
     * @param x the batch; not modified
     * @param loss maps the model output to a one-element loss (cross-entropy with fixed labels, say)
     * @param training whether the model runs in training mode (batch statistics)
     */
    public static BlockGradients of(Module model, Tensor x, Function<Tensor, Tensor> loss, boolean training) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(loss, "loss");
        StagedNetwork staged = Block.staged(model);
        List<Block> blocks = Block.of(model);
        int depth = blocks.size();
        Tensor[] h = new Tensor[depth + 1];
        Tensor[] y = new Tensor[depth];
        List<Tensor> wrt = new ArrayList<>();
        Tensor value;
        try (BufferSnapshot ignored = new BufferSnapshot(model, training);
             Graph.GradScope recording = Graph.enableGrad()) {
            h[0] = staged.stem(x, training);
            if (!h[0].requiresGrad()) { // no parameter before the first block: differentiate at x itself
                h[0] = h[0].detach().requiresGrad(true);
            }
            for (int l = 0; l < depth; l++) {
                y[l] = blocks.get(l).forward(h[l], training);
                int source = staged.longSkipSource(l + 1);
                h[l + 1] = source < 0 ? y[l] : y[l].add(h[source]);
            }
            value = Objects.requireNonNull(loss.apply(staged.head(h[depth], training)), "the loss returned null");
            if (value.numel() != 1) {
                throw new ShapeException("BlockGradients: the loss must have one element, got " + value.shape());
            }
            wrt.addAll(List.of(h));
            for (Block b : blocks) {
                for (Parameter p : b.parameters()) {
                    if (!p.isFrozen()) {
                        wrt.add(p.value());
                    }
                }
            }
            Tensor[] g = Autodiff.vjp(new Tensor[] {value}, new Tensor[] {Tensor.full(value.shape(), 1f)},
                    wrt.toArray(new Tensor[0]));
            Tensor[] hg = new Tensor[depth + 1];
            System.arraycopy(g, 0, hg, 0, depth + 1);
            List<Tensor[]> pg = new ArrayList<>();
            int k = depth + 1;
            for (Block b : blocks) {
                Tensor[] own = new Tensor[b.parameters().size()];
                for (int i = 0; i < own.length; i++) {
                    Parameter p = b.parameters().get(i);
                    own[i] = p.isFrozen() ? Tensor.zeros(p.value().shape()) : g[k++];
                }
                pg.add(own);
            }
            return new BlockGradients(blocks, training, value.item(), h, y, hg, pg);
        }
    }

    /** The blocks, in order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Whether the model ran in training mode. */
    public boolean training() {
        return training;
    }

    /** The loss. */
    public double loss() {
        return loss;
    }

    /** Block l's input x_l (l = 0 .. L - 1); x_L is the last block's output. A recorded tensor. */
    public Tensor activation(int l) {
        return activations[l];
    }

    /**
     * Block l's own output {@code b_l(x_l)}: {@code x_{l+1}} unless a long skip adds to it. A recorded
     * tensor; its gradient is {@code activationGrad(l + 1)} (a sum passes the gradient on unchanged).
     */
    public Tensor blockOutput(int l) {
        return outputs[l];
    }

    /** {@code dL/dx_l} (l = 0 .. L; L is the last block's output). */
    public Tensor activationGrad(int l) {
        return activationGrads[l];
    }

    /** {@code dL/dtheta} of block l, one tensor per parameter in registration order (zeros for a frozen one). */
    public Tensor[] parameterGrads(int l) {
        return parameterGrads.get(l).clone();
    }

    /** Gradient flow by depth. */
    public List<Flow> flow() {
        List<Flow> out = new ArrayList<>();
        for (int l = 0; l < blocks.size(); l++) {
            double p = 0;
            for (Tensor g : parameterGrads.get(l)) {
                p += Vectors.dot(g, g);
            }
            out.add(new Flow(blocks.get(l).name(), Vectors.norm(activationGrads[l]), Math.sqrt(p)));
        }
        return out;
    }

    /**
     * {@code cos(dL/dtheta_l, dL/dtheta_{l+1})} for l = 0 .. L - 2: near 1 where consecutive blocks
     * are pushed the same way. NaN where the two blocks' parameters differ in shape (a stage change)
     * or a gradient is zero.
     */
    public double[] consecutiveCosines() {
        double[] out = new double[Math.max(0, blocks.size() - 1)];
        for (int l = 0; l + 1 < blocks.size(); l++) {
            Tensor[] a = parameterGrads.get(l), b = parameterGrads.get(l + 1);
            double dot = 0, na = 0, nb = 0;
            boolean same = a.length == b.length;
            for (int i = 0; same && i < a.length; i++) {
                same = a[i].shape().equals(b[i].shape());
                if (same) {
                    dot += Vectors.dot(a[i], b[i]);
                    na += Vectors.dot(a[i], a[i]);
                    nb += Vectors.dot(b[i], b[i]);
                }
            }
            out[l] = same && na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : Double.NaN;
        }
        return out;
    }
}
