package dev.residuum.kernel;

/**
 * Whether Residuum's memory-bound row kernels (batch norm, ReLU masks) run on the JDK's Vector
 * API ({@code jdk.incubator.vector}) or on scalar Java. The JIT does not vectorise float
 * reductions (their order of additions is fixed by the language), so the explicit vector code is
 * 2-5x faster there; it needs the incubator module, which a JVM resolves only when started with
 * {@code --add-modules jdk.incubator.vector} (the launcher and the test runner pass it). Without
 * it, or with {@code -D}{@value #PROPERTY}{@code =false}, the scalar kernels run: same results up
 * to the order of float additions.
 */
public final class Simd {
    /** System property: {@code false} forces the scalar kernels. */
    public static final String PROPERTY = "residuum.simd";

    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {
    }

    /** True when the vector kernels are in use. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Float lanes of the JVM's preferred vector species, 0 when the vector kernels are off. */
    static int floatLanes() {
        return ENABLED ? VectorWidth.floats() : 0;
    }

    /** One line for logs, e.g. {@code "Vector API, 16 float lanes"}. */
    public static String description() {
        if (ENABLED) {
            return "Vector API (jdk.incubator.vector), " + VectorWidth.floats() + " float lanes";
        }
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                ? "scalar (start the JVM with --add-modules jdk.incubator.vector for vector kernels)"
                : "scalar (-D" + PROPERTY + "=false)";
    }

    /** Kept apart so that the incubator classes load only when the module is present. */
    private static final class VectorWidth {
        static int floats() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        }
    }
}
