package dev.residuum.stability;

import static dev.residuum.stability.Nets.relative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.Locale;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Power iteration, Lanczos and Hutchinson against EJML's exact SVD: on linear blocks (a Linear layer,
 * a residual linear block I + W), whose Jacobian at a batch is {@code I_N (x) W}, so its singular
 * values are W's; and on small nets whose full Jacobian, built column by column with jvp, fits in
 * memory.
 *
 * <p>Tolerances. The iterations stop at a relative residual {@code TOL} of the eigenpair of
 * {@code J^T J}; the singular value is then within {@code TOL / 2} of one of J's (Krylov–Weinstein),
 * and a Rayleigh quotient's error is quadratic in the residual, so {@code TOL} itself, asserted on
 * the singular value, has a margin of at least 2x. The smallest singular value is asserted in the
 * units of the Gram operator ({@code |sigma^2 - exact^2| <= TOL sigma_max^2}): a singular value
 * near 0 (a ReLU block that zeroes outputs has exact zeros) is not resolved better than
 * {@code sqrt(TOL) sigma_max} by any method on {@code J^T J}, and the float32 products put a floor
 * of about {@code 1e-6 sigma_max^2} there.
 */
class SpectralEstimatesTest extends SeededTest {
    private static final double TOL = 1e-5;
    private static final IterationOptions TIGHT = new IterationOptions(TOL, 2000, 7);

    private static void figure(String what, double estimate, double exact, int iterations, boolean converged) {
        System.out.printf(Locale.ROOT, "FIGURE %s: estimate %.8f exact %.8f rel.err %.2e iterations %d converged %s%n",
                what, estimate, exact, relative(estimate, exact), iterations, converged);
    }

    private void assertEstimates(String what, Function<Tensor, Tensor> f, Tensor x, double[] exact) {
        Autodiff.Linearization map = Autodiff.linearize(f, x);
        SpectralNorm.Result top = SpectralNorm.of(map, TIGHT);
        ExtremeSingularValues.Result ext = ExtremeSingularValues.of(map, TIGHT);
        double max = exact[0], min = exact[exact.length - 1];
        figure(what + " power sigma_max", top.value(), max, top.iterations(), top.converged());
        figure(what + " lanczos sigma_max", ext.largest(), max, ext.steps(), ext.converged());
        figure(what + " lanczos sigma_min", ext.smallest(), min, ext.steps(), ext.converged());
        assertTrue(top.converged(), what + ": power iteration did not converge: " + top);
        assertTrue(ext.converged(), what + ": Lanczos did not converge: " + ext);
        assertEquals(max, top.value(), TOL * max, what + ": power iteration sigma_max " + top);
        assertEquals(max, ext.largest(), TOL * max, what + ": Lanczos sigma_max " + ext);
        // sigma_min is found as the square root of an eigenvalue of the Gram operator, whose error is
        // measured against lambda_max = sigma_max^2 (the stopping rule's scale, and the float32 floor's):
        // near 0 the square root magnifies it (d sigma = d lambda / 2 sigma), so it is asserted in Gram units
        assertEquals(min * min, ext.smallest() * ext.smallest(), TOL * max * max,
                what + ": Lanczos sigma_min^2 " + ext + ", exact sigma_min " + min);
    }

    /** A seeded residual MLP ({@code inputs -> width x depth -> outputs}) as a map, in evaluation mode. */
    private Function<Tensor, Tensor> residualMlp(int inputs, int width, int depth, int outputs) {
        Module net = ResidualMlp.builder().inputs(inputs).width(width).depth(depth).outputs(outputs).build(rng);
        return t -> net.forward(t, false);
    }

    @Test
    void linearLayerSpectrumIsItsWeights() {
        Linear layer = new Linear(12, 12, true, rng);
        double[] exact = ExactSpectrum.singularValues(Nets.matrix(layer.weight().value()));
        Tensor x = randn(3, 12);
        assertEstimates("Linear 12x12 batch 3", t -> layer.forward(t, false), x, exact);
        double[] dense = ExactSpectrum.singularValues(t -> layer.forward(t, false), x);
        assertEquals(36, dense.length, "I_3 (x) W has 36 singular values");
        for (int i = 0; i < dense.length; i++) {
            assertEquals(exact[i / 3], dense[i], 1e-6, "the dense Jacobian's singular value " + i + " is W's, thrice");
        }
    }

    /** A wide layer: 4 outputs of 10 inputs; Lanczos works on J J^T, whose 4 eigenvalues are all nonzero. */
    @Test
    void nonSquareLinearLayerSmallestIsTheLastOfMinMN() {
        Linear layer = new Linear(10, 4, false, rng);
        double[] exact = ExactSpectrum.singularValues(Nets.matrix(layer.weight().value()));
        assertEquals(4, exact.length);
        assertEstimates("Linear 10->4", t -> layer.forward(t, false), randn(1, 10), exact);
    }

    @Test
    void residualLinearBlockSpectrumIsThatOfIPlusW() {
        Linear w = new Linear(16, 16, false, rng);
        ResidualBlock block = ResidualBlock.builder().branch(w).build();
        DMatrixRMaj ipw = Nets.matrix(w.weight().value());
        CommonOps_DDRM.addEquals(ipw, CommonOps_DDRM.identity(16));
        double[] exact = ExactSpectrum.singularValues(ipw);
        assertEstimates("residual I+W 16x16 batch 2", t -> block.forward(t, false), randn(2, 16), exact);
    }

    @Test
    void smallResidualMlpAgainstItsDenseJacobian() {
        Function<Tensor, Tensor> f = residualMlp(5, 8, 3, 5);
        Tensor x = randn(3, 5);
        assertEstimates("residual MLP 5-8x3-5 batch 3", f, x, ExactSpectrum.singularValues(f, x));
    }

    /**
     * CIFAR basic blocks (conv-bn-relu-conv-bn + shortcut, relu) of resnet8: {@code layers.0} on
     * [2, 16, 4, 4] (identity skip, a 512 x 512 Jacobian) and the strided {@code layers.1} on
     * [1, 16, 4, 4] (option A, 16x4x4 -> 32x2x2: J is 128 x 256, so min(m, n) = 128 values).
     */
    @Test
    void cifarBasicBlocksAgainstTheirDenseJacobians() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        String[] names = {"layers.0", "layers.1"};
        int[] batch = {2, 1}, count = {512, 128};
        for (int k = 0; k < names.length; k++) {
            Module block = net.namedModules().get(names[k]);
            Function<Tensor, Tensor> f = t -> block.forward(t, false);
            Tensor x = randn(batch[k], 16, 4, 4);
            double[] exact = ExactSpectrum.singularValues(f, x);
            assertEquals(count[k], exact.length, names[k] + ": min(m, n)");
            assertEstimates("CIFAR " + names[k] + " on " + x.shape(), f, x, exact);
        }
    }

    @Test
    void defaultOptionsAreWithinTheirToleranceOnAMlp() {
        Function<Tensor, Tensor> f = residualMlp(6, 10, 4, 6);
        Tensor x = randn(4, 6);
        double[] exact = ExactSpectrum.singularValues(f, x);
        SpectralNorm.Result top = SpectralNorm.of(f, x, IterationOptions.DEFAULT);
        figure("residual MLP default options power sigma_max", top.value(), exact[0], top.iterations(),
                top.converged());
        assertTrue(top.value() <= exact[0] * (1 + 1e-6), "a Rayleigh quotient is a lower bound: " + top);
        assertEquals(exact[0], top.value(), IterationOptions.DEFAULT_TOLERANCE * exact[0], "default options " + top);
    }

    @Test
    void zeroJacobianConvergesAtOnceToZero() {
        Linear zero = new Linear(6, 6, true, rng);
        zero.zeroInit();
        SpectralNorm.Result top = SpectralNorm.of(t -> zero.forward(t, false), randn(2, 6), IterationOptions.DEFAULT);
        ExtremeSingularValues.Result ext = ExtremeSingularValues.of(t -> zero.forward(t, false), randn(2, 6),
                IterationOptions.DEFAULT);
        assertEquals(new SpectralNorm.Result(0, 1, true, 0), top);
        assertEquals(0, ext.largest(), 0, ext.toString());
        assertTrue(ext.converged(), ext.toString());
    }

    @Test
    void capReachedSaysNotConverged() {
        SpectralNorm.Result top = SpectralNorm.of(residualMlp(6, 10, 4, 6), randn(4, 6),
                new IterationOptions(1e-9, 2, 0));
        assertEquals(2, top.iterations());
        assertTrue(!top.converged() && top.residual() > 1e-9, top.toString());
    }

    @Test
    void meanSquaredSingularValueExactOnSmallMaps() {
        Function<Tensor, Tensor> f = residualMlp(5, 8, 3, 4);
        Tensor x = randn(2, 5);
        double[] s = ExactSpectrum.singularValues(f, x);
        double exact = 0;
        for (double v : s) {
            exact += v * v;
        }
        exact /= s.length;
        MeanSquaredSingularValue.Result r = MeanSquaredSingularValue.of(f, x, 16, 3);
        assertTrue(r.exact() && r.standardError() == 0 && r.products() == 8, "8 = min(m, n) products: " + r);
        assertEquals(exact, r.mean(), 1e-6 * exact, r.toString());
        // a wide map (3 outputs of 10 inputs): exact from 3 vjp products on the output side
        Linear wide = new Linear(10, 3, true, rng);
        double[] w = ExactSpectrum.singularValues(Nets.matrix(wide.weight().value()));
        MeanSquaredSingularValue.Result rw =
                MeanSquaredSingularValue.of(t -> wide.forward(t, false), randn(1, 10), 4, 3);
        assertTrue(rw.exact() && rw.products() == 3, rw.toString());
        assertEquals((w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) / 3, rw.mean(), 1e-6, rw.toString());
    }

    /**
     * Hutchinson on a 1024-dimensional map: within 4 standard errors of the exact value (the seed is
     * fixed, so this is one deterministic draw; 4 sigma fails with probability 6e-5 over seeds), and
     * the standard error is itself right to within a factor 2 of the spread predicted for Rademacher
     * probes, {@code sqrt(2 (||A||_F^2 - sum A_ii^2) / p)} with {@code A = J^T J}.
     */
    @Test
    void hutchinsonIsWithinItsStandardError() {
        Module net = ResidualMlp.builder().width(32).depth(3).build(rng);
        Function<Tensor, Tensor> f = t -> net.forward(t, false);
        Tensor x = randn(32, 32);
        Autodiff.Linearization map = Autodiff.linearize(f, x);
        DMatrixRMaj j = ExactSpectrum.jacobian(map);
        DMatrixRMaj a = new DMatrixRMaj(j.numCols, j.numCols);
        CommonOps_DDRM.multTransA(j, j, a);
        double trace = CommonOps_DDRM.trace(a), frob2 = 0, diag2 = 0;
        for (int r = 0; r < a.numRows; r++) {
            for (int c = 0; c < a.numCols; c++) {
                frob2 += a.get(r, c) * a.get(r, c);
            }
            diag2 += a.get(r, r) * a.get(r, r);
        }
        int probes = 64, n = a.numRows;
        MeanSquaredSingularValue.Result r = MeanSquaredSingularValue.of(map, probes, 11);
        double exact = trace / n, predicted = Math.sqrt(2 * (frob2 - diag2) / probes) / n;
        System.out.printf(Locale.ROOT,
                "FIGURE Hutchinson n=%d p=%d: estimate %.6f +- %.6f exact %.6f predicted s.e. %.6f%n",
                n, probes, r.mean(), r.standardError(), exact, predicted);
        assertTrue(!r.exact() && r.products() == probes, r.toString());
        assertEquals(exact, r.mean(), 4 * r.standardError(), "Hutchinson vs exact trace / n: " + r);
        assertTrue(r.standardError() > predicted / 2 && r.standardError() < predicted * 2,
                "standard error " + r.standardError() + " vs predicted " + predicted);
    }
}
