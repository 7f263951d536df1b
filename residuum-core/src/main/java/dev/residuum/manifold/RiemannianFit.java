package dev.residuum.manifold;

import dev.residuum.nn.Parameter;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Minimises a differentiable loss of one {@link ManifoldParameter} with a Riemannian optimizer:
 * each iteration the loss is recorded and back-propagated (the Euclidean gradient from the
 * autodiff engine), then the optimizer steps (gradients computed, then applied, as the trainer
 * does), with the learning rate from a schedule over the iterations.
 *
 * @param maxIterations at most this many steps
 * @param gradientTolerance stop once the Riemannian gradient's norm is at most this
 * @param schedule the rate as a function of {@code iteration / maxIterations} (its "epoch" is that fraction)
 */
public record RiemannianFit(int maxIterations, double gradientTolerance, LrSchedule schedule) {
    public RiemannianFit {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("RiemannianFit: maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(gradientTolerance >= 0)) {
            throw new IllegalArgumentException("RiemannianFit: gradientTolerance must be >= 0, got " + gradientTolerance);
        }
        Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Runs the iterations.
     *
     * @param p modified: ends at the solution
     * @param optimizer over {@code p} (its rate is set from the schedule at each step)
     * @param loss a scalar loss of {@code p}'s value, recorded on the tape
     */
    public FitResult minimize(Parameter p, Optimizer optimizer, Function<Tensor, Tensor> loss) {
        Manifold m = ManifoldParameter.manifoldOf(p);
        double baseLr = optimizer.lr();
        double[] losses = new double[maxIterations + 1];
        long start = System.nanoTime();
        int it = 0;
        double value;
        double gradNorm;
        while (true) {
            p.zeroGrad();
            Tensor l = loss.apply(p.value());
            value = l.item();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("RiemannianFit: the loss is " + value + " at iteration " + it
                        + "; lower the learning rate or check the data");
            }
            l.backward();
            losses[it] = value;
            double[] x = Manifold.toDouble(p.value().data());
            double[] rg = m.egradToRgrad(x, Manifold.toDouble(p.grad().data()));
            gradNorm = Math.sqrt(m.inner(x, rg, rg));
            if (it == maxIterations || gradNorm <= gradientTolerance) {
                break;
            }
            optimizer.setLr(schedule.lr(baseLr, (double) it / maxIterations));
            optimizer.step();
            it++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FitResult(Manifold.toDouble(p.value().data()), value, it, seconds, gradNorm,
                Arrays.copyOf(losses, it + 1));
    }
}
