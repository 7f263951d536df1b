package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.kernel.ShiftedConvolution;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batch convolved at once equals its images convolved one by one — output, input gradient and
 * weight gradient — for the shapes of each kernel path, including shifted products over groups of
 * images side by side with a partial last group (and the phase products of stride-2 kernels), at
 * one and two threads.
 */
class ConvolutionBatchTest {
    @ParameterizedTest(name = "n={0} c={1} o={2} {3}x{3} k={4} stride={5} pad={6} threads={7}")
    @CsvSource({
            "20, 16, 16, 7, 3, 1, 1, 1", // 7x7 maps: groups of 18 images, then 2
            "20, 16, 16, 7, 3, 1, 1, 2",
            "7, 8, 12, 14, 3, 1, 1, 1", // 14x14: groups of 4, then 3
            "7, 8, 12, 14, 3, 1, 1, 2",
            "3, 9, 8, 6, 5, 1, 2, 1", // 5x5 kernel, shifted
            "5, 8, 8, 9, 3, 2, 1, 2", // stride 2, odd size: unfolded
            "21, 16, 32, 14, 3, 2, 1, 1", // stride 2, even size: oneDNN when installed, else phase products (groups of 18, then 3)
            "21, 16, 32, 14, 3, 2, 1, 2",
            "21, 16, 32, 14, 1, 2, 0, 2", // 1x1 stride-2 projection: unfolded
            "4, 1, 8, 9, 3, 1, 1, 1", // one input channel: unfolded
    })
    void batchEqualsImageByImage(int n, int c, int o, int hw, int k, int stride, int pad, int threads) {
        if (k == 3 && stride == 1 && c >= 8 && hw == 7) {
            assertEquals(18, ShiftedConvolution.group(7, 7, 3), "the grouping this case is meant to exercise");
        }
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Rng rng = new Rng(11);
            Tensor x = Tensor.randn(rng, n, c, hw, hw).requiresGrad(true);
            Tensor w = Tensor.randn(rng, o, c, k, k).requiresGrad(true);
            Tensor y = Convolution.conv2d(x, w, null, stride, pad);
            Tensor seed = Tensor.randn(rng, y.shape().dims());
            y.backward(seed);
            float[] gx = x.grad().data().clone(), gw = w.grad().data().clone(), yd = y.data().clone();
            int inSize = c * hw * hw, outSize = y.numel() / n;
            float[] gwSum = new float[gw.length];
            for (int i = 0; i < n; i++) {
                Tensor xi = Tensor.wrap(java.util.Arrays.copyOfRange(x.data(), i * inSize, (i + 1) * inSize),
                        Shape.of(1, c, hw, hw)).requiresGrad(true);
                Tensor wi = Tensor.wrap(w.data().clone(), w.shape()).requiresGrad(true);
                Tensor yi = Convolution.conv2d(xi, wi, null, stride, pad);
                yi.backward(Tensor.wrap(java.util.Arrays.copyOfRange(seed.data(), i * outSize, (i + 1) * outSize),
                        yi.shape()));
                for (int j = 0; j < outSize; j++) {
                    assertEquals(yi.data()[j], yd[i * outSize + j], 1e-4 * (1 + Math.abs(yi.data()[j])), "y image " + i);
                }
                for (int j = 0; j < inSize; j++) {
                    float want = xi.grad().data()[j];
                    assertEquals(want, gx[i * inSize + j], 1e-4 * (1 + Math.abs(want)), "dx image " + i);
                }
                for (int j = 0; j < gw.length; j++) gwSum[j] += wi.grad().data()[j];
            }
            for (int j = 0; j < gw.length; j++) {
                assertEquals(gwSum[j], gw[j], 1e-4 * (1 + Math.abs(gwSum[j])), "dw " + j);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
