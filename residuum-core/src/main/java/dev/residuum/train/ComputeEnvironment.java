package dev.residuum.train;

import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Simd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's floating-point results depend on besides its data and seed: the worker thread
 * count (it fixes how products and batches are split, and so the order of float additions) and
 * the kernels in use. A {@link Checkpoint} records it; a resume with another thread count is
 * refused, one on other kernels is allowed with a warning (the result is then not bit-exact).
 *
 * @param threads {@link Parallel#threads()}
 * @param blas the BLAS library and what else runs the products ({@link Gemm#description()}) and, when set, the
 *     {@code OPENBLAS_CORETYPE} that picks OpenBLAS's kernels
 * @param rowKernels vector or scalar row kernels ({@link Simd#description()})
 * @param convolutions oneDNN or Residuum's own ({@link Dnnl#description()})
 */
public record ComputeEnvironment(int threads, String blas, String rowKernels, String convolutions) {
    /** Environment variable that makes OpenBLAS use another CPU's kernels. */
    public static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";

    public ComputeEnvironment {
        Objects.requireNonNull(blas, "blas");
        Objects.requireNonNull(rowKernels, "rowKernels");
        Objects.requireNonNull(convolutions, "convolutions");
        if (threads < 1) {
            throw new IllegalArgumentException("ComputeEnvironment: threads must be at least 1, got " + threads);
        }
    }

    /** This process now. */
    public static ComputeEnvironment current() {
        String coreType = System.getenv(CORETYPE_VARIABLE);
        String blas = Gemm.description() + (coreType == null || coreType.isBlank() ? ""
                : "; " + CORETYPE_VARIABLE + "=" + coreType.trim());
        return new ComputeEnvironment(Parallel.threads(), blas, Simd.description(), Dnnl.description());
    }

    /** As string pairs (checkpoint metadata), keys in a fixed order. */
    public Map<String, String> toStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("threads", Integer.toString(threads));
        m.put("blas", blas);
        m.put("row_kernels", rowKernels);
        m.put("convolutions", convolutions);
        return m;
    }

    /** The keys of {@link #toStrings()} whose values are text. */
    static boolean isText(String key) {
        return key.equals("blas") || key.equals("row_kernels") || key.equals("convolutions");
    }

    /**
     * Parses {@link #toStrings()}; null for a checkpoint written before the environment was
     * recorded (format 1).
     *
     * @throws IllegalArgumentException naming a missing or malformed entry
     */
    public static ComputeEnvironment fromStrings(Map<String, String> m, String where) {
        if (!m.containsKey("threads")) {
            return null;
        }
        for (String key : List.of("blas", "row_kernels", "convolutions")) {
            if (m.get(key) == null) {
                throw new IllegalArgumentException(where + ": the checkpoint records threads but not '" + key + "'");
            }
        }
        try {
            return new ComputeEnvironment(Integer.parseInt(m.get("threads")), m.get("blas"), m.get("row_kernels"),
                    m.get("convolutions"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": malformed thread count '" + m.get("threads") + "'");
        }
    }

    /**
     * Refuses to continue a run saved in {@code saved} here; warns of other kernels.
     *
     * @param saved the checkpoint's environment, or null (format 1: nothing to compare)
     * @return one line per kernel that differs (empty when all agree)
     * @throws IllegalArgumentException when the thread counts differ, naming the one that matches
     */
    public List<String> checkResume(ComputeEnvironment saved, String where) {
        List<String> warnings = new ArrayList<>();
        if (saved == null) {
            return warnings;
        }
        if (saved.threads != threads) {
            throw new IllegalArgumentException("--resume: " + where + " was written with " + saved.threads
                    + " thread(s), this run has " + threads + "; another thread count splits the sums differently,"
                    + " so the result would not be bit-exact: resume with --threads " + saved.threads);
        }
        differs(warnings, "BLAS", saved.blas, blas);
        differs(warnings, "row kernels", saved.rowKernels, rowKernels);
        differs(warnings, "convolutions", saved.convolutions, convolutions);
        return warnings;
    }

    private static void differs(List<String> out, String what, String saved, String now) {
        if (!saved.equals(now)) {
            out.add("resuming on other " + what + " than the checkpoint's (saved: " + saved + "; now: " + now
                    + "): the run continues, but its result will not be bit-exact");
        }
    }
}
