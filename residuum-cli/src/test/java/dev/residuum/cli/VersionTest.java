package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Blas;
import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Simd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code residuum --version}: Residuum's and Java's versions and the backends in use. */
class VersionTest {
    @Test
    void versionNamesTheBackendsInUse() {
        CliRun.Result r = CliRun.run("--version");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("residuum "), r.out());
        assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version")), r.out());
        assertEquals("BLAS: " + Gemm.description(), lines.get(2));
        assertTrue(lines.get(2).contains(Blas.description()), r.out());
        assertEquals("oneDNN: " + (Dnnl.available() ? "yes, convolutions and small products on " : "no, convolutions on ")
                + Dnnl.description(), lines.get(3));
        assertEquals("vector kernels: " + (Simd.enabled() ? "yes, " : "no, ") + Simd.description(), lines.get(4));
    }
}
