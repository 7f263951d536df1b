package dev.residuum.ode.fit;

import dev.residuum.autodiff.Products;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.ode.ModuleField;
import dev.residuum.ode.Gradient;
import dev.residuum.ode.Odeint;
import dev.residuum.ode.Options;
import dev.residuum.ode.VectorField;
import dev.residuum.optim.RmsProp;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * torchdiffeq's {@code examples/ode_demo.py}: the true dynamics {@code dy/dt = (y^3) A} with
 * {@code A = [[-0.1, 2], [-2, -0.1]]} from {@code y0 = [2, 0]}, sampled at 1 000 points on
 * {@code [0, 25]} (dopri5); the learned field {@code Linear(2, 50) - tanh - Linear(50, 2)} applied to
 * {@code y^3}, weights drawn from {@code N(0, 0.1^2)}, biases 0; windows of 10 points, batches of 20,
 * RMSprop at 1e-3, mean absolute error; the score is the mean absolute error of the rollout from
 * {@code y0} over all 1 000 points.
 *
 * <p>Batches: torchdiffeq draws 20 window starts without replacement every iteration; here the
 * trainer shuffles the 990 starts each epoch and cuts them into batches of 20 (the 50th batch of an
 * epoch has 10), so 2 000 iterations are 40 epochs.
 */
public final class SpiralDemo {
    /** Samples of the true trajectory. */
    public static final int DATA_SIZE = 1000;
    /** The end time. */
    public static final double T_END = 25;
    /** Points per window. */
    public static final int BATCH_TIME = 10;
    /** Windows per batch. */
    public static final int BATCH_SIZE = 20;
    /** RMSprop's learning rate. */
    public static final double LR = 1e-3;
    /** Hidden units. */
    public static final int HIDDEN = 50;
    /** The demo's iterations. */
    public static final int ITERATIONS = 2000;
    /** Tolerances of the true trajectory (torchdiffeq's defaults, 1e-7 and 1e-9, are below float32 rounding). */
    public static final double TRUTH_RTOL = 1e-6, TRUTH_ATOL = 1e-8;

    private SpiralDemo() {
    }

    /** What a run of the demo gives. */
    public record Result(double finalLoss, int iterations, double seconds, long evaluations, Tensor learned,
            ObservedTrajectory truth, double[] epochLoss) {
    }

    /** The true field {@code (y^3) A} on rows. */
    public static VectorField trueField() {
        Tensor a = Tensor.of(new float[] {-0.1f, 2.0f, -2.0f, -0.1f}, 2, 2);
        return (t, y) -> Products.matmul(y.pow(3), a);
    }

    /** The true trajectory, 1 000 points on [0, 25] from [2, 0]. */
    public static ObservedTrajectory truth() {
        double[] times = new double[DATA_SIZE];
        for (int i = 0; i < DATA_SIZE; i++) {
            times[i] = T_END * i / (DATA_SIZE - 1);
        }
        Tensor y = Odeint.solve(trueField(), Tensor.of(new float[] {2, 0}, 1, 2), times,
                Options.defaults().withTolerances(TRUTH_RTOL, TRUTH_ATOL)).states();
        return new ObservedTrajectory(times, y.toArray(), List.of("x", "y"));
    }

    /** The demo's network, weights from N(0, 0.01), biases 0. */
    public static Module network(Rng rng) {
        Module net = new Sequential(new Linear(2, HIDDEN, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(HIDDEN, 2, true, rng));
        for (Parameter p : net.parameters()) {
            float[] v = p.value().data();
            boolean bias = p.value().shape().rank() == 1;
            for (int i = 0; i < v.length; i++) {
                v[i] = bias ? 0f : (float) (0.1 * rng.nextGaussian());
            }
        }
        return net;
    }

    /** {@code f(t, y) = net(y^3)}. */
    public static VectorField field(Module net) {
        ModuleField f = new ModuleField(net, false, true);
        return new VectorField() {
            @Override
            public Tensor apply(double t, Tensor y) {
                return f.apply(t, y.pow(3));
            }

            @Override
            public List<Tensor> parameters() {
                return f.parameters();
            }
        };
    }

    /**
     * Runs the demo.
     *
     * @param iterations rounded up to whole epochs of 50 batches
     * @param options the training solves' options (the gradient mode among them)
     */
    public static Result run(int iterations, Options options, long seed, TrainingListener listener) {
        ObservedTrajectory truth = truth();
        Module net = network(new Rng(seed));
        TrajectoryFit fit = new TrajectoryFit(net, field(net), BATCH_TIME, BATCH_SIZE, options, WindowObjective.Loss.L1);
        TrajectoryFit.Result r;
        try {
            r = fit.run(truth, DATA_SIZE, iterations, params -> new RmsProp(params, RmsProp.Config.of(LR)), seed, null,
                    "spiral", listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no checkpoint folder: no file is touched
        }
        return new Result(r.trainLoss(), r.iterations(), r.seconds(), r.evaluations(), r.rollout(), truth,
                r.epochLoss());
    }

    /** The default gradient of the demo's training solves. */
    public static Options options(Gradient gradient) {
        return Options.defaults().withGradient(gradient);
    }
}
