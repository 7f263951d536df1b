package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LaplacianSpectrumTest {
    private static final double TOL = 1e-10;

    private static LaplacianSpectrum dense(WeightedGraph g, LaplacianKind k) {
        return LaplacianSpectrum.of(new Laplacian(g, k), SpectrumMethod.DENSE, 1, Lanczos.DEFAULT_TOLERANCE);
    }

    private static LaplacianSpectrum lanczos(WeightedGraph g, LaplacianKind k) {
        return LaplacianSpectrum.of(new Laplacian(g, k), SpectrumMethod.LANCZOS, 7, Lanczos.DEFAULT_TOLERANCE);
    }

    @Test
    void pathHasCosineSpectrum() {
        int n = 30;
        for (LaplacianSpectrum s : new LaplacianSpectrum[] {dense(TestGraphs.path(n), LaplacianKind.COMBINATORIAL),
                lanczos(TestGraphs.path(n), LaplacianKind.COMBINATORIAL)}) {
            assertEquals(2 - 2 * Math.cos(Math.PI / n), s.lambda2(), TOL);
            assertEquals(2 - 2 * Math.cos(Math.PI * (n - 1) / n), s.lambdaMax(), TOL);
            assertEquals(1, s.nullity());
        }
        // symmetric-normalised path: 1 − cos(πk/(n−1))
        LaplacianSpectrum sym = dense(TestGraphs.path(n), LaplacianKind.SYMMETRIC);
        assertEquals(1 - Math.cos(Math.PI / (n - 1)), sym.lambda2(), TOL);
        assertEquals(2, sym.lambdaMax(), TOL);
    }

    @Test
    void cycleHasCosineSpectrum() {
        for (int n : new int[] {12, 13}) {
            LaplacianSpectrum d = dense(TestGraphs.cycle(n), LaplacianKind.COMBINATORIAL);
            LaplacianSpectrum l = lanczos(TestGraphs.cycle(n), LaplacianKind.COMBINATORIAL);
            double max = 2 - 2 * Math.cos(2 * Math.PI * (n / 2) / n);
            for (LaplacianSpectrum s : new LaplacianSpectrum[] {d, l}) {
                assertEquals(2 - 2 * Math.cos(2 * Math.PI / n), s.lambda2(), TOL);
                assertEquals(max, s.lambdaMax(), TOL);
            }
            assertEquals(1 - Math.cos(2 * Math.PI / n), dense(TestGraphs.cycle(n), LaplacianKind.SYMMETRIC).lambda2(), TOL);
            assertEquals(1 - Math.cos(2 * Math.PI / n), dense(TestGraphs.cycle(n), LaplacianKind.RANDOM_WALK).lambda2(), TOL);
        }
    }

    @Test
    void completeGraphHasEigenvalueN() {
        int n = 9;
        LaplacianSpectrum s = dense(TestGraphs.complete(n), LaplacianKind.COMBINATORIAL);
        assertEquals(n, s.lambda2(), TOL);
        assertEquals(n, s.lambdaMax(), TOL);
        assertEquals(n, lanczos(TestGraphs.complete(n), LaplacianKind.COMBINATORIAL).lambda2(), TOL);
        LaplacianSpectrum sym = dense(TestGraphs.complete(n), LaplacianKind.SYMMETRIC);
        assertEquals(n / (n - 1.0), sym.lambda2(), TOL);
        assertEquals(n / (n - 1.0), sym.lambdaMax(), TOL);
    }

    @Test
    void starHasOneAndN() {
        int n = 10;
        LaplacianSpectrum s = dense(TestGraphs.star(n), LaplacianKind.COMBINATORIAL);
        assertEquals(1, s.lambda2(), TOL);
        assertEquals(n, s.lambdaMax(), TOL);
        LaplacianSpectrum l = lanczos(TestGraphs.star(n), LaplacianKind.COMBINATORIAL);
        assertEquals(1, l.lambda2(), TOL);
        assertEquals(n, l.lambdaMax(), TOL);
        LaplacianSpectrum sym = dense(TestGraphs.star(n), LaplacianKind.SYMMETRIC);
        assertEquals(1, sym.lambda2(), TOL);
        assertEquals(2, sym.lambdaMax(), TOL);
    }

    @Test
    void disconnectedGraphHasOneZeroPerComponent() {
        // two triangles and an edge: 3 components
        WeightedGraph g = WeightedGraph.fromEdges(TestGraphs.labels(8), new int[] {0, 1, 2, 3, 4, 5, 6}, new int[] {1, 2, 0, 4, 5, 3, 7},
                null, false);
        for (LaplacianSpectrum s : new LaplacianSpectrum[] {dense(g, LaplacianKind.COMBINATORIAL),
                lanczos(g, LaplacianKind.COMBINATORIAL)}) {
            assertEquals(3, s.nullity());
            assertEquals(0, s.lambda2());
            assertEquals(2, s.lambdaMinNonzero(), TOL); // the single edge: {0, 2}; triangles: {0, 3, 3}
            assertEquals(3, s.lambdaMax(), TOL);
        }
    }

    @Test
    void realGraphsMatchNumpyReference() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LaplacianSpectrumTest.class.getResourceAsStream("/dev/residuum/dynamics/graphs/reference_spectra.csv"),
                StandardCharsets.UTF_8))) {
            in.readLine();
            int rows = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.split(",");
                WeightedGraph g = EdgeListCsv.builtin(c[0], false);
                LaplacianKind kind = LaplacianKind.parse(c[1]);
                double l2 = Double.parseDouble(c[2]);
                double lmax = Double.parseDouble(c[3]);
                LaplacianSpectrum d = dense(g, kind);
                assertEquals(l2, d.lambda2(), 1e-12 * lmax, line);
                assertEquals(lmax, d.lambdaMax(), 1e-12 * lmax, line);
                LaplacianSpectrum l = lanczos(g, kind);
                assertEquals(l2, l.lambda2(), 1e-9 * l2, line);
                assertEquals(lmax, l.lambdaMax(), 1e-9 * lmax, line);
                rows++;
            }
            assertEquals(4, rows);
        }
    }

    @Test
    void lanczosAgreesWithDenseOn2000Nodes() {
        WeightedGraph g = TestGraphs.random(2000, 10_000, 42, true);
        for (LaplacianKind kind : new LaplacianKind[] {LaplacianKind.COMBINATORIAL, LaplacianKind.SYMMETRIC}) {
            LaplacianSpectrum d = dense(g, kind);
            LaplacianSpectrum l = lanczos(g, kind);
            assertTrue(l.converged(), "Lanczos converged");
            assertEquals(d.nullity(), l.nullity());
            assertEquals(d.lambdaMinNonzero(), l.lambdaMinNonzero(), 1e-6 * d.lambdaMinNonzero(), kind + " lambda_2");
            assertEquals(d.lambdaMax(), l.lambdaMax(), 1e-6 * d.lambdaMax(), kind + " lambda_max");
            System.err.printf("2000 nodes %s: lambda_2 dense %.15g lanczos %.15g (rel %.1e), lambda_max dense %.15g "
                    + "lanczos %.15g (rel %.1e), %d steps%n", kind, d.lambdaMinNonzero(), l.lambdaMinNonzero(),
                    Math.abs(d.lambdaMinNonzero() - l.lambdaMinNonzero()) / d.lambdaMinNonzero(), d.lambdaMax(), l.lambdaMax(),
                    Math.abs(d.lambdaMax() - l.lambdaMax()) / d.lambdaMax(), l.lanczosSteps());
        }
    }

    @Test
    void directedCycleHasRootsOfUnitySpectrum() {
        int n = 8;
        int[] u = new int[n];
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = i;
            v[i] = (i + 1) % n;
        }
        WeightedGraph g = WeightedGraph.fromEdges(TestGraphs.labels(n), u, v, null, true);
        LaplacianSpectrum s = LaplacianSpectrum.of(new Laplacian(g, LaplacianKind.COMBINATORIAL));
        // eigenvalues 1 − e^{2πik/n}
        assertEquals(1, s.nullity());
        assertEquals(1 - Math.cos(2 * Math.PI / n), s.lambda2(), TOL);
        assertEquals(2, s.lambdaMax(), TOL);
        assertThrows(IllegalArgumentException.class, () -> lanczos(g, LaplacianKind.COMBINATORIAL));
        assertThrows(IllegalArgumentException.class, () -> new Laplacian(g, LaplacianKind.SYMMETRIC));
    }
}
