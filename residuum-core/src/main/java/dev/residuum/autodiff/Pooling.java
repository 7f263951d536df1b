package dev.residuum.autodiff;

import dev.residuum.kernel.Im2col;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;

/**
 * Spatial pooling on NCHW tensors: max-pooling and subsampling (strided picking); each function
 * followed by its {@link Primitive} record.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Max over {@code kernel x kernel} windows (padding counts as minus infinity, as in PyTorch);
     * the gradient goes to the first maximum of each window.
     *
     * @param x {@code [N, C, H, W]}. Not modified.
     */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int pad) {
        Shape s = x.shape();
        if (s.rank() != 4) {
            throw new ShapeException("maxPool2d: expected [N, C, H, W], got " + s);
        }
        if (kernel < 1 || stride < 1 || pad < 0 || 2 * pad > kernel) {
            throw new IllegalArgumentException("maxPool2d: need kernel >= 1, stride >= 1, 0 <= padding <= kernel/2, got "
                    + kernel + ", " + stride + ", " + pad);
        }
        int planes = s.dim(0) * s.dim(1), h = s.dim(2), w = s.dim(3);
        int ho = Im2col.outSize(h, kernel, stride, pad), wo = Im2col.outSize(w, kernel, stride, pad);
        if (ho < 1 || wo < 1) {
            throw new ShapeException("maxPool2d: window " + kernel + " does not fit input " + s);
        }
        Tensor y = Tensor.empty(Shape.of(s.dim(0), s.dim(1), ho, wo));
        float[] xd = x.data(), yd = y.data();
        int[] arg = new int[yd.length];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    int best = -1;
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < kernel; kx++) {
                            int ix = ox * stride - pad + kx;
                            if (ix < 0 || ix >= w) continue;
                            int idx = (p * h + iy) * w + ix;
                            if (best < 0 || xd[idx] > m) {
                                m = xd[idx];
                                best = idx;
                            }
                        }
                    }
                    int o = (p * ho + oy) * wo + ox;
                    yd[o] = m;
                    arg[o] = best;
                }
            }
        }
        return Graph.track(MaxPool2d.class, y, x) ? Graph.attach(new MaxPool2d(x, arg, y.shape()), y, x) : y;
    }

    /** Window maxima of shape {@code out}, output o taken from input {@code arg[o]}: both products go through arg. */
    record MaxPool2d(Tensor x, int[] arg, Shape out) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int o = 0; o < gd.length; o++) gx[arg[o]] += gd[o];
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            Tensor dy = Tensor.empty(out);
            float[] dx = t[0].data(), dyd = dy.data();
            for (int o = 0; o < dyd.length; o++) dyd[o] = dx[arg[o]];
            return dy;
        }
    }

    /**
     * {@code x[:, :, ::stride, ::stride]}: every {@code stride}-th row and column, as the
     * parameter-free shortcut of He et al.'s option A.
     *
     * @param x {@code [N, C, H, W]}. Not modified.
     * @return {@code [N, C, ceil(H / stride), ceil(W / stride)]}
     */
    public static Tensor subsample(Tensor x, int stride) {
        Shape s = x.shape();
        if (s.rank() != 4) {
            throw new ShapeException("subsample: expected [N, C, H, W], got " + s);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("subsample: stride must be >= 1, got " + stride);
        }
        int planes = s.dim(0) * s.dim(1), h = s.dim(2), w = s.dim(3);
        int ho = (h + stride - 1) / stride, wo = (w + stride - 1) / stride;
        Tensor y = Tensor.empty(Shape.of(s.dim(0), s.dim(1), ho, wo));
        float[] xd = x.data(), yd = y.data();
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < ho; oy++) {
                int src = (p * h + oy * stride) * w, dst = (p * ho + oy) * wo;
                for (int ox = 0; ox < wo; ox++) yd[dst + ox] = xd[src + ox * stride];
            }
        }
        return Graph.track(Subsample.class, y, x) ? Graph.attach(new Subsample(x, stride, ho, wo), y, x) : y;
    }

    /** Every {@code stride}-th row and column, {@code [ho, wo]} per plane: the gradient goes back to those. */
    record Subsample(Tensor x, int stride, int ho, int wo) implements Primitive {
        @Override
        public void vjp(Tensor g) {
            Shape s = x.shape();
            int planes = s.dim(0) * s.dim(1), h = s.dim(2), w = s.dim(3);
            float[] gx = Graph.gradBuffer(x), gd = g.data();
            for (int p = 0; p < planes; p++) {
                for (int oy = 0; oy < ho; oy++) {
                    int dst = (p * h + oy * stride) * w, src = (p * ho + oy) * wo;
                    for (int ox = 0; ox < wo; ox++) gx[dst + ox * stride] += gd[src + ox];
                }
            }
        }

        @Override
        public Tensor jvp(Tensor[] t) {
            return subsample(t[0], stride);
        }
    }
}
