package dev.residuum.manifold.flow;

import dev.residuum.kernel.Rng;
import dev.residuum.manifold.Manifold;
import dev.residuum.manifold.ManifoldResidualBlock;
import dev.residuum.manifold.Sphere;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.SupervisedObjective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import java.util.List;
import java.util.Objects;

/**
 * A stack of {@link ManifoldResidualBlock}s on the sphere S² learnt to carry one point cloud onto
 * another: points of a band around the north pole (polar angle {@link #SOURCE_FROM} to
 * {@link #SOURCE_TO}) onto a band around the equator, point {@code i} paired with the point at
 * polar angle {@code θᵢ + }{@link #LATITUDE_SHIFT} and azimuth {@code φᵢ + }{@link #TWIST}, so
 * the target of every point is defined. Each branch is {@code Linear(3, width) − tanh −
 * Linear(width, 3)} with the last layer zero-initialised (the stack starts as the identity); the
 * loss is the mean squared chord between output and target (a monotone function of the geodesic
 * error), minimised by Adam through the ordinary {@link Trainer}.
 */
public final class SphereFlow {
    /** The source band's polar angles, from the north pole (radians). */
    public static final double SOURCE_FROM = Math.toRadians(15), SOURCE_TO = Math.toRadians(45);
    /** How far each point moves towards the south (radians): the target band straddles the equator. */
    public static final double LATITUDE_SHIFT = Math.toRadians(60);
    /** How far each point turns about the polar axis (radians). */
    public static final double TWIST = Math.toRadians(30);

    private static final Sphere S2 = new Sphere(3);

    private SphereFlow() {
    }

    /**
     * What to learn and how.
     *
     * @param points the size of the cloud (at least 2)
     * @param depth blocks in the stack (at least 1)
     * @param width hidden units of each branch (at least 1)
     * @param epochs passes over the cloud (at least 1)
     * @param batchSize points per step (at least 1)
     * @param lr Adam's learning rate (> 0)
     * @param seed fixes the cloud, the initial weights and the batch order
     */
    public record Config(int points, int depth, int width, int epochs, int batchSize, double lr, long seed) {
        /** The defaults of {@link #defaults}. */
        public static final int POINTS = 512, DEPTH = 8, WIDTH = 32, EPOCHS = 150, BATCH_SIZE = 64;
        /** The default learning rate. */
        public static final double LR = 1e-2;

        public Config {
            if (points < 2 || depth < 1 || width < 1 || epochs < 1 || batchSize < 1 || !(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("SphereFlow: need points >= 2, depth, width, epochs, batch size >= 1"
                        + " and a finite lr > 0, got " + points + ", " + depth + ", " + width + ", " + epochs + ", "
                        + batchSize + ", " + lr);
            }
        }

        /** 512 points, 8 blocks of width 32, 150 epochs of batches of 64, Adam at 1e-2. */
        public static Config defaults(long seed) {
            return new Config(POINTS, DEPTH, WIDTH, EPOCHS, BATCH_SIZE, LR, seed);
        }
    }

    /**
     * What a run gives.
     *
     * @param source the cloud, {@code points × 3} row-major unit vectors
     * @param target the paired targets, same layout
     * @param errorBefore the mean geodesic error (radians) of the untrained stack (the identity)
     * @param errorAfter the mean geodesic error after training
     * @param maxErrorAfter the largest geodesic error after training
     * @param epochLoss the training loss (mean squared chord per coordinate) by epoch
     * @param trajectory the points after each block, {@code depth + 1} arrays like {@code source}
     * @param sphereError the largest {@code |‖x‖ − 1|} over every block's output
     * @param steps optimizer steps taken
     * @param seconds wall time of the training
     */
    public record Result(double[] source, double[] target, double errorBefore, double errorAfter, double maxErrorAfter,
            double[] epochLoss, List<double[]> trajectory, double sphereError, long steps, double seconds) {
    }

    /**
     * The seeded cloud and its targets: polar angles with uniform area density on the source band,
     * uniform azimuths.
     *
     * @return {@code {source, target}}, each {@code points × 3} row-major unit vectors
     */
    public static double[][] bands(int points, long seed) {
        Rng rng = new Rng(seed);
        double[] source = new double[points * 3];
        double[] target = new double[points * 3];
        double cosFrom = Math.cos(SOURCE_FROM), cosTo = Math.cos(SOURCE_TO);
        for (int i = 0; i < points; i++) {
            double theta = Math.acos(cosTo + (cosFrom - cosTo) * rng.nextDouble());
            double phi = 2 * Math.PI * rng.nextDouble();
            put(source, i, theta, phi);
            put(target, i, theta + LATITUDE_SHIFT, phi + TWIST);
        }
        return new double[][] {source, target};
    }

    /** The untrained stack: {@code depth} blocks, each branch {@code Linear − tanh − Linear(zero)}. */
    public static Sequential network(int depth, int width, Rng rng) {
        return ManifoldResidualBlock.stack(S2, depth, i -> new Sequential(new Linear(3, width, true, rng),
                new Activation(Activation.Kind.TANH), new Linear(width, 3, true, rng)), true);
    }

    /** The mean geodesic distance between paired rows of two clouds ({@code k × 3} row-major). */
    public static double meanError(double[] x, double[] y) {
        return java.util.Arrays.stream(S2.distance(x, y)).average().orElse(Double.NaN);
    }

    /** Learns the flow. {@code listener} hears every epoch (may be a no-op). */
    public static Result run(Config config, TrainingListener listener) {
        Objects.requireNonNull(config, "config");
        double[][] clouds = bands(config.points(), config.seed());
        Sequential net = network(config.depth(), config.width(), new Rng(config.seed() + 1));
        Tensor x = tensor(clouds[0]);
        Tensor y = tensor(clouds[1]);
        double before = meanError(output(net, x), clouds[1]);
        Trainer<?> trainer = new Trainer<>(new SupervisedObjective(net, x, y),
                TrainerConfig.adam(config.lr(), config.epochs(), config.batchSize(), config.seed() + 2));
        TrainingResult fit = trainer.fit(listener);
        List<Tensor> path = ManifoldResidualBlock.trajectory(net, x);
        List<double[]> trajectory = path.stream().map(t -> Manifold.toDouble(t.data())).toList();
        double[] end = trajectory.get(trajectory.size() - 1);
        double sphereError = 0;
        for (double[] p : trajectory.subList(1, trajectory.size())) {
            sphereError = Math.max(sphereError, S2.membershipError(p));
        }
        double maxError = java.util.Arrays.stream(S2.distance(end, clouds[1])).max().orElse(Double.NaN);
        return new Result(clouds[0], clouds[1], before, meanError(end, clouds[1]), maxError, fit.trainLoss(), trajectory,
                sphereError, fit.steps(), fit.seconds());
    }

    private static double[] output(Sequential net, Tensor x) {
        List<Tensor> path = ManifoldResidualBlock.trajectory(net, x);
        return Manifold.toDouble(path.get(path.size() - 1).data());
    }

    private static Tensor tensor(double[] rows) {
        float[] f = new float[rows.length];
        Manifold.toFloat(rows, f);
        return Tensor.wrap(f, Shape.of(rows.length / 3, 3));
    }

    private static void put(double[] a, int i, double theta, double phi) {
        a[3 * i] = Math.sin(theta) * Math.cos(phi);
        a[3 * i + 1] = Math.sin(theta) * Math.sin(phi);
        a[3 * i + 2] = Math.cos(theta);
    }
}
