package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Arithmetic.Add;
import dev.residuum.autodiff.Arithmetic.Div;
import dev.residuum.autodiff.Arithmetic.Mul;
import dev.residuum.autodiff.Arithmetic.Neg;
import dev.residuum.autodiff.Arithmetic.ResidualAdd;
import dev.residuum.autodiff.Convolution.Conv2d;
import dev.residuum.autodiff.Losses.CrossEntropy;
import dev.residuum.autodiff.Losses.LogSoftmax;
import dev.residuum.autodiff.Losses.MeanSquaredError;
import dev.residuum.autodiff.Normalization.BatchNorm;
import dev.residuum.autodiff.Pointwise.Abs;
import dev.residuum.autodiff.Pointwise.Exp;
import dev.residuum.autodiff.Pointwise.Log;
import dev.residuum.autodiff.Pointwise.Pow;
import dev.residuum.autodiff.Pointwise.Relu;
import dev.residuum.autodiff.Pointwise.Sigmoid;
import dev.residuum.autodiff.Pointwise.SoftThreshold;
import dev.residuum.autodiff.Pointwise.Softplus;
import dev.residuum.autodiff.Pointwise.Sqrt;
import dev.residuum.autodiff.Pointwise.Tanh;
import dev.residuum.autodiff.Pooling.MaxPool2d;
import dev.residuum.autodiff.Pooling.Subsample;
import dev.residuum.autodiff.Products.Linear;
import dev.residuum.autodiff.Products.LinearTanh;
import dev.residuum.autodiff.Products.ResidualTanhMlp;
import dev.residuum.autodiff.Products.MatMul;
import dev.residuum.autodiff.Reductions.Max;
import dev.residuum.autodiff.Reductions.Sum;
import dev.residuum.autodiff.Shaping.Concat;
import dev.residuum.autodiff.Shaping.Expand;
import dev.residuum.autodiff.Shaping.Gather;
import dev.residuum.autodiff.Shaping.Reshape;
import dev.residuum.autodiff.Shaping.Transpose;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of every {@link Primitive} (each permitted subclass), of its gradient (reverse mode) and
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

    private final Map<Class<? extends Primitive>, List<Case>> cases = new LinkedHashMap<>();

    private void add(Class<? extends Primitive> kind, String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        cases.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Case(Primitive.name(kind) + " " + name, f, inputs));
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
        add(Add.class, "add: same shape", x -> x[0].add(x[1]), randn(a, b), randn(a, b));
        add(Add.class, "add: bias over rows", x -> x[0].add(x[1]), randn(a, b), randn(b));
        add(Add.class, "add: general broadcast", x -> x[0].add(x[1]), randn(2, c, b), randn(c, 1));
        add(Add.class, "sub: scalar minus tensor", x -> x[0].sub(x[1]), randn(), randn(a, b));
        add(Add.class, "sub: tensor minus row", x -> x[0].sub(x[1]), randn(a, b), randn(1, b));
        add(Mul.class, "same shape", x -> x[0].mul(x[1]), randn(a, b), randn(a, b));
        add(Mul.class, "by scalar", x -> x[0].mul(x[1]), randn(a, b), randn());
        add(Mul.class, "per channel", x -> x[0].mul(x[1]), randn(2, c, 3, 2), randn(1, c, 1, 1));
        add(Div.class, "same shape", x -> x[0].div(x[1]), randn(a, b), uniform(1f, 2f, a, b));
        add(Div.class, "by row", x -> x[0].div(x[1]), randn(a, b), uniform(-2f, -1f, b));
        add(Neg.class, "", x -> x[0].neg(), randn(a, b, c));
        add(ResidualAdd.class, "x + alpha f", x -> Arithmetic.residualAdd(x[0], x[1], x[2]), randn(a, b), randn(),
                randn(a, b));
        add(ResidualAdd.class, "x + alpha x (shared)", x -> Arithmetic.residualAdd(x[0], x[1], x[0]), randn(a, b),
                randn());
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = size(1, 5), k = size(1, 5), n = size(1, 5);
            add(MatMul.class, "tiny transA=" + ta + " transB=" + tb, x -> Products.matmul(x[0], ta, x[1], tb),
                    ta ? randn(k, m) : randn(m, k), tb ? randn(n, k) : randn(k, n));
        }
        add(MatMul.class, "BLAS-sized", x -> x[0].matmul(x[1]), randn(18, 17), randn(17, 19));
        add(MatMul.class, "BLAS-sized, B transposed", x -> Products.matmul(x[0], false, x[1], true),
                randn(18, 17), randn(19, 17));
        int lm = size(1, 5), lk = size(1, 5), ln = size(1, 5);
        add(Linear.class, "tiny, with bias", x -> Products.linear(x[0], x[1], x[2]), randn(lm, lk), randn(ln, lk),
                randn(ln));
        add(Linear.class, "tiny, no bias", x -> Products.linear(x[0], x[1], null), randn(lm, lk), randn(ln, lk));
        add(Linear.class, "BLAS-sized, with bias", x -> Products.linear(x[0], x[1], x[2]), randn(18, 17),
                randn(19, 17), randn(19));
        add(Linear.class, "input shared with the weight", x -> Products.linear(x[0], x[0], x[1]), randn(4, 4),
                randn(4));
        add(LinearTanh.class, "tiny, with bias", x -> Products.linearTanh(x[0], x[1], x[2]), randn(lm, lk),
                randn(ln, lk), randn(ln));
        add(LinearTanh.class, "BLAS-sized, no bias", x -> Products.linearTanh(x[0], x[1], null), randn(18, 17),
                randn(19, 17).mul(0.3f));
        int rh = size(1, 5);
        add(ResidualTanhMlp.class, "tiny, with biases", x -> Products.residualTanhMlp(x[0], x[1], x[2], x[3], x[4],
                x[5]), randn(lm, lk), randn(rh, lk), randn(rh), randn(lk, rh), randn(lk), randn());
        // inputs scaled by 0.3: float central differences along all four directions at once see the cubic term of
        // two layers, which at unit scale exceeds the tolerance (DoublePrecisionJvpTest checks it in double)
        add(ResidualTanhMlp.class, "product-sized, no biases", x -> Products.residualTanhMlp(x[0], x[1], null, x[2],
                null, x[3]), randn(18, 17).mul(0.3f), randn(19, 17).mul(0.3f), randn(17, 19).mul(0.3f), randn());
        add(ResidualTanhMlp.class, "second bias only", x -> Products.residualTanhMlp(x[0], x[1], null, x[2], x[3],
                x[4]), randn(lm, lk), randn(rh, lk), randn(lk, rh), randn(lk), randn());
        add(Transpose.class, "last two", x -> x[0].t(), randn(a, b));
        add(Transpose.class, "axes 0 and 2", x -> x[0].transpose(0, 2), randn(a, b, c));
        add(Reshape.class, "", x -> x[0].reshape(b, a * c), randn(a, b, c));
        add(Expand.class, "", x -> x[0].expand(2, c, b), randn(c, 1));
        add(Sum.class, "sum: all", x -> x[0].sum(), randn(a, b));
        add(Sum.class, "sum: axis 1", x -> x[0].sum(1, false), randn(a, b, c));
        add(Sum.class, "sum: axes 0,2 keepDim", x -> Reductions.sum(x[0], new int[] {0, 2}, true), randn(a, b, c));
        add(Sum.class, "mean: all", x -> x[0].mean(), randn(a, b));
        add(Sum.class, "mean: axis -1 keepDim", x -> x[0].mean(-1, true), randn(a, b, c));
        add(Max.class, "axis 1", x -> x[0].max(1, false), distinct(a, b, c));
        add(Max.class, "axis 0 keepDim", x -> x[0].max(0, true), distinct(b, c));
        add(Exp.class, "", x -> x[0].exp(), randn(a, b));
        add(Log.class, "", x -> x[0].log(), uniform(0.5f, 3f, a, b));
        add(Sqrt.class, "", x -> x[0].sqrt(), uniform(0.5f, 3f, a, b));
        add(Pow.class, "2", x -> x[0].pow(2f), randn(a, b));
        add(Pow.class, "2.5", x -> x[0].pow(2.5f), uniform(0.5f, 2f, a, b));
        add(Abs.class, "", x -> x[0].abs(), awayFromZero(0.05f, a, b));
        add(Relu.class, "", x -> x[0].relu(), awayFromZero(0.05f, a, b));
        add(Tanh.class, "", x -> x[0].tanh(), randn(a, b));
        add(Sigmoid.class, "", x -> x[0].sigmoid(), randn(a, b));
        add(Softplus.class, "", x -> x[0].softplus(), randn(a, b).mul(3f));
        Tensor sx = randn(2, c, 3, 3);
        Tensor tau = uniform(0.2f, 0.6f, 2, c, 1, 1);
        keepAwayFromThreshold(sx, tau);
        add(SoftThreshold.class, "per channel, in x and tau", x -> x[0].softThreshold(x[1]), sx, tau);
        Tensor sx2 = randn(a, b);
        Tensor tau2 = uniform(0.2f, 0.6f);
        keepAwayFromThreshold(sx2, tau2);
        add(SoftThreshold.class, "scalar tau", x -> x[0].softThreshold(x[1]), sx2, tau2);
        add(Concat.class, "axis 1", x -> Shaping.concat(1, x[0], x[1], x[2]), randn(a, 2, c), randn(a, 3, c),
                randn(a, 1, c));
        add(Gather.class, "slice", x -> x[0].slice(1, 1, b), randn(a, b, c));
        add(Gather.class, "indexSelect with repeats", x -> x[0].indexSelect(0, 2, 0, 2, 1), randn(3, b));
        add(LogSoftmax.class, "last axis", x -> x[0].logSoftmax(-1), randn(a, b));
        add(LogSoftmax.class, "axis 0", x -> x[0].logSoftmax(0), randn(b, c));
        int[] labels = new int[a];
        for (int i = 0; i < a; i++) {
            labels[i] = rng.nextInt(b);
        }
        add(CrossEntropy.class, "", x -> x[0].crossEntropy(labels), randn(a, b));
        add(MeanSquaredError.class, "both inputs", x -> x[0].mse(x[1]), randn(a, b), randn(a, b));
        add(Conv2d.class, "3x3 stride 1 pad 1 with bias", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 1),
                randn(2, 3, 5, 4), randn(4, 3, 3, 3), randn(4));
        add(Conv2d.class, "5x5 stride 1 pad 2 (shifted products)", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 2),
                randn(1, 8, 4, 5), randn(8, 8, 5, 5), randn(8));
        add(Conv2d.class, "3x3 stride 1 pad 1, 8 channels (shifted products)",
                x -> Convolution.conv2d(x[0], x[1], null, 1, 1), randn(2, 8, 5, 4), randn(9, 8, 3, 3));
        add(Conv2d.class, "3x5 kernel, same size (unfolded)", x -> Convolution.conv2d(x[0], x[1], null, 1, 1),
                randn(1, 2, 5, 5), randn(2, 2, 3, 3));
        add(Conv2d.class, "3x3 stride 2 pad 1", x -> Convolution.conv2d(x[0], x[1], null, 2, 1),
                randn(2, 2, 7, 6), randn(3, 2, 3, 3));
        add(Conv2d.class, "3x3 stride 2 pad 1, 8 channels, even size (phase products)",
                x -> Convolution.conv2d(x[0], x[1], null, 2, 1), randn(3, 8, 6, 4), randn(9, 8, 3, 3));
        add(Conv2d.class, "1x1 stride 2 (projection)", x -> Convolution.conv2d(x[0], x[1], null, 2, 0),
                randn(2, 3, 6, 6), randn(5, 3, 1, 1));
        add(Conv2d.class, "1x1 stride 1 (pointwise path)", x -> Convolution.conv2d(x[0], x[1], x[2], 1, 0),
                randn(3, 4, 3, 2), randn(2, 4, 1, 1), randn(2));
        add(Conv2d.class, "2x3 kernel, no padding", x -> Convolution.conv2d(x[0], x[1], null, 1, 0),
                randn(1, 2, 5, 5), randn(3, 2, 2, 3));
        Tensor rm = randn(3), rv = uniform(0.5f, 2f, 3);
        add(BatchNorm.class, "training", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true, 0.1f, 1e-5f),
                randn(4, 3, 2, 3), uniform(0.5f, 1.5f, 3), randn(3));
        add(BatchNorm.class, "evaluation", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, false, 0.1f, 1e-5f),
                randn(2, 3, 2, 2), uniform(0.5f, 1.5f, 3), randn(3));
        add(BatchNorm.class, "training, fused ReLU", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true, 0.1f,
                1e-5f, null, true), randn(4, 3, 2, 3), uniform(0.5f, 1.5f, 3), uniform(2f, 3f, 3)); // kink mostly avoided
        add(BatchNorm.class, "training, plus a residual", x -> Normalization.batchNorm(x[0], x[1], x[2], rm, rv, true,
                0.1f, 1e-5f, x[3], false), randn(2, 3, 2, 2), uniform(0.5f, 1.5f, 3), randn(3), randn(2, 3, 2, 2));
        add(BatchNorm.class, "training on [N, C]", x -> Normalization.batchNorm(x[0], x[1], null, rm, rv, true, 0.1f,
                1e-5f), randn(6, 3), uniform(0.5f, 1.5f, 3));
        add(MaxPool2d.class, "3x3 stride 2 pad 1", x -> Pooling.maxPool2d(x[0], 3, 2, 1), distinct(2, 2, 5, 5));
        add(Subsample.class, "stride 2, odd size", x -> Pooling.subsample(x[0], 2), randn(2, 3, 5, 4));
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

    /**
     * The closed set is the sealed interface's permitted subclasses (a sealed sub-interface stands
     * for its own): each record needs a case, and each case must record the primitive it is filed
     * under (its output's node holds one).
     */
    @Test
    void everyPrimitiveHasAGradientCheck() {
        buildCases();
        List<Class<?>> primitives = records(Primitive.class).toList();
        assertTrue(primitives.size() > 30, "the closed set: " + primitives);
        Set<Class<?>> missing = new LinkedHashSet<>(primitives);
        missing.removeAll(cases.keySet());
        assertTrue(missing.isEmpty(), "primitives without a gradient and JVP check: " + missing);
        assertEquals(primitives.size(), cases.size(), "cases filed under non-primitives: " + cases.keySet());
        for (Map.Entry<Class<? extends Primitive>, List<Case>> e : cases.entrySet()) {
            for (Case c : e.getValue()) {
                Tensor[] in = new Tensor[c.inputs().length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = c.inputs()[i].copy().requiresGrad(true);
                }
                Tensor y = c.f().apply(in);
                assertNotNull(y.gradFn(), c.name() + ": nothing recorded");
                assertEquals(e.getKey(), y.gradFn().primitive().getClass(), c.name() + ": records another primitive");
            }
        }
    }

    /** The records among the permitted subclasses of {@code c}, and of its sealed sub-interfaces. */
    private static Stream<Class<?>> records(Class<?> c) {
        return c.isSealed() ? Arrays.stream(c.getPermittedSubclasses()).flatMap(PrimitiveGradientTest::records)
                : Stream.of(c);
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
