package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.run.MetricsRecord;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Gradients;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link TrainingListener} that measures the model's blocks on a fixed probe batch every K optimizer
 * steps (and after the last one) and hands each measurement on as a {@link MetricsRecord.Probe}, so
 * that a run's {@code metrics.jsonl} holds the instruments over time. Nothing it does changes the run:
 * no {@code .grad} is written, and in training mode the BatchNorm running statistics are put back.
 *
 * <p>The quantities, by {@link Instrument}: {@code grad_input_norm} ({@code ||dL/dx_l||}) and
 * {@code grad_param_norm} ({@code ||dL/dtheta_l||}); {@code cosine_next} (the cosine of block l's and
 * block l+1's parameter gradients, NaN for the last block or a stage change); {@code alpha} and
 * {@code alpha_grad} (the mean over channels, NaN for a block without a learned alpha);
 * {@code jacobian_spectral_norm} and {@code branch_spectral_norm} (power iteration, capped by the
 * {@link IterationOptions}).
 */
public final class TrainingProbe implements TrainingListener {
    /** What is measured. */
    public enum Instrument {
        /** {@code ||dL/dx_l||} and {@code ||dL/dtheta_l||}. */
        FLOW,
        /** The cosine of consecutive blocks' parameter gradients. */
        FIGHTING,
        /** alpha and {@code dL/dalpha}. */
        ALPHA,
        /** {@code ||J||_2} of each block and of its branch (the costly one: two power iterations per block). */
        SPECTRAL;

        /**
         * Parses a comma-separated list of {@code flow}, {@code fighting}, {@code alpha}, {@code spectral}
         * (or {@code all}).
         *
         * @throws IllegalArgumentException naming the allowed names
         */
        public static Set<Instrument> parseList(String text) {
            EnumSet<Instrument> out = EnumSet.noneOf(Instrument.class);
            for (String word : Objects.requireNonNull(text, "text").split(",")) {
                String w = word.trim().toUpperCase(Locale.ROOT);
                if (w.equals("ALL")) {
                    out.addAll(EnumSet.allOf(Instrument.class));
                    continue;
                }
                try {
                    out.add(valueOf(w));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown instrument '" + word.trim() + "'; allowed: flow,"
                            + " fighting, alpha, spectral, all (comma-separated)");
                }
            }
            return out;
        }
    }

    private final String name;
    private final Module model;
    private final Tensor x;
    private final Function<Tensor, Tensor> loss;
    private final boolean training;
    private final int every;
    private final Set<Instrument> instruments;
    private final IterationOptions options;
    private final Consumer<MetricsRecord.Probe> sink;
    private long lastProbed = -1;

    /**
     * @param name the model's name in the records, or null
     * @param model a staged network (CifarResNet, ResidualMlp)
     * @param x the probe batch; not modified (kept)
     * @param loss maps the model output on {@code x} to a one-element loss
     * @param training measure in training mode (batch statistics) or evaluation mode
     * @param every K: probe after steps K, 2K, ...
     * @param sink receives each record, on the trainer's thread
     */
    public TrainingProbe(String name, Module model, Tensor x, Function<Tensor, Tensor> loss, boolean training,
                         int every, Set<Instrument> instruments, IterationOptions options,
                         Consumer<MetricsRecord.Probe> sink) {
        if (every < 1) {
            throw new IllegalArgumentException("TrainingProbe: every must be at least 1 step, got " + every);
        }
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("TrainingProbe: no instrument chosen; allowed: "
                    + Arrays.toString(Instrument.values()));
        }
        this.name = name;
        this.model = Objects.requireNonNull(model, "model");
        Block.staged(model);
        this.x = Objects.requireNonNull(x, "x");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.training = training;
        this.every = every;
        this.instruments = EnumSet.copyOf(instruments);
        this.options = Objects.requireNonNull(options, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void onStep(TrainingState state, int stepsPerEpoch, Gradients gradients) {
        if (state.globalStep() % every == 0) {
            probe(state.globalStep(), state.epoch() + 1);
        }
    }

    /** Measures now, as after step {@code iteration} of epoch {@code epoch} (1-based), and hands the record on. */
    public MetricsRecord.Probe probe(long iteration, int epoch) {
        BlockGradients grads = BlockGradients.of(model, x, loss, training);
        List<Block> blocks = grads.blocks();
        int depth = blocks.size();
        Map<String, double[]> values = new LinkedHashMap<>();
        if (instruments.contains(Instrument.FLOW)) {
            List<BlockGradients.Flow> flow = grads.flow();
            values.put("grad_input_norm", flow.stream().mapToDouble(BlockGradients.Flow::inputGradNorm).toArray());
            values.put("grad_param_norm", flow.stream().mapToDouble(BlockGradients.Flow::parameterGradNorm).toArray());
        }
        if (instruments.contains(Instrument.FIGHTING)) {
            values.put("cosine_next", Arrays.copyOf(grads.consecutiveCosines(), depth));
            values.get("cosine_next")[depth - 1] = Double.NaN;
        }
        if (instruments.contains(Instrument.ALPHA)) {
            double[] alpha = nan(depth), alphaGrad = nan(depth);
            for (int l = 0; l < depth; l++) {
                Parameter a = blocks.get(l).alpha();
                if (a != null) {
                    alpha[l] = mean(a.value().data());
                    alphaGrad[l] = mean(grads.parameterGrads(l)[blocks.get(l).parameters().indexOf(a)].data());
                }
            }
            values.put("alpha", alpha);
            values.put("alpha_grad", alphaGrad);
        }
        if (instruments.contains(Instrument.SPECTRAL)) {
            double[] block = new double[depth], branch = new double[depth];
            try (BufferSnapshot ignored = new BufferSnapshot(model, training)) {
                for (int l = 0; l < depth; l++) {
                    Block b = blocks.get(l);
                    Tensor input = grads.activation(l).detach();
                    block[l] = SpectralNorm.of(Autodiff.linearize(h -> b.forward(h, training), input), options).value();
                    branch[l] = SpectralNorm.of(h -> b.branch(h, training), input, options).value();
                }
            }
            values.put("jacobian_spectral_norm", block);
            values.put("branch_spectral_norm", branch);
        }
        List<String> names = new ArrayList<>();
        blocks.forEach(b -> names.add(b.name()));
        MetricsRecord.Probe record = new MetricsRecord.Probe(name, iteration, epoch, grads.loss(), names, values);
        lastProbed = iteration;
        sink.accept(record);
        return record;
    }

    /** The step of the last probe, or -1 before the first. */
    public long lastProbed() {
        return lastProbed;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }
}
