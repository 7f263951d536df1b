package dev.residuum.kernel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The native BLAS behind {@link Gemm}: OpenBLAS called through dev.ludovic.netlib's JNI
 * binding, which hands {@code float[]} to the library without copying.
 *
 * <p>Which library: the path in system property {@value #LIBRARY_PROPERTY} if set; otherwise
 * the system's OpenBLAS when one is installed (Debian: {@code libopenblas0-pthread}); otherwise
 * the OpenBLAS that {@code org.bytedeco:openblas} ships inside its jar, so a machine with only a
 * JDK and Maven still gets native speed. If none loads, netlib's pure-Java BLAS is used and the
 * log line says so. One log line names the backend.
 *
 * <p>Threads: OpenBLAS is kept at one thread (Residuum parallelises over the batch and over rows
 * itself, see {@link Parallel}); the launcher and the test runner set
 * {@code OPENBLAS_NUM_THREADS=1}, and for the bundled library it is also set in-process.
 */
public final class Blas {
    /**
     * System property: full path of an OpenBLAS (or other Fortran-interface BLAS) shared library,
     * or {@code bundled} to use the one in org.bytedeco:openblas even when the system has one.
     */
    public static final String LIBRARY_PROPERTY = "residuum.blas.library";

    private static final List<String> SYSTEM_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
            "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
            "/usr/lib64/libopenblas.so.0",
            "/usr/lib/libopenblas.so.0",
            "/usr/local/lib/libopenblas.so.0");

    /**
     * netlib logs a warning when its optional Java-Vector-API fallback cannot load, even when the
     * native library is used; that fallback is not used here, so its logger is held at SEVERE
     * (a strong reference keeps the level from being lost with the logger).
     */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas");
    private static final BLAS INSTANCE;
    private static final String DESCRIPTION;

    static {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        String[] description = new String[1];
        INSTANCE = load(description);
        DESCRIPTION = description[0];
        LoggerFactory.getLogger(Blas.class).info("BLAS backend: {}; row kernels: {}; convolutions: {}", DESCRIPTION,
                Simd.description(), Dnnl.description());
    }

    private Blas() {
    }

    /** The loaded BLAS. */
    static BLAS get() {
        return INSTANCE;
    }

    /** Which library is in use, e.g. {@code "OpenBLAS (system) /usr/lib/.../libopenblas.so.0 via netlib JNI"}. */
    public static String description() {
        return DESCRIPTION;
    }

    /** True when calls go to a native library (not the pure-Java fallback). */
    public static boolean isNative() {
        return INSTANCE instanceof NativeBLAS;
    }

    private static BLAS load(String[] description) {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        String path = null;
        String origin = null;
        boolean forceBundled = "bundled".equals(configured);
        if (configured != null && !configured.isBlank() && !forceBundled) {
            path = configured;
            origin = "configured by -D" + LIBRARY_PROPERTY;
        } else if (!forceBundled) {
            for (String candidate : SYSTEM_CANDIDATES) {
                if (Files.isReadable(Path.of(candidate))) {
                    path = candidate;
                    origin = "system";
                    break;
                }
            }
        }
        boolean bundled = false;
        if (path == null) {
            try {
                path = BundledOpenBlas.extract();
                origin = "bundled with org.bytedeco:openblas";
                bundled = true;
            } catch (Throwable t) { // a missing or broken native jar: fall through to Java
                origin = "bundled OpenBLAS failed to load: " + t;
            }
        }
        if (path != null && System.getProperty("dev.ludovic.netlib.blas.nativeLibPath") == null) {
            System.setProperty("dev.ludovic.netlib.blas.nativeLibPath", path);
        }
        try {
            NativeBLAS blas = NativeBLAS.getInstance();
            if (bundled) {
                BundledOpenBlas.setThreads(1);
            }
            String threads = System.getenv("OPENBLAS_NUM_THREADS");
            String note = bundled || "1".equals(threads) ? "1 BLAS thread"
                    : "OPENBLAS_NUM_THREADS=" + threads + " (set it to 1; Residuum parallelises itself)";
            description[0] = path == null
                    ? "netlib's default native BLAS (libblas.so.3) via JNI, " + note + "; " + origin
                    : "OpenBLAS (" + origin + ") " + path + " via netlib JNI, " + note;
            return blas;
        } catch (Throwable t) {
            BLAS java = BLAS.getInstance();
            description[0] = "pure Java (" + java.getClass().getSimpleName() + "), native BLAS unavailable ("
                    + (origin == null ? "no library found" : origin) + "): expect 20x slower matrix products";
            return java;
        }
    }

    /** Finds the OpenBLAS inside org.bytedeco:openblas (extracted to JavaCPP's cache). */
    private static final class BundledOpenBlas {
        static String extract() throws Exception {
            String jni = org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            File dir = new File(jni).getParentFile();
            // JavaCPP extracts the library under the name its preset links against
            for (String name : new String[] {"libopenblas_nolapack.so.0", "libopenblas.so.0"}) {
                File lib = new File(dir, name);
                if (lib.isFile()) {
                    return lib.getAbsolutePath();
                }
            }
            throw new IllegalStateException("no libopenblas*.so.0 beside " + jni);
        }

        static void setThreads(int n) {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(n);
        }
    }
}
