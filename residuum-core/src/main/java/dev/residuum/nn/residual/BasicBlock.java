package dev.residuum.nn.residual;

import dev.residuum.autodiff.Arithmetic;
import dev.residuum.autodiff.Pooling;
import dev.residuum.autodiff.Shaping;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Init;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/**
 * He et al.'s basic block for CIFAR-style ResNets, in textbook form:
 * {@code out = relu(shortcut(x) + alpha * bn2(conv2(relu(bn1(conv1(x))))))}.
 *
 * <p>Names match {@code BasicBlock} of the PyTorch reference ({@code conv1, bn1, conv2, bn2},
 * {@code proj.0} / {@code proj.1} for the option-B projection); the optional ReZero scale is
 * {@code alpha} and the optional shrinkage thresholds {@code shrink.fc1}, {@code shrink.fc2}.
 */
public final class BasicBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final CifarResNet.ShortcutKind shortcut;
    private final boolean down;
    private final int stride;
    private final int extraChannels;
    private final Sequential proj;
    private final Parameter alpha;
    private final ChannelThreshold shrink;

    BasicBlock(int cin, int cout, int stride, CifarResNet.Config config, Rng rng) {
        this.stride = stride;
        this.conv1 = child("conv1", kaiming(new Conv2d(cin, cout, 3, stride, 1, false, rng), cout * 9, rng));
        this.bn1 = child("bn1", new BatchNorm(cout));
        this.conv2 = child("conv2", kaiming(new Conv2d(cout, cout, 3, 1, 1, false, rng), cout * 9, rng));
        this.bn2 = child("bn2", new BatchNorm(cout));
        this.shortcut = config.shortcut();
        this.down = stride != 1 || cin != cout;
        this.extraChannels = cout - cin;
        if (shortcut == CifarResNet.ShortcutKind.B && down) {
            proj = child("proj", new Sequential(kaiming(new Conv2d(cin, cout, 1, stride, 0, false, rng), cout, rng),
                    new BatchNorm(cout)));
        } else {
            proj = null;
        }
        if (shortcut == CifarResNet.ShortcutKind.A && down && extraChannels < 0) {
            throw new IllegalArgumentException("BasicBlock: shortcut A pads channels and cannot shrink " + cin
                    + " to " + cout + "; use shortcut B");
        }
        alpha = config.rezero() ? parameter("alpha", Tensor.zeros(Shape.SCALAR)) : null;
        shrink = config.shrinkage() ? child("shrink", new ChannelThreshold(cout, rng)) : null;
        if (config.zeroInitResidual()) {
            bn2.zeroInit();
        }
    }

    private static Conv2d kaiming(Conv2d conv, int fanOut, Rng rng) {
        Init.kaimingNormal(conv.weight().value(), fanOut, rng);
        return conv;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor f = bn1.forwardConv(conv1, x, training, null, true);
        if (alpha == null && shrink == null) {
            // relu(shortcut(x) + bn2(conv2(f))), or relu(bn2(conv2(f))) in the plain twin, fused into
            // one pass each way (in inference, into the convolution's output)
            Tensor s = shortcut == CifarResNet.ShortcutKind.NONE ? null : shortcut(x, training);
            return bn2.forwardConv(conv2, f, training, s, true);
        }
        f = bn2.forward(conv2.forward(f, training), training);
        if (shrink != null) {
            f = f.softThreshold(shrink.forward(f, training));
        }
        if (shortcut == CifarResNet.ShortcutKind.NONE) {
            return (alpha == null ? f : f.mul(alpha.value())).relu();
        }
        Tensor s = shortcut(x, training);
        Tensor sum = alpha == null ? s.add(f) : Arithmetic.residualAdd(s, alpha.value(), f);
        return sum.relu();
    }

    /**
     * The branch F(x) = bn2(conv2(relu(bn1(conv1(x))))), soft-thresholded when the block has
     * shrinkage: what {@code alpha} scales and the shortcut is added to (recorded, so gradients
     * flow). In training mode it updates the BatchNorm running statistics, as forward does.
     */
    public Tensor branchOutput(Tensor x, boolean training) {
        Tensor f = bn2.forward(conv2.forward(bn1.forwardConv(conv1, x, training, null, true), training), training);
        return shrink == null ? f : f.softThreshold(shrink.forward(f, training));
    }

    /** The residual branch's layers. */
    record Branch(Conv2d conv1, BatchNorm bn1, Conv2d conv2, BatchNorm bn2) {
    }

    Branch branch() {
        return new Branch(conv1, bn1, conv2, bn2);
    }

    /**
     * Whether the block is {@code relu(s + bn2(conv2(relu(bn1(conv1(x))))))} with s the identity,
     * option A's zero-padded subsample or nothing (the plain twin): no ReZero scale, no shrinkage,
     * no projection.
     */
    boolean isTextbook() {
        return alpha == null && shrink == null && proj == null;
    }

    /** The learned scale (ReZero), or null when fixed at 1. */
    public Parameter alpha() {
        return alpha;
    }

    /** Whether the block has a skip at all (false in the plain twin). */
    public boolean hasShortcut() {
        return shortcut != CifarResNet.ShortcutKind.NONE;
    }

    /** Whether the skip is the identity: a block with a skip whose input and output shapes agree. */
    public boolean identityShortcut() {
        return hasShortcut() && !down;
    }

    private Tensor shortcut(Tensor x, boolean training) {
        if (!down) {
            return x;
        }
        if (proj != null) {
            return proj.forward(x, training);
        }
        // option A: x[:, :, ::stride, ::stride] with zero channels appended
        Tensor sub = stride == 1 ? x : Pooling.subsample(x, stride);
        if (extraChannels == 0) {
            return sub;
        }
        Shape s = sub.shape();
        Tensor zeros = Tensor.zeros(Shape.of(s.dim(0), extraChannels, s.dim(2), s.dim(3)));
        return Shaping.concat(1, sub, zeros);
    }
}
