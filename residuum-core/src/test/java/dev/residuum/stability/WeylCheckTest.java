package dev.residuum.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Weyl's inclusion per block and the product bounds over a stack, on estimates and on exact spectra. */
class WeylCheckTest extends SeededTest {
    private static final IterationOptions OPTIONS = new IterationOptions(1e-5, 2000, 3);

    private ResidualBlock linearBlock(int width, double norm) {
        Linear w = new Linear(width, width, false, rng);
        Nets.scaleToNorm(w.weight().value(), norm);
        return ResidualBlock.builder().branch(w).build();
    }

    @Test
    void inclusionHoldsOnRandomResidualLinearBlocks() {
        for (double norm : new double[] {0.05, 0.3, 0.7, 0.95}) {
            for (int trial = 0; trial < 3; trial++) {
                int width = size(4, 24);
                ResidualBlock module = linearBlock(width, norm);
                Block block = Block.of("b", module);
                WeylCheck check = WeylCheck.of(block, randn(2, width), false, OPTIONS);
                assertTrue(check.holds(), "||W|| = " + norm + ", width " + width + ": " + check);
                assertEquals(norm, check.epsilon(), 1e-5 * norm, "epsilon is ||W||: " + check);
                // the exact spectrum of I + W obeys the same inclusion
                DMatrixRMaj ipw = Nets.matrix(((Linear) module.branch()).weight().value());
                CommonOps_DDRM.addEquals(ipw, CommonOps_DDRM.identity(width));
                double[] s = ExactSpectrum.singularValues(ipw);
                assertEquals(s[0], check.sigmaMax(), 1e-5 * s[0], "sigma_max of I + W: " + check);
                assertEquals(s[s.length - 1], check.sigmaMin(), 1e-5 * s[0], "sigma_min of I + W: " + check);
                assertTrue(s[0] <= 1 + norm + 1e-6 && s[s.length - 1] >= 1 - norm - 1e-6, "exact: " + s[0] + ", "
                        + s[s.length - 1]);
            }
        }
    }

    /**
     * With {@code W = e * Q} for an orthogonal-ish direction the bound is tight: I + W has a singular
     * value near 1 + e. Feeding a third of the true epsilon must then be reported as a violation.
     */
    @Test
    void wrongEpsilonIsReportedAsAViolation() {
        ResidualBlock module = linearBlock(12, 0.6);
        WeylCheck measured = WeylCheck.of(Block.of("b", module), randn(3, 12), false, OPTIONS);
        assertTrue(measured.holds(), measured.toString());
        WeylCheck wrong = WeylCheck.of(measured.epsilon() / 3, measured.sigmaMin(), measured.sigmaMax(),
                measured.slack());
        assertFalse(wrong.holds(), "epsilon " + wrong.epsilon() + " cannot bound sigma in [" + measured.sigmaMin()
                + ", " + measured.sigmaMax() + "]: " + wrong);
        assertTrue(WeylCheck.of(0.1, 0.8, 1.05, 0).holds() == false && WeylCheck.of(0.1, 0.95, 1.2, 0).holds() == false
                && WeylCheck.of(0.1, 0.95, 1.05, 0).holds(), "each side of the interval is checked");
    }

    @Test
    void reZeroBlockAtZeroIsTheIdentity() {
        Module net = ResidualMlp.builder().width(8).depth(2).scale(ResidualScale.SCALAR).build(rng);
        Block block = Block.of(net).get(0);
        WeylCheck check = WeylCheck.of(block, randn(2, 8), false, OPTIONS);
        assertEquals(0, check.epsilon(), 0, check.toString());
        assertEquals(1, check.sigmaMin(), 1e-6, check.toString());
        assertEquals(1, check.sigmaMax(), 1e-6, check.toString());
        assertTrue(check.holds(), check.toString());
    }

    @Test
    void blocksWithoutAnIdentitySkipAreRefused() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Block strided = Block.of(net).get(1);
        assertFalse(strided.identitySkip());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeylCheck.of(strided, randn(1, 16, 4, 4), false, OPTIONS));
        assertTrue(e.getMessage().contains("layers.1"), e.getMessage());
        CifarResNet plain = new CifarResNet(CifarResNet.Config.of("plain8"), rng);
        assertFalse(Block.of(plain).get(0).identitySkip());
    }

    /**
     * A residual MLP whose branches are scaled to small norms: the stack's extreme singular values lie
     * within {@code [prod (1 - eps_l), prod (1 + eps_l)]}, on the estimates and on the exact spectrum.
     */
    @Test
    void endToEndWithinTheProductBounds() {
        int width = 10, depth = 6;
        Module net = ResidualMlp.builder().width(width).depth(depth).build(rng);
        for (Parameter p : net.parameters()) { // W2 tanh(W1 x + b1) + b2 with ||W1|| ||W2|| <= 0.4 * 0.4
            if (p.value().shape().rank() == 2) {
                Nets.scaleToNorm(p.value(), 0.4);
            }
        }
        Tensor x = randn(2, width);
        EndToEndCheck check = EndToEndCheck.of(net, x, false, OPTIONS);
        double[] exact = ExactSpectrum.singularValues(t -> net.forward(t, false), x);
        System.out.printf(Locale.ROOT, "FIGURE end-to-end residual MLP depth %d: sigma in [%.6f, %.6f]"
                        + " (exact [%.6f, %.6f]),"
                        + " bounds [%.6f, %.6f]%n", depth, check.sigmaMin(), check.sigmaMax(), exact[exact.length - 1],
                exact[0], check.lowerBound(), check.upperBound());
        assertTrue(check.converged(), check.toString());
        assertTrue(check.upperHolds() && check.lowerHolds(), check.toString());
        assertTrue(check.lowerBound() > 0.3 && check.upperBound() < 3, "small branches give a useful band: " + check);
        assertEquals(exact[0], check.sigmaMax(), 1e-5 * exact[0], "stack sigma_max vs exact");
        assertEquals(exact[exact.length - 1], check.sigmaMin(), 1e-5 * exact[0], "stack sigma_min vs exact");
        double upper = 1, lower = 1;
        for (double e : check.epsilons()) {
            assertTrue(e > 0 && e <= 0.16 + 1e-6, "each branch's norm is at most ||W2|| ||W1||: " + e);
            upper *= 1 + e;
            lower *= 1 - e;
        }
        assertEquals(upper, check.upperBound(), 1e-12);
        assertEquals(lower, check.lowerBound(), 1e-12);
    }

    @Test
    void endToEndRefusesAStackWithAProjection() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        assertThrows(IllegalArgumentException.class,
                () -> EndToEndCheck.of(net, randn(1, 1, 8, 8), false, OPTIONS));
        List<Block> blocks = Block.of(net);
        assertEquals(List.of("layers.0", "layers.1", "layers.2"), blocks.stream().map(Block::name).toList());
        Function<Block, Boolean> identity = Block::identitySkip;
        assertEquals(List.of(true, false, false), blocks.stream().map(identity).toList());
    }
}
