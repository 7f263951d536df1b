package dev.residuum.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code x ← R_x(proj_x(F(x)))}: on the manifold after every block, equal to the double-precision geometry, gradient-checked. */
class ManifoldResidualBlockTest extends SeededTest {
    private Module branch(int n, int width) {
        return new Sequential(new Linear(n, width, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(width, n, true, rng));
    }

    /** {@code rows} random unit vectors of ℝⁿ as a float32 tensor. */
    private Tensor pointsOnSphere(int rows, int n) {
        double[] p = new Sphere(n).random(rows, rng);
        float[] f = new float[p.length];
        Manifold.toFloat(p, f);
        return Tensor.wrap(f, Shape.of(rows, n));
    }

    @Test
    void everyBlockOfADeepStackEndsOnTheSphere() {
        Sphere s = new Sphere(5);
        Sequential stack = ManifoldResidualBlock.stack(s, 12, i -> branch(5, 16), false);
        Tensor x = pointsOnSphere(20, 5);
        List<Tensor> path = ManifoldResidualBlock.trajectory(stack, x);
        assertEquals(13, path.size());
        for (int i = 1; i < path.size(); i++) {
            double[] p = Manifold.toDouble(path.get(i).data());
            assertTrue(s.membershipError(p) <= 1e-6, "block " + i + ": off the sphere by " + s.membershipError(p));
            assertTrue(s.distance(p, Manifold.toDouble(path.get(i - 1).data()))[0] > 1e-4, "block " + i + " moved nothing");
        }
        assertArrayEquals(path.get(12).data(), stack.forward(x, false).data());
    }

    @Test
    void theBlockIsTheSpheresRetractionOfTheProjectedBranch() {
        Sphere s = new Sphere(4);
        Module f = branch(4, 8);
        ManifoldResidualBlock block = new ManifoldResidualBlock(s, f, false);
        Tensor x = pointsOnSphere(7, 4);
        double[] y = Manifold.toDouble(block.forward(x, false).data());
        double[] xd = Manifold.toDouble(x.data());
        double[] v = Manifold.toDouble(f.forward(x, false).data());
        double[] expected = s.retract(xd, s.projectTangent(xd, v));
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 1e-6, "element " + i);
        }
        // the projected step is tangent: <x, proj_x(v)> = 0 to float32 rounding
        double[] u = Manifold.toDouble(TensorRetraction.projectTangent(s, x, f.forward(x, false)).data());
        for (int r = 0; r < 7; r++) {
            double dot = 0;
            for (int k = 0; k < 4; k++) {
                dot += xd[r * 4 + k] * u[r * 4 + k];
            }
            assertEquals(0, dot, 1e-6, "row " + r);
        }
    }

    @Test
    void gradientsThroughAStackMatchFiniteDifferences() {
        Sequential stack = ManifoldResidualBlock.stack(new Sphere(3), 3, i -> branch(3, 5), false);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(pointsOnSphere(4, 3));
        for (Parameter p : stack.parameters()) {
            inputs.add(p.value());
        }
        Tensor[] in = inputs.toArray(new Tensor[0]);
        GradCheck.Report r = GradCheck.check(t -> stack.forward(t[0], true), in, 1e-2, 2e-3, 1e-2, 3);
        assertTrue(r.passed(), r.worst());
        GradCheck.Report jvp = GradCheck.checkJvp(t -> stack.forward(t[0], true), in, 3e-3, 2e-3, 1e-2, 4);
        assertTrue(jvp.passed(), jvp.worst());
    }

    @Test
    void onEuclideanSpaceItIsTheTextbookResidualBlock() {
        Module f = branch(6, 8);
        ManifoldResidualBlock block = new ManifoldResidualBlock(new Euclidean(), f, false);
        Tensor x = randn(5, 6);
        assertArrayEquals(x.add(f.forward(x, false)).data(), block.forward(x, false).data());
    }

    @Test
    void zeroInitialisedBranchesStartTheStackAtTheIdentity() {
        Sequential stack = ManifoldResidualBlock.stack(new Sphere(3), 4, i -> branch(3, 6), true);
        Tensor x = pointsOnSphere(9, 3);
        float[] y;
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            y = stack.forward(x, false).data();
        }
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            assertEquals(xd[i], y[i], 1e-6, "element " + i);
        }
        // the zeroed layer still learns: its gradient is not zero
        stack.forward(x, true).mul(x.add(0.5f)).sum().backward();
        Parameter last = stack.namedParameters().get("0.branch.2.weight");
        double g = 0;
        for (float v : last.value().grad().data()) {
            g += Math.abs(v);
        }
        assertTrue(g > 1e-3, "gradient of the zero-initialised layer: " + g);
    }

    @Test
    void manifoldsWithoutARecordedRetractionAndBadShapesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ManifoldResidualBlock(new Stiefel(4, 2), branch(8, 4), false));
        assertTrue(e.getMessage().contains("stiefel(4,2)"), e.getMessage());
        ManifoldResidualBlock block = new ManifoldResidualBlock(new Sphere(3), branch(3, 4), false);
        RuntimeException shape = assertThrows(RuntimeException.class, () -> block.forward(randn(2, 4), false));
        assertTrue(shape.getMessage().contains("[2, 4]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ManifoldResidualBlock.stack(new Sphere(3), 0, i -> branch(3, 4),
                false));
    }
}
