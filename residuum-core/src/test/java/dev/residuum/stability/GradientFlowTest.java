package dev.residuum.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.LongSkips;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients by block from one forward pass: the seed's deep linear case, plain vs residual, agreement
 * with backward.
 */
class GradientFlowTest extends SeededTest {

    private static Function<Tensor, Tensor> mseTo(Tensor target) {
        return y -> y.mse(target);
    }

    private static double norm(Tensor t) {
        return Vectors.norm(t);
    }

    /**
     * The deep linear case of the seed: {@code x_{l+1} = x_l + W_l x_l} with every {@code W_l = 0}.
     * Every block sees the same input (x) and the same output gradient, so every block receives the
     * same gradient {@code G = g x^T}, bit for bit; the gradients of consecutive blocks have cosine 1.
     * After one SGD step ({@code W_l = -lr G} for all l) the stack is {@code (I - lr G)^L = I - L lr G
     * + O(lr^2)}: the first update moves the end-to-end map L times as far as one block's update
     * alone. The second-order remainder is bounded by {@code (1 + lr g)^L - 1 - L lr g} with
     * {@code g = ||G||_F}, which the test allows (plus float32 rounding of the outputs).
     */
    @Test
    void deepLinearZeroInitBlocksShareOneGradientAndTheFirstUpdateIsLTimesOneBlocks() {
        int width = 8, depth = 12;
        Nets.LinearStack net = new Nets.LinearStack(width, depth, true, rng);
        Tensor x = randn(5, width), target = randn(5, width);
        BlockGradients grads = BlockGradients.of(net, x, mseTo(target), false);
        float[] g0 = grads.parameterGrads(0)[0].toArray();
        assertTrue(norm(grads.parameterGrads(0)[0]) > 0.1, "the gradient is not trivially zero");
        for (int l = 1; l < depth; l++) {
            assertArrayEquals(g0, grads.parameterGrads(l)[0].data(), "block " + l + " gets block 0's gradient");
            assertArrayEquals(grads.activationGrad(0).data(), grads.activationGrad(l).data(),
                    "dL/dx_" + l + " = dL/dx_0");
        }
        for (double c : grads.consecutiveCosines()) {
            assertEquals(1, c, 1e-12, "identical gradients have cosine 1");
        }
        double lr = 1e-3, g = norm(grads.parameterGrads(0)[0]);
        Tensor before = forward(net, x);
        step(net.weight(0), g0, lr);
        Tensor oneBlock = forward(net, x);
        for (int l = 1; l < depth; l++) {
            step(net.weight(l), g0, lr);
        }
        Tensor all = forward(net, x);
        double[] dOne = difference(oneBlock, before), dAll = difference(all, before);
        double err = 0, size = 0;
        for (int i = 0; i < dAll.length; i++) {
            err += Math.pow(dAll[i] - depth * dOne[i], 2);
            size += Math.pow(depth * dOne[i], 2);
        }
        err = Math.sqrt(err);
        size = Math.sqrt(size);
        double remainder = (Math.pow(1 + lr * g, depth) - 1 - depth * lr * g) * norm(x);
        double rounding = 1e-6 * depth * norm(x);
        System.out.printf(Locale.ROOT, "FIGURE deep linear L=%d lr=%.0e: ||D_all - L D_one|| = %.3e,"
                + " ||L D_one|| = %.3e, second-order bound %.3e%n", depth, lr, err, size, remainder);
        assertTrue(size > 1e-3, "the update moves the map: " + size);
        assertTrue(err <= remainder + rounding, "first update = L x one block's up to O(lr^2): error " + err
                + ", allowed " + (remainder + rounding) + " (of " + size + ")");
    }

    private static Tensor forward(Module net, Tensor x) {
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            return net.forward(x, false);
        }
    }

    private static void step(Tensor w, float[] grad, double lr) {
        float[] d = w.data();
        for (int i = 0; i < d.length; i++) {
            d[i] -= (float) (lr * grad[i]);
        }
    }

    private static double[] difference(Tensor a, Tensor b) {
        double[] d = new double[a.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (double) a.data()[i] - b.data()[i];
        }
        return d;
    }

    private static double[] inputGradNorms(Module net, Tensor x, Tensor target) {
        List<BlockGradients.Flow> flow = BlockGradients.of(net, x, mseTo(target), false).flow();
        double[] out = new double[flow.size()];
        for (int l = 0; l < out.length; l++) {
            out[l] = flow.get(l).inputGradNorm();
        }
        return out;
    }

    private static double span(double[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi / lo;
    }

    /**
     * At initialisation (PyTorch's default uniform init), a plain 30-block tanh MLP (each block
     * {@code W2 tanh(W1 x)}, so a gain of about 1/3 per block) makes {@code ||dL/dx_l||} span many
     * orders of magnitude over depth; its residual twin ({@code x + W2 tanh(W1 x)}, the same weights)
     * keeps it within a small band.
     */
    @Test
    void plainThirtyBlockTanhMlpSpansOrdersOfMagnitudeAndItsResidualTwinDoesNot() {
        long seed = rng.nextLong();
        ResidualMlp.Builder b = ResidualMlp.builder().inputs(16).width(32).depth(30).outputs(4);
        Module residual = b.skips(true).build(new Rng(seed));
        Module plain = b.skips(false).build(new Rng(seed));
        assertArrayEquals(residual.namedParameters().get("blocks.7.branch.0.weight").value().data(),
                plain.namedParameters().get("blocks.7.0.weight").value().data(), "twins share their weights");
        Tensor x = randn(16, 16), target = randn(16, 4);
        double[] r = inputGradNorms(residual, x, target), p = inputGradNorms(plain, x, target);
        System.out.printf(Locale.ROOT, "FIGURE gradient flow tanh MLP depth 30: plain ||dL/dx_l|| %.3e (l=0)"
                + " .. %.3e (l=29), span %.3e; residual %.3e .. %.3e, span %.3f%n", p[0], p[29], span(p), r[0], r[29],
                span(r));
        assertTrue(span(p) > 1e6, "plain: ||dL/dx_l|| from " + p[0] + " (block 0) to " + p[29] + " (block 29), span "
                + span(p) + ", expected over 1e6");
        assertTrue(span(r) < 5, "residual: ||dL/dx_l|| from " + r[0] + " to " + r[29] + ", span " + span(r)
                + ", expected under 5");
    }

    /** On a CIFAR ResNet in training mode: norms equal those from backward(), no .grad written, buffers kept. */
    @Test
    void agreesWithBackwardWritesNoGradAndKeepsBuffers() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Tensor x = randn(4, 1, 8, 8);
        int[] labels = {1, 3, 0, 7};
        Map<String, float[]> buffers = new java.util.LinkedHashMap<>();
        net.namedBuffers().forEach((n, t) -> buffers.put(n, t.toArray()));
        BlockGradients grads = BlockGradients.of(net, x, y -> y.crossEntropy(labels), true);
        for (Parameter p : net.parameters()) {
            assertNull(p.grad(), "no .grad written");
        }
        net.namedBuffers().forEach((n, t) -> assertArrayEquals(buffers.get(n), t.data(), n + " restored"));
        net.forward(x, true).crossEntropy(labels).backward();
        List<Block> blocks = Block.of(net);
        for (int l = 0; l < blocks.size(); l++) {
            double squares = 0;
            for (Parameter p : blocks.get(l).parameters()) {
                squares += Vectors.dot(p.grad(), p.grad());
            }
            BlockGradients.Flow f = grads.flow().get(l);
            assertEquals(blocks.get(l).name(), f.name());
            assertEquals(Math.sqrt(squares), f.parameterGradNorm(), 1e-5 * Math.sqrt(squares), f.toString());
            assertTrue(f.inputGradNorm() > 0, f.toString());
        }
        assertTrue(Double.isNaN(grads.consecutiveCosines()[0]), "layers.0 and layers.1 differ in shape");
    }

    /**
     * With long skips every 5 blocks, the plain 30-block tanh MLP's {@code ||dL/dx_l||} stays within a
     * few orders instead of 14, and the instrument follows the long skips: its parameter gradients are
     * those of backward() on the same model.
     */
    @Test
    void longSkipsShrinkThePlainStacksSpanAndTheInstrumentFollowsThem() {
        long seed = rng.nextLong();
        ResidualMlp.Builder b = ResidualMlp.builder().inputs(16).width(32).depth(30).outputs(4).skips(false);
        Module chain = b.build(new Rng(seed));
        Module skipped = b.longSkips(LongSkips.every(5)).build(new Rng(seed));
        Tensor x = randn(16, 16), target = randn(16, 4);
        double[] p = inputGradNorms(chain, x, target), s = inputGradNorms(skipped, x, target);
        System.out.printf(Locale.ROOT, "FIGURE plain tanh MLP depth 30: span of ||dL/dx_l|| %.3e without long skips,"
                + " %.3e with every:5%n", span(p), span(s));
        assertTrue(span(p) > 1e6 && span(s) < 1e3 && span(s) * 1e4 < span(p), span(p) + " vs " + span(s));
        BlockGradients grads = BlockGradients.of(skipped, x, mseTo(target), true);
        skipped.forward(x, true).mse(target).backward();
        List<Block> blocks = Block.of(skipped);
        for (int l = 0; l < blocks.size(); l++) {
            Tensor[] g = grads.parameterGrads(l);
            for (int i = 0; i < g.length; i++) {
                Tensor expected = blocks.get(l).parameters().get(i).grad();
                assertArrayEquals(expected.data(), g[i].data(), (float) (1e-5 * norm(expected) + 1e-12),
                        blocks.get(l).name() + " parameter " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EndToEndCheck.of(ResidualMlp.builder().width(4).depth(4)
                .longSkips(LongSkips.uShaped()).build(new Rng(1)), randn(2, 4), false, IterationOptions.DEFAULT));
    }

    @Test
    void refusesAModelWithoutStages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockGradients.of(new Linear(3, 3, true, rng), randn(2, 3), Tensor::sum, false));
        assertTrue(e.getMessage().contains("StagedNetwork"), e.getMessage());
    }
}
