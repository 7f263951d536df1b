package dev.residuum.autodiff;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.tensor.Tensor;
import dev.residuum.testing.Fixtures;
import dev.residuum.testing.Fixtures.Fixture;
import org.junit.jupiter.api.Test;

/**
 * {@link Losses} against {@code torch.nn.functional} on {@code losses.json}: log_softmax over the
 * last axis (values, and the gradient of {@code (log_softmax(x) * w).sum()}), cross_entropy with
 * integer labels (mean; value and logits gradient) and mse (mean; value and both gradients), each
 * on ordinary values (O(1)) and, for the first two, on logits uniform in [50, 100).
 */
class LossTorchParityTest {
    /*
     * |a-b| <= 1e-6 + 1e-5 |b|. Each value is a short reduction (7 classes, 35 elements at most)
     * of O(1) float32 numbers; Residuum accumulates some sums in double, PyTorch in float32, so
     * they differ by a few float32 ulps (ulp(1) = 1.2e-7). 1e-6 absolute and 1e-5 relative is ~10x
     * that and far below any formula error (a softmax without its max shift overflows; a missing
     * 1/N in a mean is a factor of 5).
     *
     * The same tolerance holds for the large logits: log_softmax(x)_k = (x_k - max) - log(sum),
     * where x_k - max is exact in float32 and log(sum) is O(1), so the result carries an error of
     * a few ulps of the result itself, however large the logits are (PyTorch computes it in this
     * order on purpose, see pytorch/pytorch#11752). Rounding max + log(sum) first instead would
     * cost up to ulp(100)/2 = 3.8e-6 absolute on results near 0.
     */
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-5;

    private static void logSoftmaxValues(String tag) {
        Fixture fx = Fixtures.load("losses");
        Tensor y = Losses.logSoftmax(fx.tensor(tag + "/x"), -1);
        assertClose(tag + " log_softmax", fx, tag + "/y", y, ATOL, RTOL);
    }

    private static void logSoftmaxGradient(String tag) {
        Fixture fx = Fixtures.load("losses");
        Tensor x = fx.tensor(tag + "/x").requiresGrad(true);
        Losses.logSoftmax(x, -1).mul(fx.tensor(tag + "/w")).sum().backward();
        assertClose(tag + " d/dx", fx, tag + "/grad_x", x.grad(), ATOL, RTOL);
    }

    @Test
    void logSoftmaxMatchesTorch() {
        logSoftmaxValues("logsoftmax");
    }

    @Test
    void logSoftmaxGradientMatchesTorch() {
        logSoftmaxGradient("logsoftmax");
    }

    @Test
    void logSoftmaxOfLargeLogitsMatchesTorch() {
        logSoftmaxValues("logsoftmax_large");
    }

    @Test
    void logSoftmaxGradientOfLargeLogitsMatchesTorch() {
        logSoftmaxGradient("logsoftmax_large");
    }

    @Test
    void logSoftmaxAlongAxisZeroIsTheTransposedCase() {
        // Axis handling: log_softmax over axis 0 of x^T is the transpose of the fixture's result.
        Fixture fx = Fixtures.load("losses");
        float[] x = fx.data("logsoftmax/x"), y = fx.data("logsoftmax/y");
        int rows = fx.shape("logsoftmax/x")[0], cols = fx.shape("logsoftmax/x")[1];
        float[] xt = new float[x.length], yt = new float[y.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                xt[c * rows + r] = x[r * cols + c];
                yt[c * rows + r] = y[r * cols + c];
            }
        }
        Tensor out = Losses.logSoftmax(Tensor.of(xt, cols, rows), 0);
        assertClose("log_softmax axis 0", yt, out.data(), ATOL, RTOL);
    }

    private static void crossEntropyCase(String tag) {
        Fixture fx = Fixtures.load("losses");
        Tensor logits = fx.tensor(tag + "/logits").requiresGrad(true);
        int[] labels = fx.ints(tag + "/labels");
        assertEquals(logits.shape().dim(0), labels.length, "one label per row");
        Tensor loss = Losses.crossEntropy(logits, labels);
        assertClose(tag + " cross_entropy", fx, tag + "/loss", loss, ATOL, RTOL);
        loss.backward();
        assertClose(tag + " d/dlogits", fx, tag + "/grad_logits", logits.grad(), ATOL, RTOL);
    }

    @Test
    void crossEntropyMatchesTorch() {
        crossEntropyCase("ce");
    }

    @Test
    void crossEntropyOfLargeLogitsMatchesTorch() {
        crossEntropyCase("ce_large");
    }

    @Test
    void mseMatchesTorchWithGradientsOfBothOperands() {
        Fixture fx = Fixtures.load("losses");
        Tensor pred = fx.tensor("mse/pred").requiresGrad(true);
        Tensor target = fx.tensor("mse/target").requiresGrad(true);
        Tensor loss = Losses.mse(pred, target);
        assertClose("mse", fx, "mse/loss", loss, ATOL, RTOL);
        loss.backward();
        assertClose("mse d/dpred", fx, "mse/grad_pred", pred.grad(), ATOL, RTOL);
        assertClose("mse d/dtarget", fx, "mse/grad_target", target.grad(), ATOL, RTOL);
    }
}
