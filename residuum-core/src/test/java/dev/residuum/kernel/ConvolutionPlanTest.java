package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.ConvolutionPlan.Kernel;
import dev.residuum.kernel.ConvolutionPlan.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel {@link ConvolutionPlan#choose} picks for the convolutions of CIFAR ResNets and the
 * cases around them, with oneDNN on (when the binding is loaded) and off: the table of the class
 * comment, written out.
 */
class ConvolutionPlanTest {
    @ParameterizedTest(name = "{0}->{1} {2}x{3} k={4} stride={5} pad={6} bias={7} {8}: {9} / {10}")
    @CsvSource({
            // in, out, h, w, k, stride, pad, bias, mode, with oneDNN, without
            "16, 16, 28, 28, 3, 1, 1, false, TRAINING, DNNL, SHIFTED",
            "16, 16, 28, 28, 3, 1, 1, true, TRAINING, SHIFTED, SHIFTED", // oneDNN's path has no bias
            "1, 16, 28, 28, 3, 1, 1, false, TRAINING, IM2COL, IM2COL", // a first layer on grey images
            "8, 8, 7, 7, 3, 1, 1, false, TRAINING, SHIFTED, SHIFTED",
            "7, 8, 7, 7, 3, 1, 1, false, TRAINING, IM2COL, IM2COL",
            "9, 8, 6, 6, 5, 1, 2, false, TRAINING, SHIFTED, SHIFTED",
            "16, 32, 28, 28, 3, 2, 1, false, TRAINING, DNNL, STRIDED_PHASES",
            "8, 8, 14, 14, 3, 2, 1, false, FORWARD, STRIDED_PHASES, STRIDED_PHASES",
            "32, 16, 9, 9, 3, 2, 1, false, TRAINING, DNNL, IM2COL", // odd size at stride 2
            "16, 32, 28, 28, 1, 2, 0, false, TRAINING, IM2COL, IM2COL", // option-B projection
            "16, 32, 28, 28, 1, 1, 0, true, TRAINING, POINTWISE, POINTWISE",
            "32, 32, 14, 14, 3, 1, 1, false, FUSED_INFERENCE, DNNL, WINOGRAD",
            "32, 32, 14, 14, 3, 1, 1, false, TRAINING, DNNL, SHIFTED", // Winograd only in fused inference
            "16, 16, 28, 28, 3, 1, 1, false, FUSED_INFERENCE, DNNL, SHIFTED", // maps above 16x16
    })
    void choosesByShape(int c, int o, int h, int w, int k, int stride, int pad, boolean bias, Mode mode, Kernel withDnnl,
                        Kernel without) {
        boolean was = Dnnl.available();
        try {
            for (boolean dnnl : new boolean[] {true, false}) {
                if (dnnl && !was) {
                    continue; // the binding is not built here: DnnlConvolutionTest says so
                }
                Dnnl.setEnabled(dnnl);
                Kernel want = dnnl ? withDnnl : without;
                if (want == Kernel.WINOGRAD && !Simd.enabled()) {
                    want = Kernel.SHIFTED;
                }
                ConvolutionPlan plan = ConvolutionPlan.choose(20, c, o, h, w, k, k, stride, pad, bias, mode);
                assertEquals(want, plan.kernel(), "oneDNN " + dnnl);
                assertEquals(mode, plan.mode());
                int group = switch (want) {
                    case SHIFTED -> ShiftedConvolution.group(h, w, k);
                    case STRIDED_PHASES -> StridedConvolution.group(h, w);
                    case WINOGRAD -> Winograd.group(h, w);
                    case DNNL -> mode == Mode.FUSED_INFERENCE
                            ? Integer.highestOneBit(Math.max(1, ConvolutionPlan.EPILOGUE_FLOATS / (o
                            * ((h + 2 * pad - k) / stride + 1) * ((w + 2 * pad - k) / stride + 1))))
                            : 20;
                    case POINTWISE, IM2COL -> 1;
                };
                assertEquals(group, plan.group(), "images per call");
                boolean flipped = want == Kernel.IM2COL && stride == 1 && 2 * pad == k - 1;
                assertEquals(flipped, plan.flippedInputGradient(), "input gradient by the flipped kernel");
                assertEquals(want != Kernel.IM2COL || flipped, plan.writesInputGradient());
            }
        } finally {
            Dnnl.setEnabled(was);
        }
    }

    @Test
    void anEmptyBatchStillHasAGroupOfOne() {
        assertTrue(ConvolutionPlan.choose(0, 16, 16, 8, 8, 3, 3, 1, 1, false, Mode.TRAINING).group() >= 1);
    }

    @Test
    void rejectsPlansThatCannotRun() {
        assertThrows(NullPointerException.class,
                () -> ConvolutionPlan.choose(1, 16, 16, 8, 8, 3, 3, 1, 1, false, null));
        assertThrows(IllegalArgumentException.class, () -> new ConvolutionPlan(Kernel.SHIFTED, Mode.TRAINING, 0, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvolutionPlan(Kernel.DNNL, Mode.TRAINING, 1, true));
        assertTrue(e.getMessage().contains("IM2COL"), e.getMessage());
        assertFalse(new ConvolutionPlan(Kernel.IM2COL, Mode.FORWARD, 1, false).writesInputGradient());
    }
}
