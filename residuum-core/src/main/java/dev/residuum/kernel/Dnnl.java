package dev.residuum.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Convolutions on oneDNN, the library PyTorch runs its CPU convolutions on, through a small JNI
 * binding ({@code src/main/native/dnnl_convolution.cpp}, built when {@code g++} and oneDNN's
 * headers are installed). oneDNN computes in its own channel-blocked layouts with kernels
 * generated for the CPU (AVX-512 here); each call reorders Residuum's NCHW arrays in and out.
 * Measured here on one core (128 images, forward and both backward products): 11.8 ms for a
 * 64-channel 7x7 layer against 19-21 ms for Residuum's shifted products, 15.5 against 20 ms on
 * 16-channel 28x28 maps. The binding also exposes oneDNN's {@code sgemm} ({@link #sgemm}), which
 * {@link Gemm} uses for small matrix products.
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
 * primitives and buffers (for a 16-channel 28x28 layer at batch 128, about 40 MB of native memory
 * in oneDNN's layouts), created on first use; calls on one handle are serialised. Handles belong
 * to shapes, not to models: a model built again with the same shapes reuses them (a
 * {@linkplain #winograd Winograd} handle belongs to one weights array as well). The cache is
 * bounded by the native memory its handles hold ({@value #DEFAULT_CAPACITY_MB} MB, or
 * {@code -Dresiduum.dnnl.cacheMb=N}): the handles used least recently are freed when a new one
 * would exceed the bound, so the native memory of a dropped model's shapes is returned as soon as
 * other shapes need room, and {@link #release()} returns all of it at once. Primitives are created for one thread too: oneDNN splits the work
 * (and so orders its sums) by the thread count in force at creation, which would otherwise make
 * a weight gradient depend on what ran earlier in the process (a bit-exact resume caught it).
 * Results are the same from run to run at a fixed thread count.
 */
public final class Dnnl {
    private static final String UNAVAILABLE = load();
    private static volatile boolean enabled = UNAVAILABLE == null;
    /** Whether the binding was built with LIBXSMM and its kernels run on this CPU (AVX2 or later). */
    private static final boolean XSMM = UNAVAILABLE == null && xsmmAvailable();
    /** The native memory the handles may hold, MB, unless {@code -Dresiduum.dnnl.cacheMb} says otherwise. */
    public static final int DEFAULT_CAPACITY_MB = 1024;
    /** Shape and slot to handle, least recently used first; guarded by itself. */
    private static final LinkedHashMap<Key, Handle> HANDLES = new LinkedHashMap<>(16, 0.75f, true);
    /** Guarded by HANDLES. */
    private static long capacityBytes = (long) Integer.getInteger("residuum.dnnl.cacheMb", DEFAULT_CAPACITY_MB) << 20;
    /** The estimated native bytes of the handles in HANDLES; guarded by HANDLES. */
    private static long heldBytes;

    /**
     * @param weights for a {@linkplain #winograd Winograd} handle, the identity hash of the weights
     *     array it keeps transformed (so that each layer of a shape keeps its own); 0 otherwise
     */
    private record Key(int slot, int n, int c, int h, int w, int o, int k, int stride, int pad, boolean training,
                       int weights) {
        /**
         * What a handle of this shape holds in oneDNN's layouts, estimated: the input, output and
         * weights once for the forward, and twice more (backward data, backward weights) in training.
         */
        long bytes() {
            long ho = (h + 2L * pad - k) / stride + 1;
            long wo = (w + 2L * pad - k) / stride + 1;
            long floats = (long) n * c * h * w + (long) n * o * ho * wo + (long) o * c * k * k;
            // Winograd's F(4x4, 3x3) keeps its weights on 6x6 tiles: four times the 3x3 kernels
            long winogradWeights = weights != 0 ? 4L * o * c * k * k : 0;
            return Float.BYTES * (floats * (training ? 3 : 1) + winogradWeights);
        }
    }

    /** One native convolution; {@code pointer} is 0 once freed (guarded by the handle itself). */
    private static final class Handle {
        long pointer;

        Handle(long pointer) {
            this.pointer = pointer;
        }

        synchronized void free() {
            if (pointer != 0) {
                destroy(pointer);
                pointer = 0;
            }
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

    /**
     * The live handle of this shape and slot, created on first use. The caller locks it and checks
     * that it was not freed in between ({@link #run}).
     */
    private static Handle handle(int slot, int n, int c, int h, int w, int o, int k, int stride, int pad,
                                 boolean training, int weights) {
        Key key = new Key(slot, n, c, h, w, o, k, stride, pad, training, weights);
        List<Handle> evicted = new ArrayList<>();
        Handle handle;
        synchronized (HANDLES) {
            handle = HANDLES.get(key);
            if (handle == null) {
                handle = new Handle(create(n, c, h, w, o, k, stride, pad, training, weights != 0));
                HANDLES.put(key, handle);
                heldBytes += key.bytes();
                evictBeyondCapacity(evicted);
            }
        }
        evicted.forEach(Handle::free); // outside the map's lock: a call may still be running on one
        return handle;
    }

    /** Runs {@code call} on the live handle of this shape and slot, under its lock. */
    private static void run(int slot, int n, int c, int h, int w, int o, int k, int stride, int pad, boolean training,
                            int weights, java.util.function.LongConsumer call) {
        while (true) {
            Handle handle = handle(slot, n, c, h, w, o, k, stride, pad, training, weights);
            synchronized (handle) {
                if (handle.pointer != 0) { // else freed since it was looked up: look again
                    call.accept(handle.pointer);
                    return;
                }
            }
        }
    }

    /** Native convolutions alive now. */
    public static int handles() {
        synchronized (HANDLES) {
            return HANDLES.size();
        }
    }

    /**
     * Frees every native convolution now (the next call on a shape creates its handle again), e.g.
     * after dropping a model whose shapes will not come back.
     */
    public static void release() {
        List<Handle> all;
        synchronized (HANDLES) {
            all = new ArrayList<>(HANDLES.values());
            HANDLES.clear();
            heldBytes = 0;
        }
        all.forEach(Handle::free);
    }

    /** The estimated native memory the live handles hold, bytes. */
    public static long heldBytes() {
        synchronized (HANDLES) {
            return heldBytes;
        }
    }

    /**
     * Sets the bound on the handles' native memory, freeing the least recently used beyond it
     * (the newest handle is always kept, however large).
     */
    static void setCapacityBytes(long bytes) {
        List<Handle> evicted = new ArrayList<>();
        synchronized (HANDLES) {
            capacityBytes = bytes;
            evictBeyondCapacity(evicted);
        }
        evicted.forEach(Handle::free);
    }

    /** Moves the least recently used handles beyond the bound from HANDLES to {@code evicted}; holds HANDLES. */
    private static void evictBeyondCapacity(List<Handle> evicted) {
        Iterator<java.util.Map.Entry<Key, Handle>> eldest = HANDLES.entrySet().iterator();
        while (heldBytes > capacityBytes && HANDLES.size() > 1) {
            java.util.Map.Entry<Key, Handle> e = eldest.next();
            heldBytes -= e.getKey().bytes();
            evicted.add(e.getValue());
            eldest.remove();
        }
    }

    /**
     * Whether a forward pass of this shape runs Winograd's F(4x4, 3x3) (oneDNN's
     * {@code jit_wino_4x3}, where the CPU has it; the direct kernels where not): 3x3, stride 1, at
     * least 16 channels on each side, no backward pass. Its output differs from the direct
     * kernels' by about 1e-6 relative. Its weights transform costs as much as several calls, so
     * such a handle belongs to one weights array as well as to a shape, keeps the transformed
     * weights and transforms again only when the array's values change (compared bit for bit at
     * each call: a changed weight is always seen). Measured in W3 (ResNet-20 inference, 1 thread,
     * {@code DNNL_VERBOSE=1}): 172 against 203 us per call on 32-channel 14x14 maps (10 images),
     * 253 against 393 on 64-channel 7x7 maps (20 images). On 16-channel 28x28 maps it was slower in
     * session 8 (120 against 103 us, 5 images, the layers reordered one at a time); with the
     * activations kept in oneDNN's layout (session 20, Zen 5), W3 ran 3237, 3366, 3053, 2548 images/s
     * with them on Winograd against 3026, 2906, 3079, 2493 without (alternating runs).
     */
    static boolean winograd(int c, int o, int k, int stride, boolean training) {
        return !training && k == 3 && stride == 1 && c >= 16 && o >= 16;
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
        int weights = winograd(c, o, k, stride, training) ? 1 | System.identityHashCode(weight) : 0;
        run(slot, n, c, h, w, o, k, stride, pad, training, weights, p -> forward(p, x, xOff, weight, y, yOff));
    }

    /**
     * The layouts the forward of this shape computes in: {@code input | output << 8}, each 1 for
     * plain NCHW, {@code B} for oneDNN's channel-blocked {@code aBcdBb} ({@code [N][C/B][H][W][B]},
     * C a multiple of B: no padding), 0 for any other. A caller that keeps its activations in
     * these layouts runs a chain of layers with {@link #forwardBlocked} and no reorder between them.
     *
     * @param weight the layer's weights (a {@linkplain #winograd Winograd} handle belongs to them)
     */
    public static int layouts(int slot, int n, int c, int h, int w, float[] weight, int o, int k, int stride, int pad) {
        int weights = winograd(c, o, k, stride, false) ? 1 | System.identityHashCode(weight) : 0;
        int[] result = new int[1];
        run(slot, n, c, h, w, o, k, stride, pad, false, weights, p -> result[0] = layouts(p));
        return result[0];
    }

    /**
     * The forward without a backward pass on arrays in its own layouts ({@link #layouts}): the
     * same primitive, and so the same values, as {@link #forward} with {@code training} false,
     * without the reorders of the input and output.
     *
     * @param x not modified; in the forward's input layout
     * @param weight not modified; {@code [o, c, k, k]}
     * @param y modified; written in the forward's output layout
     */
    public static void forwardBlocked(int slot, float[] x, int xOff, int n, int c, int h, int w, float[] weight, int o,
                                      int k, int stride, int pad, float[] y, int yOff) {
        int weights = winograd(c, o, k, stride, false) ? 1 | System.identityHashCode(weight) : 0;
        run(slot, n, c, h, w, o, k, stride, pad, false, weights, p -> forwardBlocked(p, x, xOff, weight, y, yOff));
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
        run(slot, n, c, h, w, o, k, stride, pad, true, 0, p -> backwardData(p, dy, dyOff, weight, dx, dxOff, accumulate));
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
        run(slot, n, c, h, w, o, k, stride, pad, true, 0, p -> backwardWeights(p, x, xOff, dy, dyOff, dw, dwOff));
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} by oneDNN's {@code dnnl_sgemm} on the calling
     * thread alone, row-major, at offsets with the leading dimensions of the stored layouts (as
     * {@link Gemm#gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int,
     * float, float[], int, int)}, which calls it for small products). Requires {@link #available()}.
     *
     * @param a not modified
     * @param b not modified
     * @param c modified; with {@code beta == 0} its old contents are ignored (NaN included)
     * @throws IllegalStateException when oneDNN reports an error
     */
    static native void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                             int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc);

    /**
     * As {@link #sgemm}, on LIBXSMM's kernel generated for this shape and layout, or on oneDNN's
     * sgemm when LIBXSMM has none or cannot take alpha and beta (its kernels take {@code beta} 0
     * with any {@code alpha}, or {@code beta} 1 with {@code alpha} 1). Requires {@link #available()}.
     */
    static native void xsmm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                            int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc);

    /**
     * Whether {@link #xsmm} runs LIBXSMM's kernels: the binding is loaded and enabled, was built
     * with LIBXSMM (Debian's libxsmm-dev), and the CPU has AVX2.
     */
    public static boolean xsmm() {
        return XSMM && enabled;
    }

    private static native boolean xsmmAvailable();

    private static native String version();

    private static native long create(int n, int c, int h, int w, int o, int k, int stride, int pad, boolean training,
                                      boolean winograd);

    private static native void destroy(long handle);

    private static native void forward(long handle, float[] x, int xOff, float[] w, float[] y, int yOff);

    private static native void forwardBlocked(long handle, float[] x, int xOff, float[] w, float[] y, int yOff);

    private static native int layouts(long handle);

    private static native void backwardData(long handle, float[] dy, int dyOff, float[] w, float[] dx, int dxOff,
                                            boolean accumulate);

    private static native void backwardWeights(long handle, float[] x, int xOff, float[] dy, int dyOff, float[] dw,
                                               int dwOff);
}
