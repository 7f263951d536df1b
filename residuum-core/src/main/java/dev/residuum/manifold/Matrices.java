package dev.residuum.manifold;

import dev.residuum.kernel.Blas;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Reductions;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The dense double-precision matrix algebra the manifolds need, on row-major {@code double[]}
 * (an {@code r × c} matrix is {@code r * c} values): products (native BLAS's dgemm from
 * {@link #BLAS_PRODUCT} multiply-adds, EJML below), symmetric and skew parts, and, on EJML, QR,
 * SVD, solves and the matrix exponential. Arrays passed in are not modified; every
 * result is a new array.
 */
final class Matrices {
    /** Products of at least this many multiply-adds ({@code m·k·n}) go to native BLAS. */
    static final long BLAS_PRODUCT = 32_768;

    private Matrices() {
    }

    static DMatrixRMaj wrap(double[] a, int rows, int cols) {
        return DMatrixRMaj.wrap(rows, cols, a);
    }

    /** {@code a b}: {@code a} is {@code m × k}, {@code b} is {@code k × n}. */
    static double[] multiply(double[] a, double[] b, int m, int k, int n) {
        return product(false, false, a, b, m, k, n);
    }

    /** {@code aᵀ b}: {@code a} is {@code k × m}, {@code b} is {@code k × n}. */
    static double[] transposeMultiply(double[] a, double[] b, int k, int m, int n) {
        return product(true, false, a, b, m, k, n);
    }

    /** {@code a bᵀ}: {@code a} is {@code m × k}, {@code b} is {@code n × k}. */
    static double[] multiplyTranspose(double[] a, double[] b, int m, int k, int n) {
        return product(false, true, a, b, m, k, n);
    }

    /** Whether an {@code m × k × n} product goes to native BLAS (EJML's loops below; a JNI call costs more there). */
    private static boolean large(int m, int k, int n) {
        return (long) m * k * n >= BLAS_PRODUCT && Blas.isNative();
    }

    /** {@code op(a) op(b)}, {@code m × n}, where {@code op} transposes when asked and {@code op(a)} is {@code m × k}. */
    private static double[] product(boolean transA, boolean transB, double[] a, double[] b, int m, int k, int n) {
        if (large(m, k, n)) {
            double[] c = new double[m * n];
            Gemm.dgemm(transA, transB, m, n, k, a, b, c);
            return c;
        }
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        DMatrixRMaj x = transA ? wrap(a, k, m) : wrap(a, m, k);
        DMatrixRMaj y = transB ? wrap(b, n, k) : wrap(b, k, n);
        if (transA && transB) {
            CommonOps_DDRM.multTransAB(x, y, c);
        } else if (transA) {
            CommonOps_DDRM.multTransA(x, y, c);
        } else if (transB) {
            CommonOps_DDRM.multTransB(x, y, c);
        } else {
            CommonOps_DDRM.mult(x, y, c);
        }
        return c.data;
    }

    /** {@code (a + aᵀ) / 2} of a square {@code n × n} matrix. */
    static double[] symmetricPart(double[] a, int n) {
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
            }
        }
        return s;
    }

    /** {@code (a − aᵀ) / 2} of a square {@code n × n} matrix. */
    static double[] skewPart(double[] a, int n) {
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i * n + j] = 0.5 * (a[i * n + j] - a[j * n + i]);
            }
        }
        return s;
    }

    static double[] identity(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 1;
        }
        return a;
    }

    static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    /** {@code a + s b}. */
    static double[] addScaled(double[] a, double s, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + s * b[i];
        }
        return c;
    }

    static double[] scale(double s, double[] a) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = s * a[i];
        }
        return c;
    }

    /** {@code max |aᵀa − I|} of an {@code n × p} matrix: how far its columns are from orthonormal. */
    static double orthonormalityError(double[] a, int n, int p) {
        double[] g = transposeMultiply(a, a, n, p, p);
        double err = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                err = Math.max(err, Math.abs(g[i * p + j] - (i == j ? 1 : 0)));
            }
        }
        return err;
    }

    /**
     * The Q factor of {@code a = QR} ({@code n × p}, {@code n ≥ p}) with the signs fixed so that
     * R has a non-negative diagonal: the unique factor, a continuous function of {@code a}. Large
     * well-conditioned inputs go through {@link CholeskyQr} (products on BLAS), the rest through
     * Householder QR.
     */
    static double[] qrWithSignFix(double[] a, int n, int p) {
        if (large(n, p, p)) {
            double[] q = CholeskyQr.q(a, n, p);
            if (q != null) {
                return q;
            }
        }
        return householderQr(a, n, p);
    }

    /** {@link #qrWithSignFix} by EJML's Householder QR, whatever the size and conditioning. */
    static double[] householderQr(double[] a, int n, int p) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, p);
        if (!qr.decompose(wrap(a.clone(), n, p))) {
            throw new ArithmeticException("QR decomposition failed on a " + n + "x" + p + " matrix");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        double[] out = q.data;
        for (int j = 0; j < p; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < n; i++) {
                    out[i * p + j] = -out[i * p + j];
                }
            }
        }
        return out;
    }

    /** Thin SVD {@code a = U diag(s) Vᵀ} of an {@code n × p} matrix, {@code n ≥ p}. */
    record Svd(double[] u, double[] s, double[] v, int n, int p) {
    }

    /** The thin SVD with the singular values in descending order. */
    static Svd svd(double[] a, int n, int p) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, p, true, true, true);
        if (!svd.decompose(wrap(a.clone(), n, p))) {
            throw new ArithmeticException("SVD failed on a " + n + "x" + p + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        int k = Math.min(n, p);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = w.get(i, i);
        }
        return new Svd(u.data, s, v.data, n, p);
    }

    /** The nearest matrix with orthonormal columns to {@code a} ({@code n × p}): {@code U Vᵀ}. */
    static double[] polar(double[] a, int n, int p) {
        Svd d = svd(a, n, p);
        return multiplyTranspose(d.u(), d.v(), n, p, p);
    }

    /** {@code a⁻¹ b} for square {@code a} ({@code n × n}) and {@code b} ({@code n × m}). */
    static double[] solve(double[] a, double[] b, int n, int m) {
        DMatrixRMaj x = new DMatrixRMaj(n, m);
        if (!CommonOps_DDRM.solve(wrap(a.clone(), n, n), wrap(b.clone(), n, m), x)) {
            throw new ArithmeticException("singular " + n + "x" + n + " system");
        }
        return x.data;
    }

    static double determinant(double[] a, int n) {
        return CommonOps_DDRM.det(wrap(a.clone(), n, n));
    }

    /**
     * The matrix exponential of an {@code n × n} matrix: scaling and squaring with the degree-13
     * Padé approximant on the scaled matrix (Higham 2005), accurate to a few ulps of the norm.
     */
    static double[] exp(double[] a, int n) {
        double norm1 = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) {
                col += Math.abs(a[i * n + j]);
            }
            norm1 = Math.max(norm1, col);
        }
        final double theta13 = 5.371920351148152;
        int squarings = norm1 > theta13 ? (int) Math.ceil(Math.log(norm1 / theta13) / Math.log(2)) : 0;
        double[] x = scale(Math.scalb(1.0, -squarings), a);
        double[] b = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
            129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0,
            960960.0, 16380.0, 182.0, 1.0};
        double[] id = identity(n);
        double[] x2 = multiply(x, x, n, n, n);
        double[] x4 = multiply(x2, x2, n, n, n);
        double[] x6 = multiply(x4, x2, n, n, n);
        double[] uInner = new double[n * n];
        double[] vInner = new double[n * n];
        double[] uOuter = new double[n * n];
        double[] vOuter = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            uInner[i] = b[13] * x6[i] + b[11] * x4[i] + b[9] * x2[i];
            vInner[i] = b[12] * x6[i] + b[10] * x4[i] + b[8] * x2[i];
            uOuter[i] = b[7] * x6[i] + b[5] * x4[i] + b[3] * x2[i] + b[1] * id[i];
            vOuter[i] = b[6] * x6[i] + b[4] * x4[i] + b[2] * x2[i] + b[0] * id[i];
        }
        double[] u = multiply(x, add(multiply(x6, uInner, n, n, n), uOuter), n, n, n);
        double[] v = add(multiply(x6, vInner, n, n, n), vOuter);
        double[] r = solve(addScaled(v, -1, u), add(v, u), n, n);
        for (int s = 0; s < squarings; s++) {
            r = multiply(r, r, n, n, n);
        }
        return r;
    }

    /** {@code count} standard normal values drawn from {@code rng}. */
    static double[] gaussian(dev.residuum.kernel.Rng rng, int count) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) {
            g[i] = rng.nextGaussian();
        }
        return g;
    }

    /** Rows {@code [from, from + count)} of a row-major matrix with {@code cols} columns. */
    static double[] rows(double[] a, int cols, int from, int count) {
        double[] out = new double[count * cols];
        System.arraycopy(a, from * cols, out, 0, count * cols);
        return out;
    }

    /** Column block {@code [from, from + count)} of an {@code r × c} matrix. */
    static double[] columns(double[] a, int r, int c, int from, int count) {
        double[] out = new double[r * count];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a, i * c + from, out, i * count, count);
        }
        return out;
    }
}
