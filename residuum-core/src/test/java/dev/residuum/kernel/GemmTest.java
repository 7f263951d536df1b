package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.residuum.testing.SeededTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matrix products against a double-precision triple loop, on the Java, Vector API, oneDNN and BLAS paths. */
class GemmTest extends SeededTest {
    @ParameterizedTest(name = "{0}x{1}x{2} threads={3}")
    @CsvSource({"1,1,1,1", "3,5,2,1", "7,1,9,1", "16,16,16,1", "33,65,17,1", "128,96,80,1", "200,150,120,2",
        // the Vector API paths: wide C (n a multiple of 64, k >= 16; row remainders, two column panels;
        // k < 16 stays on BLAS),
        // the narrow weight gradient A^T B (n <= 4, m a multiple of 64), W5's shapes
        "256,64,64,1", "64,64,256,1", "2,64,256,1", "7,128,17,1", "5,64,16,2", "256,64,2,1", "9,128,3,1",
        "256,2,64,1", "64,2,256,1", "128,4,48,1", "100,3,32,1"})
    void matchesTheDefinitionForEveryTransposeAndBeta(int m, int n, int k, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                float[] a = randn(m * k).data(), b = randn(k * n).data(), c = randn(m * n).data();
                float[] c0 = c.clone();
                float alpha = 0.5f, beta = t == 3 ? 0f : 1.5f;
                Gemm.gemm(ta, tb, m, n, k, alpha, a, b, beta, c);
                double maxErr = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            double av = ta ? a[p * m + i] : a[i * k + p];
                            double bv = tb ? b[j * k + p] : b[p * n + j];
                            s += av * bv;
                        }
                        double expect = alpha * s + beta * c0[i * n + j];
                        maxErr = Math.max(maxErr, Math.abs(expect - c[i * n + j]) / (1 + Math.abs(expect)));
                    }
                }
                assertTrue(maxErr < 1e-5, "transA=" + ta + " transB=" + tb + " error " + maxErr);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"3,4,5", "20,30,40"})
    void stridedViewsWithLeadingDimensionsAndOffsets(int m, int n, int k) {
        for (int t = 0; t < 4; t++) {
            stridedProduct((t & 1) != 0, (t & 2) != 0, m, n, k, 1f, 0.5f, Path.GEMM);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} alpha={3} beta={4}")
    @CsvSource({"64,64,64,1,0", "64,64,64,0.5,1", "64,1,64,1,1", "64,16,64,1,0", "33,65,17,2,1.5", "7,9,300,1,0",
        "256,64,64,1,0", "1,64,64,1,1"})
    void oneDnnSgemmMatchesTheDefinitionAtOffsetsAndStrides(int m, int n, int k, float alpha, float beta) {
        assumeTrue(Dnnl.available(), Dnnl.description());
        for (int t = 0; t < 4; t++) {
            stridedProduct((t & 1) != 0, (t & 2) != 0, m, n, k, alpha, beta, Path.DNNL);
        }
    }

    /**
     * Every layout, the transposed A (LIBXSMM's TRANS_B), shapes it has no kernel for and alpha and
     * beta it cannot take (those go to oneDNN) included.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} alpha={3} beta={4}")
    @CsvSource({"64,64,64,1,0", "64,64,64,0.5,0", "64,64,64,1,1", "32,64,64,-2,0", "64,32,64,1,1", "16,64,64,1,0",
        "33,40,17,1,1", "7,48,300,1,0", "64,1,64,1,0", "64,64,64,0.5,1", "20,40,30,2,1.5"})
    void libxsmmMatchesTheDefinitionAtOffsetsAndStrides(int m, int n, int k, float alpha, float beta) {
        assumeTrue(Dnnl.xsmm(), "the binding was built without LIBXSMM or the CPU lacks AVX2");
        for (int t = 0; t < 4; t++) {
            stridedProduct((t & 1) != 0, (t & 2) != 0, m, n, k, alpha, beta, Path.XSMM);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} alpha={5}")
    @CsvSource({"64,64,64,false,true,1", "64,64,64,false,false,0.5", "64,64,64,true,false,1", "32,64,64,false,true,1",
        "64,1,64,false,true,1", "256,64,64,false,true,1"})
    void smallProductsRunOnOneDnnOrLibxsmmWhenTheBindingIsLoaded(int m, int n, int k, boolean ta, boolean tb,
                                                                  float alpha) {
        assumeTrue(Dnnl.available(), Dnnl.description());
        assertTrue(Gemm.description().contains("oneDNN's sgemm"), Gemm.description());
        assertEquals(Dnnl.xsmm(), Gemm.description().contains("LIBXSMM"), Gemm.description());
        boolean xsmm = Gemm.xsmmServes(ta, n, (long) m * n * k, alpha, 0f);
        boolean wide = n >= Gemm.XSMM_MIN_N && n % 8 == 0;
        assertEquals(Dnnl.xsmm() && !ta && wide && (long) m * n * k <= Gemm.XSMM_FLOPS, xsmm,
                "LIBXSMM takes wide products up to 2^18 multiply-adds with A not transposed");
        // the dispatch itself: Gemm's result is that backend's, bit for bit, where the Vector API does not take it
        assumeTrue(!Gemm.VECTOR || n % 64 != 0, "16-lane machines run wide products on the Vector API");
        float[] a = randn(m * k).data(), b = randn(k * n).data(), viaGemm = new float[m * n], direct = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        Gemm.gemm(ta, tb, m, n, k, alpha, a, b, 0f, viaGemm);
        if (xsmm) {
            Dnnl.xsmm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, 0f, direct, 0, n);
        } else {
            Dnnl.sgemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, 0f, direct, 0, n);
        }
        for (int i = 0; i < viaGemm.length; i++) {
            assertEquals(Float.floatToIntBits(direct[i]), Float.floatToIntBits(viaGemm[i]), "element " + i);
        }
    }

    /** Which call {@link #stridedProduct} makes. */
    private enum Path { GEMM, DNNL, XSMM }

    /**
     * {@code C = alpha op(A) op(B) + beta C} on views at offsets with padded leading dimensions,
     * through {@link Gemm} or straight to {@link Dnnl#sgemm} or {@link Dnnl#xsmm}, against a double-precision loop; the
     * padding columns of C must be left alone, and with {@code beta == 0} C starts as NaN.
     */
    private void stridedProduct(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, Path path) {
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
        int offA = 7, offB = 11, offC = 13;
        float[] a = randn(offA + (ta ? k : m) * lda).data();
        float[] b = randn(offB + (tb ? n : k) * ldb).data();
        float[] c = randn(offC + m * ldc).data();
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, offC + i * ldc, offC + i * ldc + n, Float.NaN);
            }
        }
        float[] c0 = c.clone();
        switch (path) {
            case DNNL -> Dnnl.sgemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            case XSMM -> Dnnl.xsmm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            default -> Gemm.gemm(ta, tb, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int idx = offC + i * ldc + j;
                if (j >= n) {
                    assertEquals(c0[idx], c[idx], "padding column " + j + " of row " + i + " must not be touched");
                    continue;
                }
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[offA + p * lda + i] : a[offA + i * lda + p];
                    double bv = tb ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
                    s += av * bv;
                }
                double expect = alpha * s + (beta == 0f ? 0 : beta * c0[idx]);
                assertEquals(expect, c[idx], 1e-4 * (1 + Math.abs(expect)), "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1,1,1", "3,5,2", "64,48,256", "256,64,64"})
    void dgemmMatchesTheDefinitionForEveryTranspose(int m, int n, int k) {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rng.nextGaussian();
            }
            java.util.Arrays.fill(c, Double.NaN); // overwritten, never read
            Gemm.dgemm(ta, tb, m, n, k, a, b, c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    }
                    assertEquals(s, c[i * n + j], 1e-12 * (1 + Math.sqrt(k)), "transA=" + ta + " transB=" + tb);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"64,64,64"})
    void theBackendIsNativeOpenBlas(int m, int n, int k) {
        assertTrue(Blas.isNative(), "expected a native BLAS, got: " + Blas.description());
        assertTrue(Blas.description().contains("OpenBLAS"), Blas.description());
        assertEquals(m * n, new float[m * n].length);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void vectorPathRowsDoNotDependOnTheirNeighbours(boolean ta, boolean tb) {
        assumeTrue(Gemm.VECTOR, "the Vector API product needs 16 float lanes and jdk.incubator.vector");
        int m = 9, n = 128, k = 40;
        float[] a = randn(m * k).data(), b = randn(k * n).data(), c = new float[m * n];
        Gemm.gemm(ta, tb, m, n, k, 1f, a, b, 0f, c);
        for (int i = 0; i < m; i++) { // row i alone: a 1-row product on a copy of row i of op(A)
            float[] row = new float[k], ci = new float[n];
            for (int p = 0; p < k; p++) {
                row[p] = ta ? a[p * m + i] : a[i * k + p];
            }
            Gemm.gemm(false, tb, 1, n, k, 1f, row, b, 0f, ci);
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToIntBits(ci[j]), Float.floatToIntBits(c[i * n + j]), "row " + i + " column " + j);
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "true,true"})
    void betaZeroIgnoresNanInTheOutput(boolean ta, boolean tb) {
        int m = 6, n = 64, k = 32;
        float[] a = randn(m * k).data(), b = randn(k * n).data(), c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        Gemm.gemm(ta, tb, m, n, k, 2f, a, b, 0f, c);
        for (float v : c) {
            assertTrue(Float.isFinite(v), "beta = 0 must overwrite C, got " + v);
        }
    }
}
