package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Issue 14's {@code diagnose} for one batch: the loss and a {@link BlockReport} per block.
 *
 * @param loss the loss at the batch
 * @param blocks one report per block, in order
 */
public record Diagnosis(double loss, List<BlockReport> blocks) {
    /** How the block's {@code ||J||_2} is estimated. */
    public enum Method {
        /**
         * Power iteration on {@code J^T J} ({@link SpectralNorm}), apart from the Lanczos run that gives
         * the smallest singular value: three iterations per block (J, J_F, the extremes of J).
         */
        POWER,
        /**
         * The largest Ritz value of the Lanczos run that gives the smallest one
         * ({@link ExtremeSingularValues}): two iterations per block (the extremes of J, then J_F by
         * power iteration), and for the same cap a far better {@code ||J||_2} where the top of the
         * spectrum clusters (a batch of similar images). Its {@code iterations} are the Lanczos steps,
         * its {@code converged} the Lanczos rule (both extremes), its {@code residual} NaN.
         */
        LANCZOS
    }

    public Diagnosis {
        blocks = List.copyOf(blocks);
    }

    /**
     * Measures every block of {@code model} at the batch {@code x}: one recorded forward pass and one
     * vjp for the gradient norms, then per block at its own input the spectral norms of the block's
     * and the branch's Jacobian (power iteration) and the block's smallest singular value (Lanczos).
     * In training mode the BatchNorm running statistics are put back afterwards.
     *
     * @param x the batch; not modified
     * @param loss maps the model output to a one-element loss
     */
    public static Diagnosis of(Module model, Tensor x, Function<Tensor, Tensor> loss, boolean training,
                               IterationOptions options) {
        return of(model, x, loss, training, options, Method.POWER);
    }

    /**
     * As {@link #of(Module, Tensor, Function, boolean, IterationOptions)}, with {@code ||J||_2} estimated
     * by {@code method}.
     */
    public static Diagnosis of(Module model, Tensor x, Function<Tensor, Tensor> loss, boolean training,
                               IterationOptions options, Method method) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(method, "method");
        BlockGradients grads = BlockGradients.of(model, x, loss, training);
        List<BlockGradients.Flow> flow = grads.flow();
        List<BlockReport> reports = new ArrayList<>();
        try (BufferSnapshot ignored = new BufferSnapshot(model, training)) {
            for (int l = 0; l < grads.blocks().size(); l++) {
                Block b = grads.blocks().get(l);
                Tensor input = grads.activation(l).detach();
                Autodiff.Linearization map = Autodiff.linearize(h -> b.forward(h, training), input);
                ExtremeSingularValues.Result extremes = ExtremeSingularValues.of(map, options);
                SpectralNorm.Result jacobian = method == Method.POWER ? SpectralNorm.of(map, options)
                        : new SpectralNorm.Result(extremes.largest(), extremes.steps(), extremes.converged(), Double.NaN);
                SpectralNorm.Result branch = SpectralNorm.of(h -> b.branch(h, training), input, options);
                double[] alpha = b.alpha() == null ? new double[0] : Vectors.toDouble(b.alpha().value().data());
                reports.add(new BlockReport(b.name(), flow.get(l).inputGradNorm(), flow.get(l).parameterGradNorm(),
                        jacobian, branch, extremes, alpha));
            }
        }
        return new Diagnosis(grads.loss(), reports);
    }

    /** {@code {"loss": ..., "blocks": [...]}} with each block as {@link BlockReport#toJson()}. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loss", loss);
        List<Map<String, Object>> list = new ArrayList<>();
        for (BlockReport b : blocks) {
            list.add(b.toJson());
        }
        out.put("blocks", list);
        return out;
    }
}
