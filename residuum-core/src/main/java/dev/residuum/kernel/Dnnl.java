package dev.residuum.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Convolutions on oneDNN, the library PyTorch runs its CPU convolutions on, through a small JNI
 * binding ({@code src/main/native/dnnl_convolution.cpp}, built when {@code g++} and oneDNN's
 * headers are installed). oneDNN computes in its own channel-blocked layouts with kernels
 * generated for the CPU (AVX-512 here); each call reorders Residuum's NCHW arrays in and out.
 * Measured here on one core (128 images, forward and both backward products): 11.8 ms for a
 * 64-channel 7x7 layer against 19-21 ms for Residuum's shifted products, 15.5 against 20 ms on
 * 16-channel 28x28 maps.
 *
 * <p>Optional: without the binding or the library ({@code apt-get install libdnnl-dev}), or with
 * {@code -Dresiduum.dnnl=false}, {@link #available()} is false and convolutions run on
 * Residuum's own kernels. The JavaCPP presets ({@code org.bytedeco:dnnl}) would be the usual
 * binding, but the registry here does not serve them.
 *
 * <p>Threads: each call runs oneDNN on the calling thread alone; callers split the batch over
 * {@link Parallel}'s workers, as for the other kernels, so that oneDNN's OpenMP threads never
 * compete with Residuum's for the cores. A {@code slot} (the chunk number) keeps the chunks'
 * primitives apart: each shape (batch size included) and slot gets one handle with its
 * primitives and buffers, created on first use and kept for the life of the process; calls on
 * one handle are serialised. Primitives are created for one thread too: oneDNN splits the work
 * (and so orders its sums) by the thread count in force at creation, which would otherwise make
 * a weight gradient depend on what ran earlier in the process (a bit-exact resume caught it).
 * Results are the same from run to run at a fixed thread count.
 */
public final class Dnnl {
    private static final String UNAVAILABLE = load();
    private static volatile boolean enabled = UNAVAILABLE == null;
    private static final ConcurrentHashMap<Key, Handle> HANDLES = new ConcurrentHashMap<>();

    private record Key(int slot, int n, int c, int h, int w, int o, int k, int stride, int pad, boolean training) {
    }

    private static final class Handle {
        final long pointer;

        Handle(long pointer) {
            this.pointer = pointer;
        }
    }

    private Dnnl() {
    }

    private static String load() {
        if (!Boolean.parseBoolean(System.getProperty("residuum.dnnl", "true"))) {
            return "disabled by -Dresiduum.dnnl=false";
        }
        // relative to this class: dev/residuum/kernel/native/, where src/main/native/build.sh writes it
        String resource = "native/libresiduum_dnnl.so";
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
                || !System.getProperty("os.arch", "").equals("amd64")) {
            return "the binding is built for Linux x86-64 only";
        }
        try (InputStream in = Dnnl.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "binding not built (install g++ and libdnnl-dev, then rebuild)";
            }
            // one copy per build in the temporary folder, named by its checksum and written
            // atomically, so that processes share it and a killed one leaves nothing half-written
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            Path file = dir.resolve(String.format("residuum_dnnl-%08x.so", crc.getValue()));
            if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
                Path tmp = Files.createTempFile(dir, "residuum_dnnl", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            System.load(file.toString());
            version(); // links the native methods now, so that a broken binding shows here
            return null;
        } catch (IOException | LinkageError e) {
            return "cannot load the binding (" + e.getMessage() + "); install libdnnl2 (apt-get install libdnnl-dev)";
        }
    }

    /** Whether the binding is loaded and enabled. */
    public static boolean available() {
        return enabled;
    }

    /**
     * Turns the use of oneDNN on or off for this process (for comparisons with Residuum's own
     * kernels); turning it on requires the binding to be loaded.
     *
     * @throws IllegalStateException when turning it on without the binding
     */
    public static void setEnabled(boolean on) {
        if (on && UNAVAILABLE != null) {
            throw new IllegalStateException("oneDNN is not available: " + UNAVAILABLE);
        }
        enabled = on;
    }

    /** One line for logs: the library version, or why it is not used. */
    public static String description() {
        if (UNAVAILABLE != null) {
            return "Residuum's own (oneDNN not used: " + UNAVAILABLE + ")";
        }
        return enabled ? version() : "Residuum's own (" + version() + " disabled)";
    }

    private static Handle handle(int slot, int n, int c, int h, int w, int o, int k, int stride, int pad,
                                 boolean training) {
        return HANDLES.computeIfAbsent(new Key(slot, n, c, h, w, o, k, stride, pad, training),
                key -> new Handle(create(n, c, h, w, o, k, stride, pad, training)));
    }

    /**
     * {@code y[n, o, ho, wo] = conv(x[n, c, h, w], w[o, c, k, k])}, written.
     *
     * @param x not modified
     * @param weight not modified
     * @param training whether a backward pass follows (the handle then also holds the backward primitives)
     * @param y modified
     */
    public static void forward(int slot, float[] x, int xOff, int n, int c, int h, int w, float[] weight, int o,
                               int k, int stride, int pad, boolean training, float[] y, int yOff) {
        Handle handle = handle(slot, n, c, h, w, o, k, stride, pad, training);
        synchronized (handle) {
            forward(handle.pointer, x, xOff, weight, y, yOff);
        }
    }

    /**
     * The input gradient {@code dx = conv^T(dy)}, written or, with {@code accumulate}, added.
     *
     * @param dy not modified
     * @param weight not modified
     * @param dx modified
     */
    public static void backwardData(int slot, float[] dy, int dyOff, int n, int c, int h, int w, float[] weight,
                                    int o, int k, int stride, int pad, float[] dx, int dxOff, boolean accumulate) {
        Handle handle = handle(slot, n, c, h, w, o, k, stride, pad, true);
        synchronized (handle) {
            backwardData(handle.pointer, dy, dyOff, weight, dx, dxOff, accumulate);
        }
    }

    /**
     * Adds the weight gradient of the batch into {@code dw [o, c, k, k]} at {@code dwOff}.
     *
     * @param x not modified
     * @param dy not modified
     * @param dw modified (accumulated into)
     */
    public static void backwardWeights(int slot, float[] x, int xOff, int n, int c, int h, int w, float[] dy,
                                       int dyOff, int o, int k, int stride, int pad, float[] dw, int dwOff) {
        Handle handle = handle(slot, n, c, h, w, o, k, stride, pad, true);
        synchronized (handle) {
            backwardWeights(handle.pointer, x, xOff, dy, dyOff, dw, dwOff);
        }
    }

    private static native String version();

    private static native long create(int n, int c, int h, int w, int o, int k, int stride, int pad, boolean training);

    private static native void forward(long handle, float[] x, int xOff, float[] w, float[] y, int yOff);

    private static native void backwardData(long handle, float[] dy, int dyOff, float[] w, float[] dx, int dxOff,
                                            boolean accumulate);

    private static native void backwardWeights(long handle, float[] x, int xOff, float[] dy, int dyOff, float[] dw,
                                               int dwOff);
}
