package dev.residuum.continual;

import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Batch;
import dev.residuum.train.BatchLoss;
import dev.residuum.train.Batches;
import dev.residuum.train.ForwardingObjective;
import dev.residuum.train.Gradients;
import dev.residuum.train.Objective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Elastic weight consolidation (Kirkpatrick et al., "Overcoming catastrophic forgetting in neural
 * networks", PNAS 2017): after each task {@code t}, the diagonal of the Fisher information
 * {@code F_t} is estimated from squared per-sample gradients of the task's loss (the empirical
 * Fisher: the gradient of {@code -log p(y | x)} at the true label, averaged over samples), and the
 * parameters {@code theta*_t} are kept; training a later task adds the penalty
 * {@code (lambda / 2) sum_t sum_i F_t,i (theta_i - theta*_t,i)^2} to its loss, one term per earlier
 * task as in the paper. The per-sample gradients are computed by {@link Trainer#computeGradients}
 * on batches of one, so the Fisher sees exactly the loss the trainer minimises.
 */
public final class ElasticWeightConsolidation {
    /** One consolidated task: the parameters, their values after the task and their Fisher diagonal. */
    private record Anchor(List<Parameter> parameters, float[][] theta, float[][] fisher) {
    }

    private final double lambda;
    private final List<Anchor> anchors = new ArrayList<>();

    /**
     * No task consolidated yet (the penalty is 0).
     *
     * @param lambda the penalty's strength (finite, at least 0)
     */
    public ElasticWeightConsolidation(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("EWC: lambda must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
    }

    /** The penalty's strength. */
    public double lambda() {
        return lambda;
    }

    /** Tasks consolidated so far. */
    public int tasks() {
        return anchors.size();
    }

    /**
     * Consolidates the task {@code objective} trains: the Fisher diagonal of every trainable
     * parameter of its model from {@code samples} per-sample gradients (the first {@code samples}
     * of a random order of the training samples, or all of them if fewer), and the current values.
     *
     * @param objective not modified; its model not modified (its gradient buffers are overwritten)
     * @return the mean of the Fisher diagonal over all consolidated scalars (for reports)
     */
    public <B extends Batch> double consolidate(Objective<B> objective, int samples, long seed) {
        Objects.requireNonNull(objective, "objective");
        if (samples < 1) {
            throw new IllegalArgumentException("EWC: the Fisher needs at least 1 sample, got " + samples);
        }
        Trainer<B> trainer = new Trainer<>(objective, TrainerConfig.adam(1e-3, 1, 1, seed));
        List<Parameter> all = objective.parameters();
        List<Parameter> kept = new ArrayList<>();
        for (Parameter p : all) {
            if (!p.isFrozen()) {
                kept.add(p);
            }
        }
        float[][] theta = new float[kept.size()][];
        double[][] sum = new double[kept.size()][];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = kept.get(k).value().toArray();
            sum[k] = new double[theta[k].length];
        }
        Rng rng = new Rng(seed);
        int n = Math.min(samples, objective.size());
        int[] order = Arrays.copyOf(Permutation.random(objective.size(), rng), n);
        try (Batches<B> batches = objective.batches(order, 1, 0, rng.state())) {
            for (B b; (b = batches.next()) != null; ) {
                Gradients g = trainer.computeGradients(b);
                int k = 0;
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).isFrozen()) {
                        continue;
                    }
                    float[] gi = g.get(i);
                    if (gi != null) {
                        for (int j = 0; j < gi.length; j++) {
                            sum[k][j] += (double) gi[j] * gi[j];
                        }
                    }
                    k++;
                }
                batches.recycle(b);
            }
        }
        float[][] fisher = new float[kept.size()][];
        double total = 0;
        long count = 0;
        for (int k = 0; k < fisher.length; k++) {
            fisher[k] = new float[sum[k].length];
            for (int j = 0; j < sum[k].length; j++) {
                fisher[k][j] = (float) (sum[k][j] / n);
                total += fisher[k][j];
            }
            count += sum[k].length;
            kept.get(k).zeroGrad();
        }
        anchors.add(new Anchor(List.copyOf(kept), theta, fisher));
        return count == 0 ? 0 : total / count;
    }

    /**
     * The penalty {@code (lambda / 2) sum_t sum_i F_t,i (theta_i - theta*_t,i)^2} at the current
     * parameters, recorded on the tape (a scalar; zero before any task is consolidated).
     */
    public Tensor penalty() {
        Tensor total = null;
        for (Anchor a : anchors) {
            for (int k = 0; k < a.parameters().size(); k++) {
                Tensor p = a.parameters().get(k).value();
                Tensor d = p.sub(Tensor.wrap(a.theta()[k], p.shape()));
                Tensor term = d.mul(d).mul(Tensor.wrap(a.fisher()[k], p.shape())).sum();
                total = total == null ? term : total.add(term);
            }
        }
        return total == null ? Tensor.scalar(0) : total.mul((float) (lambda / 2));
    }

    /**
     * {@code objective} with the penalty added to every batch's loss (batches, model, evaluation
     * and micro-batching are the objective's). Each micro-batch's loss carries the whole penalty;
     * the trainer weights micro-batches by their share of the batch, so the step's penalty
     * gradient is the penalty's once.
     */
    public <B extends Batch> Objective<B> penalised(Objective<B> objective) {
        return new ForwardingObjective<>(objective) {
            @Override
            public BatchLoss loss(B batch) {
                BatchLoss l = delegate.loss(batch);
                return anchors.isEmpty() ? l : new BatchLoss(l.value().add(penalty()), l.correct());
            }
        };
    }
}
