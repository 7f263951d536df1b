package dev.residuum.dynamics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Composition of two linear residual maps: (I + A)(I + B) = I + (A + B) + AB. The first-order term A + B is
 * what each update contributes alone; the interaction AB is what applying them in sequence adds (and
 * AB − BA is what their order changes). Small updates compose almost additively: ‖AB‖ ≤ ‖A‖‖B‖.
 *
 * @param firstOrder A + B, n × n
 * @param interaction AB, n × n
 * @param commutator AB − BA, n × n
 * @param firstOrderNorm ‖A + B‖_F
 * @param interactionNorm ‖AB‖_F
 * @param commutatorNorm ‖AB − BA‖_F
 */
public record ResidualComposition(DMatrixRMaj firstOrder, DMatrixRMaj interaction, DMatrixRMaj commutator,
        double firstOrderNorm, double interactionNorm, double commutatorNorm) {

    /**
     * Decomposes (I + A)(I + B), i.e. B's update applied first, then A's.
     *
     * @param a residual of the outer map, n × n (not modified)
     * @param b residual of the inner map, n × n (not modified)
     */
    public static ResidualComposition of(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != a.numCols || b.numRows != b.numCols || a.numRows != b.numRows) {
            throw new IllegalArgumentException("composition: A and B must be square of one size, got "
                    + a.numRows + " × " + a.numCols + " and " + b.numRows + " × " + b.numCols);
        }
        int n = a.numRows;
        DMatrixRMaj sum = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(a, b, sum);
        DMatrixRMaj ab = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, b, ab);
        DMatrixRMaj ba = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(b, a, ba);
        DMatrixRMaj comm = new DMatrixRMaj(n, n);
        CommonOps_DDRM.subtract(ab, ba, comm);
        return new ResidualComposition(sum, ab, comm, NormOps_DDRM.normF(sum), NormOps_DDRM.normF(ab),
                NormOps_DDRM.normF(comm));
    }

    /** The composed map I + (A + B) + AB (a new matrix). */
    public DMatrixRMaj composed() {
        int n = firstOrder.numRows;
        DMatrixRMaj m = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.addEquals(m, firstOrder);
        CommonOps_DDRM.addEquals(m, interaction);
        return m;
    }
}
