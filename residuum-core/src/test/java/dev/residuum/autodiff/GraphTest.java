package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tape: ordering, accumulation, scopes, freeing, anomaly mode, error messages. */
class GraphTest extends SeededTest {
    @AfterEach
    void anomalyOff() {
        Graph.setAnomalyDetection(false);
    }

    @Test
    void graphTenThousandOpsDeepDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(0.5f).requiresGrad(true);
        Tensor c = Tensor.scalar(1.0001f);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(c);
        }
        y.backward();
        double expected = Math.pow(1.0001f, 20_000);
        assertEquals(expected, x.grad().item(), expected * 1e-3);
    }

    @Test
    void sharedSubexpressionsAccumulate() {
        Tensor x = Tensor.of(new float[] {1.5f, -2f}, 2).requiresGrad(true);
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
        assertArrayEquals(new float[] {4f, -3f}, x.grad().data(), 1e-6f);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertEquals(8f, x.grad().data()[0], 1e-6f);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = randn(3).requiresGrad(true);
        Tensor y;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            y = x.mul(x).sum();
            assertFalse(Graph.isGradEnabled());
        }
        assertTrue(Graph.isGradEnabled());
        assertNull(y.gradFn());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void detachStopsTheGradient() {
        Tensor x = Tensor.of(new float[] {3f}, 1).requiresGrad(true);
        x.detach().mul(x).sum().backward(); // only the non-detached path: d/dx = detach(x) = 3
        assertEquals(3f, x.grad().data()[0], 1e-6f);
    }

    @Test
    void theTapeIsFreedAfterBackward() {
        Tensor x = randn(2, 2).requiresGrad(true);
        Tensor h = x.tanh();
        Tensor y = h.sum();
        y.backward();
        assertTrue(y.gradFn().isFreed());
        assertTrue(h.gradFn().isFreed());
        assertNull(h.grad(), "intermediate gradients are dropped unless retained");
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = randn(2).requiresGrad(true);
        Tensor h = x.mul(Tensor.scalar(3f)).retainGrad();
        h.sum().backward();
        assertArrayEquals(new float[] {1f, 1f}, h.grad().data());
    }

    @Test
    void backwardOfANonScalarNeedsASeed() {
        Tensor y = randn(2, 3).requiresGrad(true).tanh();
        ShapeException e = assertThrows(ShapeException.class, y::backward);
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheForwardOpThatMadeANaN() {
        Graph.setAnomalyDetection(true);
        Tensor x = Tensor.of(new float[] {1f, -1f}, 2).requiresGrad(true);
        AnomalyException e = assertThrows(AnomalyException.class, () -> x.log());
        assertTrue(e.getMessage().contains("forward of Log"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheBackwardOpThatMadeAnInfinity() {
        Graph.setAnomalyDetection(true);
        Tensor x = Tensor.of(new float[] {0f, 4f}, 2).requiresGrad(true);
        Tensor y = x.sqrt().sum(); // forward is finite; d sqrt / dx at 0 is infinite
        AnomalyException e = assertThrows(AnomalyException.class, y::backward);
        assertTrue(e.getMessage().contains("backward of Sqrt"), e.getMessage());
    }

    @Test
    void withoutAnomalyModeNaNsPassSilently() {
        Tensor x = Tensor.of(new float[] {-1f}, 1);
        assertTrue(Float.isNaN(x.log().item()));
    }

    @Test
    void shapeMismatchNamesTheOpAndBothShapes() {
        ShapeException add = assertThrows(ShapeException.class, () -> randn(2, 3).add(randn(4)));
        assertTrue(add.getMessage().startsWith("add:") && add.getMessage().contains("[2, 3]")
                && add.getMessage().contains("[4]"), add.getMessage());
        ShapeException mm = assertThrows(ShapeException.class, () -> randn(2, 3).matmul(randn(4, 5)));
        assertTrue(mm.getMessage().startsWith("matmul:") && mm.getMessage().contains("[2, 3]")
                && mm.getMessage().contains("[4, 5]"), mm.getMessage());
        ShapeException mse = assertThrows(ShapeException.class, () -> randn(3, 1).mse(randn(3)));
        assertTrue(mse.getMessage().contains("mse") && mse.getMessage().contains("[3, 1]"), mse.getMessage());
    }

    @Test
    void leavesOnlyCanBeMarked() {
        Tensor y = randn(2).requiresGrad(true).tanh();
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(true));
    }
}
