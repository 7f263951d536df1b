package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;

class ResidualCompositionTest {
    @Test
    void linearCompositionSplitsIntoFirstOrderAndInteraction() {
        java.util.Random rng = new java.util.Random(5);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(4, 4, -0.1, 0.1, rng);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(4, 4, -0.1, 0.1, rng);
        ResidualComposition c = ResidualComposition.of(a, b);
        DMatrixRMaj ia = CommonOps_DDRM.identity(4);
        CommonOps_DDRM.addEquals(ia, a);
        DMatrixRMaj ib = CommonOps_DDRM.identity(4);
        CommonOps_DDRM.addEquals(ib, b);
        DMatrixRMaj product = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.mult(ia, ib, product);
        assertArrayEquals(product.data, c.composed().data, 1e-15);
        // a hand-checked 2×2: A = [[0,1],[0,0]], B = [[0,0],[1,0]]: AB = [[1,0],[0,0]], BA = [[0,0],[0,1]]
        ResidualComposition h = ResidualComposition.of(new DMatrixRMaj(2, 2, true, 0, 1, 0, 0),
                new DMatrixRMaj(2, 2, true, 0, 0, 1, 0));
        assertArrayEquals(new double[] {1, 0, 0, 0}, h.interaction().data, 0);
        assertArrayEquals(new double[] {0, 1, 1, 0}, h.firstOrder().data, 0);
        assertArrayEquals(new double[] {1, 0, 0, -1}, h.commutator().data, 0);
        assertEquals(1, h.interactionNorm(), 0);
    }

    @Test
    void nonlinearInteractionIsLinearInteractionForLinearBranches() {
        double[][] a = {{0.1, -0.2}, {0.05, 0.3}};
        double[][] b = {{-0.1, 0.2}, {0.4, 0.0}};
        double[][] xs = samples(50, 2, 9);
        ResidualInteraction r = ResidualInteraction.measure(x -> mul(a, x), x -> mul(b, x), xs);
        DMatrixRMaj ab = ResidualComposition.of(new DMatrixRMaj(a), new DMatrixRMaj(b)).interaction();
        double expected = 0;
        for (double[] x : xs) {
            double[] y = new double[2];
            CommonOps_DDRM.mult(ab, new DMatrixRMaj(2, 1, true, x), new DMatrixRMaj(2, 1, true, y));
            double[] abx = {ab.get(0, 0) * x[0] + ab.get(0, 1) * x[1], ab.get(1, 0) * x[0] + ab.get(1, 1) * x[1]};
            expected += Math.hypot(abx[0], abx[1]) / xs.length;
        }
        assertEquals(expected, r.meanInteraction(), 1e-15);
    }

    @Test
    void nonlinearInteractionIsSecondOrderInTheUpdateSize() {
        double[][] xs = samples(200, 3, 4);
        double[] ratio = new double[2];
        double[] scales = {1e-2, 5e-3};
        double[] measured = new double[2];
        for (int s = 0; s < 2; s++) {
            double eps = scales[s];
            ResidualInteraction r = ResidualInteraction.measure(x -> tanhScaled(eps, x, 1.0), x -> tanhScaled(eps, x, -0.5), xs);
            measured[s] = r.meanInteraction();
            ratio[s] = r.relative();
        }
        // halving both updates divides the interaction by 4 (second order) and the relative size by 2
        assertEquals(4, measured[0] / measured[1], 0.02);
        assertEquals(2, ratio[0] / ratio[1], 0.01);
    }

    private static double[] tanhScaled(double eps, double[] x, double shift) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = eps * Math.tanh(x[(i + 1) % x.length] + shift * x[i]);
        }
        return y;
    }

    private static double[] mul(double[][] m, double[] x) {
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += m[i][j] * x[j];
            }
        }
        return y;
    }

    private static double[][] samples(int count, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] xs = new double[count][dim];
        for (double[] x : xs) {
            for (int i = 0; i < dim; i++) {
                x[i] = 2 * rng.nextDouble() - 1;
            }
        }
        return xs;
    }
}
