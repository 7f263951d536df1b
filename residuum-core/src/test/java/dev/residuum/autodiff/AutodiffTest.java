package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.nn.Activation;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.nn.residual.Shortcut;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The functional derivatives of {@link Autodiff} on whole residual blocks: forward-mode
 * {@code jvp} against the finite-difference directional derivative, {@code vjp} against what
 * {@code backward} writes, and neither touching any {@code .grad}.
 */
class AutodiffTest extends SeededTest {

    private Module block(String name, boolean shortcutA) {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet20")
                .withShortcut(shortcutA ? CifarResNet.ShortcutKind.A : CifarResNet.ShortcutKind.B), rng);
        Module m = net.namedModules().get(name);
        assertNotNull(m, "no module " + name + " in " + net.namedModules().keySet());
        return m;
    }

    /** The forward and backward differences {@code (f(x + eps v) - f(x)) / eps} and {@code (f(x) - f(x - eps v)) / eps}, in double. */
    private static double[][] differences(Function<Tensor, Tensor> f, Tensor x, Tensor v, double eps) {
        float[] xd = x.data(), vd = v.data();
        Tensor plus = x.copy(), minus = x.copy();
        for (int i = 0; i < xd.length; i++) {
            plus.data()[i] = (float) (xd[i] + eps * vd[i]);
            minus.data()[i] = (float) (xd[i] - eps * vd[i]);
        }
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            float[] p = f.apply(plus).toArray(), z = f.apply(x).toArray(), m = f.apply(minus).toArray();
            double[][] d = new double[2][p.length];
            for (int i = 0; i < p.length; i++) {
                d[0][i] = ((double) p[i] - z[i]) / eps;
                d[1][i] = ((double) z[i] - m[i]) / eps;
            }
            return d;
        }
    }

    /** {@code |got - want| / |want|} in the Euclidean norm. */
    static double relativeError(float[] got, double[] want) {
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    /**
     * A whole residual convolution block, smooth so that central differences converge:
     * {@code tanh(x + bn(conv(tanh(bn(conv(x))))))} with 16 channels (the oneDNN kernels when
     * installed). In training the batch statistics make every output depend on the whole batch,
     * and the tangent must carry that dependence too.
     */
    private Module smoothBlock() {
        return ResidualBlock.builder()
                .branch(new Sequential(new Conv2d(16, 16, 3, 1, 1, false, rng), new BatchNorm(16),
                        new Activation(Activation.Kind.TANH), new Conv2d(16, 16, 3, 1, 1, true, rng),
                        new BatchNorm(16)))
                .shortcut(Shortcut.identity())
                .activation(Activation.Kind.TANH)
                .build();
    }

    @Test
    void jvpOfAResidualBlockEqualsTheDirectionalDerivative() {
        Module block = smoothBlock();
        for (boolean training : new boolean[] {true, false}) {
            Function<Tensor, Tensor> f = t -> block.forward(t, training);
            Tensor x = randn(4, 16, 8, 8), v = randn(4, 16, 8, 8);
            float[] jv = Autodiff.jvp(f, x, v).derivative().data();
            double[][] d = differences(f, x, v, 1e-2);
            double[] central = new double[jv.length];
            for (int i = 0; i < jv.length; i++) central[i] = (d[0][i] + d[1][i]) / 2;
            double err = relativeError(jv, central);
            assertTrue(err < 1e-3, "training=" + training + ": jvp vs central difference, relative error " + err);
            assertTrue(Reductions.norm(jv) > 1, "the tangent is not trivially small: " + Reductions.norm(jv));
        }
    }

    /**
     * He et al.'s basic block with ReLUs. In evaluation it is piecewise linear in x, so a one-sided
     * difference that crosses no kink equals {@code J v} up to rounding; a central difference
     * would average two linear pieces wherever the step crosses a kink (about one element in a
     * thousand here). Per element, the one-sided difference closer to the tangent is taken.
     */
    @Test
    void jvpOfCifarBlocksEqualsTheDirectionalDerivative() {
        for (String name : new String[] {"layers.0", "layers.3"}) { // identity; stride 2 with option A (subsample, zero channels)
            Module block = block(name, true);
            Function<Tensor, Tensor> f = t -> block.forward(t, false);
            Tensor x = randn(4, 16, 8, 8), v = randn(4, 16, 8, 8);
            float[] jv = Autodiff.jvp(f, x, v).derivative().data();
            double[][] d = differences(f, x, v, 1e-3);
            double[] oneSided = new double[jv.length];
            for (int i = 0; i < jv.length; i++) {
                oneSided[i] = Math.abs(d[0][i] - jv[i]) < Math.abs(d[1][i] - jv[i]) ? d[0][i] : d[1][i];
            }
            double err = relativeError(jv, oneSided);
            assertTrue(err < 1e-3, name + ": jvp vs one-sided differences, relative error " + err);
            assertTrue(Reductions.norm(jv) > 1, name + ": the tangent is not trivially small: " + Reductions.norm(jv));
        }
    }

    /** In training (batch statistics, ReLUs): forward mode agrees with reverse mode, {@code <u, Jv> = <J^T u, v>}. */
    @Test
    void jvpOfATrainingCifarBlockIsTheTransposeOfItsVjp() {
        for (boolean optionA : new boolean[] {true, false}) {
            Module block = block("layers.3", optionA);
            Autodiff.Linearization lin = Autodiff.linearize(t -> block.forward(t, true), randn(4, 16, 8, 8));
            Tensor v = randn(4, 16, 8, 8), u = randn(lin.output().shape().dims());
            assertDuality(lin, u, v, 1e-5);
        }
    }

    private static void assertDuality(Autodiff.Linearization lin, Tensor u, Tensor v, double rtol) {
        float[] jv = lin.jvp(v).data(), jtu = lin.vjp(u).data();
        double left = 0, right = 0, scale = 0;
        for (int i = 0; i < jv.length; i++) {
            left += (double) u.data()[i] * jv[i];
            scale += Math.abs((double) u.data()[i] * jv[i]);
        }
        for (int i = 0; i < jtu.length; i++) {
            right += (double) jtu[i] * v.data()[i];
        }
        assertEquals(left, right, rtol * scale, "<u, Jv> against <J^T u, v>");
    }

    @Test
    void vjpOfABlockEqualsTheGradientThatBackwardWrites() {
        Module block = block("layers.0", true);
        Tensor x = randn(3, 16, 8, 8), u = randn(3, 16, 8, 8);
        Tensor[] viaBackward = new Tensor[1];
        Tensor leaf = x.copy().requiresGrad(true);
        block.forward(leaf, true).backward(u);
        viaBackward[0] = leaf.grad();
        float[] weightGrad = block.parameters().get(0).grad().toArray();
        block.zeroGrad();

        Tensor leaf2 = x.copy().requiresGrad(true);
        Tensor y = block.forward(leaf2, true);
        Tensor w = block.parameters().get(0).value();
        Tensor[] g = Autodiff.vjp(new Tensor[] {y}, new Tensor[] {u}, leaf2, w);
        // the same rules in the same order on the same shapes: the same bits
        assertArrayEquals(viaBackward[0].data(), g[0].data());
        assertArrayEquals(weightGrad, g[1].data());
        assertNull(leaf2.grad(), "vjp wrote the input's .grad");
        for (Parameter p : block.parameters()) {
            assertNull(p.grad(), "vjp wrote a parameter's .grad");
        }
        // the tape is kept: backward still works afterwards, and gives the same gradient again
        y.backward(u);
        assertArrayEquals(viaBackward[0].data(), leaf2.grad().data());
    }

    @Test
    void forwardAndReverseAgreeOnADeepReZeroMlp() {
        // <u, J v> = <J^T u, v> through 50 residual blocks, from one recorded forward pass
        Module net = ResidualMlp.builder().inputs(6).width(16).depth(50).outputs(3)
                .scale(ResidualScale.SCALAR).build(rng);
        for (Parameter p : net.parameters()) { // move alpha off 0 so that the blocks matter
            if (p.numel() == 1) p.value().data()[0] = 0.3f;
        }
        Autodiff.Linearization lin = Autodiff.linearize(t -> net.forward(t, true), randn(5, 6));
        for (int trial = 0; trial < 3; trial++) {
            assertDuality(lin, randn(5, 3), randn(5, 6), 1e-5);
        }
        for (Parameter p : net.parameters()) {
            assertNull(p.grad(), "linearize/jvp/vjp wrote a parameter's .grad");
        }
    }

    @Test
    void gradOfALossWithRespectToParametersLeavesGradAlone() {
        Module net = ResidualMlp.builder().inputs(4).width(8).depth(3).outputs(1).build(rng);
        Tensor x = randn(7, 4), target = randn(7, 1);
        Tensor loss = net.forward(x, true).mse(target);
        Parameter first = net.parameters().get(0);
        Tensor[] g = Autodiff.grad(loss, first.value());
        assertNull(first.grad());
        loss.backward();
        assertArrayEquals(first.grad().data(), g[0].data());
    }

    @Test
    void anInputOffThePathGetsAZeroGradientAndAZeroTangent() {
        Tensor a = randn(3).requiresGrad(true), b = randn(3).requiresGrad(true);
        Tensor y = a.mul(a);
        Tensor[] g = Autodiff.grad(y.sum(), a, b);
        assertArrayEquals(new float[3], g[1].data());
        Tensor dy = Autodiff.jvp(new Tensor[] {y}, new Tensor[] {b}, new Tensor[] {randn(3)})[0];
        assertArrayEquals(new float[3], dy.data());
    }

    @Test
    void derivativesWithRespectToAnIntermediateTensor() {
        // y = tanh(h), h = 2x: dy/dh at h, not through x
        Tensor x = randn(4).requiresGrad(true);
        Tensor h = x.mul(2f);
        Tensor y = h.tanh();
        Tensor v = randn(4);
        float[] dy = Autodiff.jvp(new Tensor[] {y}, new Tensor[] {h}, new Tensor[] {v})[0].data();
        float[] gh = Autodiff.grad(y.sum(), h)[0].data();
        for (int i = 0; i < 4; i++) {
            double t = Math.tanh(h.data()[i]);
            assertEquals((1 - t * t) * v.data()[i], dy[i], 1e-5);
            assertEquals(1 - t * t, gh[i], 1e-5);
        }
    }

    @Test
    void badCallsSayWhatIsWrong() {
        Tensor x = randn(3);
        Tensor y = x.mul(2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(y.sum(), x));
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
        Tensor leaf = randn(3).requiresGrad(true);
        Tensor z = leaf.exp();
        assertThrows(dev.residuum.tensor.ShapeException.class,
                () -> Autodiff.jvp(new Tensor[] {z}, new Tensor[] {leaf}, new Tensor[] {randn(4)}));
        assertThrows(dev.residuum.tensor.ShapeException.class, () -> Autodiff.grad(z, leaf));
        z.sum().backward(); // frees the tape
        IllegalStateException freed = assertThrows(IllegalStateException.class,
                () -> Autodiff.jvp(new Tensor[] {z}, new Tensor[] {leaf}, new Tensor[] {randn(3)}));
        assertTrue(freed.getMessage().contains("freed"), freed.getMessage());
    }

    @Test
    void linearizeRecordsEvenInsideNoGrad() {
        Module net = ResidualMlp.builder().inputs(3).width(4).depth(2).outputs(2).build(rng);
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            Autodiff.Linearization lin = Autodiff.linearize(t -> net.forward(t, false), randn(2, 3));
            Tensor jv = lin.jvp(randn(2, 3));
            assertEquals(lin.output().shape(), jv.shape());
            assertTrue(Graph.isGradEnabled() == false, "the no-grad scope is restored");
        }
    }
}
