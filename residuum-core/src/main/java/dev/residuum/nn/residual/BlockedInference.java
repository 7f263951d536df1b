package dev.residuum.nn.residual;

import dev.residuum.kernel.BlockedActivations;
import dev.residuum.kernel.ConvolutionPlan;
import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Scratch;
import dev.residuum.nn.Conv2d;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * A CIFAR ResNet's residual stages in evaluation, a few images at a time through every block, with
 * the activations kept in oneDNN's channel-blocked layout between the convolutions
 * ({@link BlockedActivations}): each convolution runs {@link Dnnl#forwardBlocked} and its batch
 * norm, residual add and ReLU run on its output in place, so nothing is reordered between layers,
 * where the layer-at-a-time path reorders each layer's input and output in and out of oneDNN's
 * layout. The values are that path's bit for bit, by construction: the same split of the batch
 * over the workers, the same oneDNN calls (images per call, handles), the same epilogue arithmetic
 * per value ({@link BlockedActivations#affine}), exact copies for the option-A shortcut and the
 * reorders at the two ends.
 *
 * <p>It applies in evaluation with nothing recorded, oneDNN available, and every block textbook
 * ({@link BasicBlock#isTextbook}: no ReZero scale, shrinkage or projection) with no adapter on its
 * convolutions, each on oneDNN ({@link ConvolutionPlan#choose}) in one blocked layout
 * ({@link Dnnl#layouts}); elsewhere {@link #forward} says no and the layers run one at a time. The
 * stem (one input channel: not oneDNN's) and the head run as they do otherwise.
 */
final class BlockedInference {
    /** {@code -Dresiduum.blockedInference=false} runs the layers one at a time over the batch instead (to compare). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("residuum.blockedInference", "true"));
    /** The most images a pass through the blocks takes (the least common multiple of the layers' groups). */
    private static final int MOST_IMAGES = 64;
    /** Forward passes this path has run (tests see that it did). */
    static final java.util.concurrent.atomic.AtomicLong PASSES = new java.util.concurrent.atomic.AtomicLong();

    /** One convolution of the chain: its shapes, its plan's images per call, its folded batch norm. */
    private record Layer(Conv2d conv, int c, int h, int w, int o, int ho, int wo, int group, float[] scale,
                         float[] shift) {
        /** The layer-at-a-time path's cost estimate for its split of the batch over the workers. */
        long work(int n) {
            return (long) n * o * ho * wo * c * conv.kernelSize() * conv.kernelSize();
        }
    }

    private BlockedInference() {
    }

    /**
     * The stem's output {@code x} through {@code blocks}, bit for bit what they give one after
     * another, or null where this path does not apply (then nothing was computed).
     *
     * @param x {@code [N, C, H, W]}; not modified
     */
    static Tensor forward(List<BasicBlock> blocks, Tensor x) {
        if (!ENABLED || !Dnnl.available() || blocks.isEmpty()) {
            return null;
        }
        Shape xs = x.shape();
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), w = xs.dim(3);
        Layer[] layers = new Layer[2 * blocks.size()];
        int block = 0, images = 1, most = c * h * w;
        int chunks = -1;
        for (int i = 0; i < layers.length; i++) {
            BasicBlock b = blocks.get(i / 2);
            BasicBlock.Branch branch = b.branch();
            Conv2d conv = i % 2 == 0 ? branch.conv1() : branch.conv2();
            if (!b.isTextbook() || conv.isAdapted() || conv.bias() != null || conv.inChannels() != c) {
                return null;
            }
            int k = conv.kernelSize(), s = conv.stride(), p = conv.padding(), o = conv.outChannels();
            int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
            ConvolutionPlan plan = ConvolutionPlan.choose(n, c, o, h, w, k, k, s, p, false,
                    ConvolutionPlan.Mode.FUSED_INFERENCE);
            if (plan.kernel() != ConvolutionPlan.Kernel.DNNL) {
                return null;
            }
            float[][] folded = (i % 2 == 0 ? branch.bn1() : branch.bn2()).inferenceScaleShift();
            layers[i] = new Layer(conv, c, h, w, o, ho, wo, plan.group(), folded[0], folded[1]);
            // the same calls as the layers one at a time: the same split over the workers, the
            // same images per call, so the same primitives on the same inputs
            int split = Parallel.chunkCount(n, layers[i].work(n), MIN_WORK);
            if (chunks >= 0 && split != chunks) {
                return null;
            }
            chunks = split;
            images = lcm(images, plan.group());
            if (images > MOST_IMAGES) {
                return null;
            }
            int layouts = Dnnl.layouts(0, Math.min(plan.group(), n), c, h, w, conv.weight().value().data(), o, k, s, p);
            int in = layouts & 0xff, out = layouts >>> 8;
            if (in != out || in < 2 || (block != 0 && in != block) || c % in != 0 || o % in != 0) {
                return null;
            }
            block = in;
            c = o;
            h = ho;
            w = wo;
            most = Math.max(most, c * h * w);
        }
        PASSES.incrementAndGet();
        Tensor y = Tensor.empty(Shape.of(n, c, h, w));
        float[] xd = x.data(), yd = y.data();
        int inSize = xs.dim(1) * xs.dim(2) * xs.dim(3), inPlane = xs.dim(2) * xs.dim(3), inC = xs.dim(1);
        int outSize = c * h * w, outC = c, plane = h * w, size = images * most, chunk = images, blk = block;
        long work = layers[0].work(n);
        Parallel.forRange(n, work, MIN_WORK, (from, to) -> {
            float[] a = Scratch.get(0, size), t = Scratch.get(1, size), b = Scratch.get(2, size);
            float[] s = Scratch.get(3, size);
            for (int img = from; img < to; img += chunk) {
                int g = Math.min(chunk, to - img);
                BlockedActivations.toBlocked(xd, img * inSize, g, inC, inPlane, blk, a, 0);
                float[] out = chunk(blocks, layers, blk, from, g, a, t, b, s);
                BlockedActivations.toPlanar(out, 0, g, outC, plane, blk, yd, img * outSize);
            }
        });
        return y;
    }

    /** The layer-at-a-time path's threshold for splitting a layer over the workers (its cost estimate in flops). */
    private static final long MIN_WORK = 1L << 20;

    private static int lcm(int a, int b) {
        int x = a, y = b;
        while (y != 0) {
            int r = x % y;
            x = y;
            y = r;
        }
        return a / x * b;
    }

    /** One chunk of g images through the blocks, from {@code a}; returns the buffer that holds the output. */
    private static float[] chunk(List<BasicBlock> blocks, Layer[] layers, int block, int slot, int g, float[] a,
                                 float[] t, float[] b, float[] s) {
        for (int i = 0; i < blocks.size(); i++) {
            BasicBlock blk = blocks.get(i);
            Layer l1 = layers[2 * i], l2 = layers[2 * i + 1];
            float[] residual = null;
            if (blk.hasShortcut()) {
                if (blk.identityShortcut()) {
                    residual = a;
                } else {
                    BlockedActivations.subsamplePad(a, 0, g, l1.c, l1.h, l1.w, l1.conv.stride(), l2.o, block, s, 0);
                    residual = s;
                }
            }
            conv(slot, l1, a, g, t, block, null);
            conv(slot, l2, t, g, b, block, residual);
            float[] next = b; // the output becomes the next block's input; the old input is free
            b = a;
            a = next;
        }
        return a;
    }

    /** The layer on g images, in calls of its plan's group as the layer-at-a-time path makes them. */
    private static void conv(int slot, Layer l, float[] x, int g, float[] y, int block, float[] residual) {
        int inImage = l.c * l.h * l.w, outImage = l.o * l.ho * l.wo, k = l.conv.kernelSize();
        float[] weight = l.conv.weight().value().data();
        for (int i = 0; i < g; i += l.group) {
            int m = Math.min(l.group, g - i);
            Dnnl.forwardBlocked(slot, x, i * inImage, m, l.c, l.h, l.w, weight, l.o, k, l.conv.stride(),
                    l.conv.padding(), y, i * outImage);
            BlockedActivations.affine(y, residual, i * outImage, m, l.o, l.ho * l.wo, block, l.scale, l.shift, true);
        }
    }
}
