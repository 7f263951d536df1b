package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of every primitive in {@link Op}, of its gradient (reverse mode) and
 * of its Jacobian–vector product (forward mode), on random shapes and values; {@link #everyPrimitiveHasAGradientCheck()} fails when a primitive has none. Inputs
 * are kept away from kinks (0 for relu/abs, |x| = tau for soft-thresholding, ties for max) by
 * more than the finite-difference step.
 */
class PrimitiveGradientTest extends SeededTest {
    private static final double EPS = 1e-2;
    private static final double ATOL = 2e-3;
    private static final double RTOL = 1e-2;

    private record Case(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
    }

    private final Map<Op, List<Case>> cases = new EnumMap<>(Op.class);

    private void add(Op op, String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        cases.computeIfAbsent(op, k -> new ArrayList<>()).add(new Case(op + " " + name, f, inputs));
    }

    /** Values with |v| >= margin, random sign. */
    private Tensor awayFromZero(float margin, int... dims) {
        Tensor t = randn(dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.copySign(margin + Math.abs(d[i]), d[i]);
        }
        return t;
    }

    /** Distinct values spaced by at least 0.1 in random order (no near-ties for max). */
    private Tensor distinct(int... dims) {
        Tensor t = Tensor.zeros(dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1f * i - 0.05f * d.length;
        }
        for (int i = d.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return t;
    }

    private void buildCases() {
        int a = size(1, 4), b = size(2, 5), c = size(2, 4);
        add(Op.ADD, "same shape", x -> x[0].add(x[1]), randn(a, b), randn(a, b));
        add(Op.ADD, "bias over rows", x -> x[0].add(x[1]), randn(a, b), randn(b));
        add(Op.ADD, "general broadcast", x -> x[0].add(x[1]), randn(2, c, b), randn(c, 1));
        add(Op.SUB, "scalar minus tensor", x -> x[0].sub(x[1]), randn(), randn(a, b));
        add(Op.SUB, "tensor minus row", x -> x[0].sub(x[1]), randn(a, b), randn(1, b));
        add(Op.MUL, "same shape", x -> x[0].mul(x[1]), randn(a, b), randn(a, b));
        add(Op.MUL, "by scalar", x -> x[0].mul(x[1]), randn(a, b), randn());
        add(Op.MUL, "per channel", x -> x[0].mul(x[1]), randn(2, c, 3, 2), randn(1, c, 1, 1));
        add(Op.DIV, "same shape", x -> x[0].div(x[1]), randn(a, b), uniform(1f, 2f, a, b));
        add(Op.DIV, "by row", x -> x[0].div(x[1]), randn(a, b), uniform(-2f, -1f, b));
        add(Op.NEG, "", x -> x[0].neg(), randn(a, b, c));
        add(Op.RESIDUAL_ADD, "x + alpha f", x -> Arithmetic.residualAdd(x[0], x[1], x[2]), randn(a, b), randn(),
                randn(a, b));
        add(Op.RESIDUAL_ADD, "x + alpha x (shared)", x -> Arithmetic.residualAdd(x[0], x[1], x[0]), randn(a, b),
                randn());
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = size(1, 5), k = size(1, 5), n = size(1, 5);
            add(Op.MATMUL, "tiny transA=" + ta + " transB=" + tb, x -> Products.matmul(x[0], ta, x[1], tb),
                    ta ? randn(k, m) : randn(m, k), tb ? randn(n, k) : randn(k, n));
        }
        add(Op.MATMUL, "BLAS-sized", x -> x[0].matmul(x[1]), randn(18, 17), randn(17, 19));
        add(Op.MATMUL, "BLAS-sized, B transposed", x -> Products.matmul(x[0], false, x[1], true),
                randn(18, 17), randn(19, 17));
        int lm = size(1, 5), lk = size(1, 5), ln = size(1, 5);
        add(Op.LINEAR, "tiny, with bias", x -> Products.linear(x[0], x[1], x[2]), randn(lm, lk), randn(ln, lk),
                randn(ln));
        add(Op.LINEAR, "tiny, no bias", x -> Products.linear(x[0], x[1], null), randn(lm, lk), randn(ln, lk));
        add(Op.LINEAR, "BLAS-sized, with bias", x -> Products.linear(x[0], x[1], x[2]), randn(18, 17),
                randn(19, 17), randn(19));
        add(Op.LINEAR, "input shared with the weight", x -> Products.linear(x[0], x[0], x[1]), randn(4, 4),
                randn(4));
        add(Op.LINEAR_TANH, "tiny, with bias", x -> Products.linearTanh(x[0], x[1], x[2]), randn(lm, lk),
                randn(ln, lk), randn(ln));
        add(Op.LINEAR_TANH, "BLAS-sized, no bias", x -> Products.linearTanh(x[0], x[1], null), randn(18, 17),
                randn(19, 17).mul(0.3f));
        add(Op.TRANSPOSE, "last two", x -> x[0].t(), randn(a, b));
        add(Op.TRANSPOSE, "axes 0 and 2", x -> x[0].transpose(0, 2), randn(a, b, c));
        add(Op.RESHAPE, "", x -> x[0].reshape(b, a * c), randn(a, b, c));
        add(Op.EXPAND, "", x -> x[0].expand(2, c, b), randn(c, 1));
        add(Op.SUM, "all", x -> x[0].sum(), randn(a, b));
        add(Op.SUM, "axis 1", x -> x[0].sum(1, false), randn(a, b, c));
        add(Op.SUM, "axes 0,2 keepDim", x -> Reductions.sum(x[0], new int[] {0, 2}, true), randn(a, b, c));
        add(Op.MEAN, "all", x -> x[0].mean(), randn(a, b));
        add(Op.MEAN, "axis -1 keepDim", x -> x[0].mean(-1, true), randn(a, b, c));
        add(Op.MAX, "axis 1", x -> x[0].max(1, false), distinct(a, b, c));
        add(Op.MAX, "axis 0 keepDim", x -> x[0].max(0, true), distinct(b, c));
        add(Op.EXP, "", x -> x[0].exp(), randn(a, b));
        add(Op.LOG, "", x -> x[0].log(), uniform(0.5f, 3f, a, b));
        add(Op.SQRT, "", x -> x[0].sqrt(), uniform(0.5f, 3f, a, b));
        add(Op.POW, "2", x -> x[0].pow(2f), randn(a, b));
        add(Op.POW, "2.5", x -> x[0].pow(2.5f), uniform(0.5f, 2f, a, b));
        add(Op.ABS, "", x -> x[0].abs(), awayFromZero(0.05f, a, b));
        add(Op.RELU, "", x -> x[0].relu(), awayFromZero(0.05f, a, b));
        add(Op.TANH, "", x -> x[0].tanh(), randn(a, b));
        add(Op.SIGMOID, "", x -> x[0].sigmoid(), randn(a, b));
        add(Op.SOFTPLUS, "", x -> x[0].softplus(), randn(a, b).mul(3f));
        Tensor sx = randn(2, c, 3, 3);
        Tensor tau = uniform(0.2f, 0.6f, 2, c, 1, 1);
        keepAwayFromThreshold(sx, tau);
        add(Op.SOFT_THRESHOLD, "per channel, in x and tau", x -> x[0].softThreshold(x[1]), sx, tau);
        Tensor sx2 = randn(a, b);
        Tensor tau2 = uniform(0.2f, 0.6f);
        keepAwayFromThreshold(sx2, tau2);
        add(Op.SOFT_THRESHOLD, "scalar tau", x -> x[0].softThreshold(x[1]), sx2, tau2);
        add(Op.CONCAT, "axis 1", x -> Shaping.concat(1, x[0], x[1], x[2]), randn(a, 2, c), randn(a, 3, c),
                randn(a, 1, c));
        add(Op.SLICE, "", x -> x[0].slice(1, 1, b), randn(a, b, c));
        add(Op.INDEX_SELECT, "with repeats", x -> x[0].indexSelect(0, 2, 0, 2, 1), randn(3, b));
        add(Op.LOG_SOFTMAX, "last axis", x -> x[0].logSoftmax(-1), randn(a, b));
        add(Op.LOG_SOFTMAX, "axis 0", x -> x[0].logSoftmax(0), randn(b, c));
        int[] labels = new int[a];
        for (int i = 0; i < a; i++) {
            labels[i] = rng.nextInt(b);
        }
        add(Op.CROSS_ENTROPY, "", x -> x[0].crossEntropy(labels), randn(a, b));
        add(Op.MSE, "both inputs", x -> x[0].mse(x[1]), randn(a, b), randn(a, b));
        add(Op.CONV2D, "3x3 stride 1 pad 1 with bias", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 1),
                randn(2, 3, 5, 4), randn(4, 3, 3, 3), randn(4));
        add(Op.CONV2D, "5x5 stride 1 pad 2 (shifted products)", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 2),
                randn(1, 8, 4, 5), randn(8, 8, 5, 5), randn(8));
        add(Op.CONV2D, "3x3 stride 1 pad 1, 8 channels (shifted products)",
                x -> Convolution.conv2d(x[0], x[1], null, 1, 1), randn(2, 8, 5, 4), randn(9, 8, 3, 3));
        add(Op.CONV2D, "3x5 kernel, same size (unfolded)", x -> Convolution.conv2d(x[0], x[1], null, 1, 1),
                randn(1, 2, 5, 5), randn(2, 2, 3, 3));
        add(Op.CONV2D, "3x3 stride 2 pad 1", x -> Convolution.conv2d(x[0], x[1], null, 2, 1),
                randn(2, 2, 7, 6), randn(3, 2, 3, 3));
        add(Op.CONV2D, "3x3 stride 2 pad 1, 8 channels, even size (phase products)",
                x -> Convolution.conv2d(x[0], x[1], null, 2, 1), randn(3, 8, 6, 4), randn(9, 8, 3, 3));
        add(Op.CONV2D, "1x1 stride 2 (projection)", x -> Convolution.conv2d(x[0], x[1], null, 2, 0),
                randn(2, 3, 6, 6), randn(5, 3, 1, 1));
        add(Op.CONV2D, "1x1 stride 1 (pointwise path)", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 0),
                randn(3, 4, 3, 2), randn(2, 4, 1, 1), randn(2));
        add(Op.CONV2D, "2x3 kernel, no padding", x -> Convolution.conv2d(x[0], x[1], null, 1, 0),
                randn(1, 2, 5, 5), randn(3, 2, 2, 3));
        Tensor rm = randn(3), rv = uniform(0.5f, 2f, 3);
        add(Op.BATCH_NORM, "training", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true, 0.1f, 1e-5f),
                randn(4, 3, 2, 3), uniform(0.5f, 1.5f, 3), randn(3));
        add(Op.BATCH_NORM, "evaluation", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, false, 0.1f, 1e-5f),
                randn(2, 3, 2, 2), uniform(0.5f, 1.5f, 3), randn(3));
        add(Op.BATCH_NORM, "training, fused ReLU", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true, 0.1f,
                1e-5f, null, true), randn(4, 3, 2, 3), uniform(0.5f, 1.5f, 3), uniform(2f, 3f, 3)); // kink mostly avoided
        add(Op.BATCH_NORM, "training, plus a residual", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true,
                0.1f, 1e-5f, x[3], false), randn(2, 3, 2, 2), uniform(0.5f, 1.5f, 3), randn(3), randn(2, 3, 2, 2));
        add(Op.BATCH_NORM, "training on [N, C]", x -> Normalization.batchNorm(x[0], x[1], null, rm, rv, true, 0.1f,
                1e-5f), randn(6, 3), uniform(0.5f, 1.5f, 3));
        add(Op.MAX_POOL2D, "3x3 stride 2 pad 1", x -> Pooling.maxPool2d(x[0], 3, 2, 1), distinct(2, 2, 5, 5));
        add(Op.SUBSAMPLE, "stride 2, odd size", x -> Pooling.subsample(x[0], 2), randn(2, 3, 5, 4));
    }

    /** Moves each x so that | |x| - tau | >= 0.1 (the kink of soft-thresholding). */
    private static void keepAwayFromThreshold(Tensor x, Tensor tau) {
        float[] xd = x.data();
        float[] td = tau.data();
        int per = xd.length / td.length;
        for (int i = 0; i < xd.length; i++) {
            float t = td[i / per];
            if (Math.abs(Math.abs(xd[i]) - t) < 0.1f) {
                xd[i] = Math.copySign(t + 0.15f, xd[i] == 0f ? 1f : xd[i]);
            }
        }
    }

    /** A check of one case: inputs, seed, the report. */
    private interface Checker {
        GradCheck.Report run(Case c, long seed);
    }

    private Stream<DynamicTest> everyCase(long firstSeed, Checker checker) {
        buildCases();
        List<DynamicTest> tests = new ArrayList<>();
        long seed = firstSeed;
        for (List<Case> list : cases.values()) {
            for (Case c : list) {
                long s = seed++;
                tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                    GradCheck.Report r = checker.run(c, s);
                    assertTrue(r.passed(), c.name() + ": " + r.worst());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        return everyCase(1, (c, s) -> GradCheck.check(c.f(), c.inputs(), EPS, ATOL, RTOL, s));
    }

    /**
     * Forward mode: every primitive's Jacobian–vector product against central differences along a
     * random direction, and against its own vector–Jacobian product ({@code <u, Jv> = <J^T u, v>}).
     * The same cases as the gradient checks, so {@link #everyPrimitiveHasAGradientCheck()} covers
     * both.
     */
    @TestFactory
    Stream<DynamicTest> jvpsMatchFiniteDifferences() {
        return everyCase(1000, (c, s) -> GradCheck.checkJvp(c.f(), c.inputs(), EPS, ATOL, RTOL, s));
    }

    @Test
    void everyPrimitiveHasAGradientCheck() {
        buildCases();
        Set<Op> missing = EnumSet.allOf(Op.class);
        missing.removeAll(cases.keySet());
        assertTrue(missing.isEmpty(), "primitives without a gradient check: " + missing);
    }

    @Test
    void fusedLinearEqualsTheComposition() {
        // BLAS-sized (Gemm's native path) and a product the Java kernel takes, with the bias's
        // gradient summed over many rows; the values differ from add(matmul(x, w^T), b) only in
        // the order of float roundings
        for (int[] mkn : new int[][] {{256, 64, 64}, {3, 2, 4}}) {
            Tensor x = randn(mkn[0], mkn[1]), w = randn(mkn[2], mkn[1]), b = randn(mkn[2]);
            Tensor seed = randn(mkn[0], mkn[2]);
            Tensor[] fused = {x.copy().requiresGrad(true), w.copy().requiresGrad(true), b.copy().requiresGrad(true)};
            Tensor[] plain = {x.copy().requiresGrad(true), w.copy().requiresGrad(true), b.copy().requiresGrad(true)};
            Tensor yf = Products.linear(fused[0], fused[1], fused[2]);
            Tensor yp = Products.matmul(plain[0], false, plain[1], true).add(plain[2]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(yp.data(), yf.data(), 1e-4f);
            yf.backward(seed);
            yp.backward(seed);
            for (int i = 0; i < 3; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(plain[i].grad().data(), fused[i].grad().data(),
                        2e-3f, "gradient of input " + i + " at " + java.util.Arrays.toString(mkn));
            }
        }
    }

    @Test
    void linearNamesTheShapesThatDoNotFit() {
        dev.residuum.tensor.ShapeException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.residuum.tensor.ShapeException.class, () -> Products.linear(randn(3, 4), randn(5, 2), null));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5, 2]"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.residuum.tensor.ShapeException.class,
                () -> Products.linear(randn(3, 4), randn(5, 4), randn(4)));
        assertTrue(e.getMessage().contains("bias [5]"), e.getMessage());
    }

    @Test
    void fusedBatchNormAddReluEqualsTheComposition() {
        // finite differences cannot probe the ReLU's kink inside batch norm (every input moves every
        // output of its channel), so the fused mask is checked against relu(batchNorm(x)) exactly
        Tensor x = randn(4, 3, 3, 3), gamma = uniform(0.5f, 1.5f, 3), beta = randn(3);
        Tensor seed = randn(4, 3, 3, 3);
        Tensor[] fused = {x.copy().requiresGrad(true), gamma.copy().requiresGrad(true), beta.copy().requiresGrad(true)};
        Tensor[] plain = {x.copy().requiresGrad(true), gamma.copy().requiresGrad(true), beta.copy().requiresGrad(true)};
        Tensor r = randn(4, 3, 3, 3);
        Tensor rf = r.copy().requiresGrad(true), rp = r.copy().requiresGrad(true);
        Tensor yf = Normalization.batchNorm(fused[0], fused[1], fused[2], Tensor.zeros(3), Tensor.ones(3), true, 0.1f,
                1e-5f, rf, true);
        Tensor yp = Normalization.batchNorm(plain[0], plain[1], plain[2], Tensor.zeros(3), Tensor.ones(3), true, 0.1f,
                1e-5f).add(rp).relu();
        org.junit.jupiter.api.Assertions.assertArrayEquals(yp.data(), yf.data(), 1e-6f);
        yf.backward(seed);
        yp.backward(seed);
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(plain[i].grad().data(), fused[i].grad().data(), 1e-5f);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(rp.grad().data(), rf.grad().data(), 1e-6f);
        int zeros = 0;
        for (float v : yf.data()) zeros += v == 0f ? 1 : 0;
        assertTrue(zeros > 10, "the ReLU must be active somewhere for this test to mean anything: " + zeros);
    }

    /**
     * y = x * detach(x): forward x^2, but one path of the recorded derivative is cut, so the gradient
     * is x (not 2x) and the tangent Jv = x v (not 2 x v); both checks must see it.
     */
    @Test
    void gradAndJvpChecksCatchACutPath() {
        Tensor[] x = {uniform(0.5f, 1.5f, 3, 4)};
        Function<Tensor[], Tensor> f = in -> in[0].mul(in[0].detach());
        GradCheck.Report vjp = GradCheck.check(f, x, EPS, ATOL, RTOL, 7);
        assertFalse(vjp.passed(), "a gradient off by a factor of 2 must fail the check");
        assertTrue(vjp.maxAbsError() > 0.4, "error found: " + vjp.maxAbsError());
        GradCheck.Report jvp = GradCheck.checkJvp(f, x, EPS, ATOL, RTOL, 7);
        assertFalse(jvp.passed(), "a tangent off by a factor of 2 must fail the check");
        assertTrue(jvp.maxAbsError() > 0.1, "error found: " + jvp.maxAbsError());
    }

    @Test
    void gradientsFlowToInputsAsWellAsParameters() {
        Tensor x = randn(3, 4).requiresGrad(true);
        Tensor w = randn(4, 2).requiresGrad(true);
        x.matmul(w).tanh().sum().backward();
        assertEquals(x.shape(), x.grad().shape());
        assertEquals(w.shape(), w.grad().shape());
        float norm = 0;
        for (float v : x.grad().data()) {
            norm += Math.abs(v);
        }
        assertTrue(norm > 0, "dL/dx must be non-zero");
    }
}
