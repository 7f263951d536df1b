package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Long skips across blocks: the pairings, the forward pass by hand, gradients, stable names. */
class LongSkipsTest extends SeededTest {

    @Test
    void everyKAndUShapedPairWithinSegments() {
        assertArrayEquals(new int[] {-1, -1, -1, 0, -1, -1, 3, -1}, LongSkips.every(3).sources(7, 0));
        // h_6 += h_0, h_5 += h_1, h_4 += h_2 (h_3 would pair with itself)
        assertArrayEquals(new int[] {-1, -1, -1, -1, 2, 1, 0}, LongSkips.uShaped().sources(6, 0));
        // a CIFAR ResNet with n = 3: segments h_0..h_3, h_4..h_6, h_7..h_9; every 2 never crosses a stage
        assertArrayEquals(new int[] {-1, -1, 0, -1, -1, -1, 4, -1, -1, 7},
                LongSkips.every(2).sources(9, 0, 4, 7));
        assertArrayEquals(new int[] {-1, -1, -1, 0, -1, -1, 4, -1, -1, 7},
                LongSkips.uShaped().sources(9, 0, 4, 7));
        assertArrayEquals(new int[] {-1, -1, -1, -1}, LongSkips.NONE.sources(3, 0));
    }

    @Test
    void parseReadsBackItsSpecAndRejectsNonsense() {
        for (LongSkips l : List.of(LongSkips.NONE, LongSkips.every(4), LongSkips.uShaped())) {
            assertEquals(l, LongSkips.parse(l.spec()));
        }
        assertEquals(LongSkips.every(5), LongSkips.parse("5"));
        Exception e = assertThrows(IllegalArgumentException.class, () -> LongSkips.parse("sometimes"));
        assertTrue(e.getMessage().contains("every:K"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LongSkips.every(1));
    }

    /** The MLP's forward pass is the blocks run by hand with h_t += h_{t-k}. */
    @Test
    void mlpForwardAddsTheEarlierActivation() {
        Module with = ResidualMlp.builder().inputs(5).width(6).depth(6).outputs(2).skips(false)
                .longSkips(LongSkips.every(2)).build(new Rng(3));
        Module without = ResidualMlp.builder().inputs(5).width(6).depth(6).outputs(2).skips(false).build(new Rng(3));
        Tensor x = randn(4, 5);
        StagedNetwork s = (StagedNetwork) without;
        List<Module> blocks = new ArrayList<>(s.blocks().values());
        Tensor[] h = new Tensor[7];
        h[0] = s.stem(x, false);
        for (int t = 1; t <= 6; t++) {
            h[t] = blocks.get(t - 1).forward(h[t - 1], false);
            if (t % 2 == 0) {
                h[t] = h[t].add(h[t - 2]);
            }
        }
        float[] byHand = s.head(h[6], false).data();
        assertArrayEquals(byHand, with.forward(x, false).data(), 1e-6f);
        double diff = 0;
        float[] plain = without.forward(x, false).data();
        for (int i = 0; i < plain.length; i++) {
            diff = Math.max(diff, Math.abs(plain[i] - byHand[i]));
        }
        assertTrue(diff > 1e-3, "the long skips change the output (" + diff + ")");
    }

    /** Same names, shapes and values with and without long skips (they hold no parameters, draw nothing). */
    @Test
    void stateDictNamesAndValuesAreTheSameWithLongSkipsOff() {
        Map<String, Tensor> off = ResidualMlp.builder().inputs(5).width(6).depth(4).outputs(2).build(new Rng(1))
                .stateDict();
        Map<String, Tensor> on = ResidualMlp.builder().inputs(5).width(6).depth(4).outputs(2)
                .longSkips(LongSkips.uShaped()).build(new Rng(1)).stateDict();
        assertEquals(List.copyOf(off.keySet()), List.copyOf(on.keySet()));
        assertTrue(off.containsKey("blocks.3.branch.2.weight"), off.keySet().toString());
        off.forEach((k, v) -> assertArrayEquals(v.data(), on.get(k).data(), k));
        CifarResNet.Config c = CifarResNet.Config.of("resnet20");
        Map<String, Tensor> cOff = new CifarResNet(c, new Rng(2)).stateDict();
        Map<String, Tensor> cOn = new CifarResNet(c.withLongSkips(LongSkips.every(2)), new Rng(2)).stateDict();
        assertEquals(List.copyOf(cOff.keySet()), List.copyOf(cOn.keySet()));
        assertTrue(cOff.containsKey("layers.8.conv2.weight") && cOff.containsKey("fc.bias"));
        assertEquals(c.withLongSkips(LongSkips.every(3)),
                CifarResNet.Config.ofSpec("resnet20 --long-skips every:3"), "the spec records long skips");
    }

    @Test
    void mlpWithLongSkipsPassesTheGradientCheck() {
        Module net = ResidualMlp.builder().inputs(3).width(4).depth(5).outputs(2).scale(ResidualScale.SCALAR)
                .alphaInit(0.5f).longSkips(LongSkips.uShaped()).build(new Rng(4));
        List<Parameter> params = net.parameters();
        Tensor[] inputs = new Tensor[params.size() + 1];
        inputs[0] = randn(3, 3);
        for (int i = 0; i < params.size(); i++) {
            inputs[i + 1] = params.get(i).value();
        }
        GradCheck.Report r = GradCheck.check(in -> net.forward(in[0], true), inputs, 1e-2, 2e-3, 1e-2, 5);
        assertTrue(r.passed(), r.worst());
    }

    @Test
    void cifarResNetWithLongSkipsPassesTheGradientCheckAtTheInput() {
        // n = 3 blocks per stage: h_3 += h_0, h_6 += h_4, h_9 += h_7
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("plain20").withInput(1, 3)
                .withLongSkips(LongSkips.uShaped()), new Rng(6));
        GradCheck.Report r = GradCheck.check(in -> net.forward(in[0], false), new Tensor[] {randn(2, 1, 6, 6)},
                1e-2, 2e-3, 2e-2, 7);
        assertTrue(r.passed(), r.worst());
    }

    /**
     * A plain tanh MLP 40 blocks deep (PyTorch's default init shrinks signals and gradients at every
     * layer) loses its input gradient by many orders; long skips every 4 blocks carry it back.
     */
    @Test
    void longSkipsKeepTheGradientOfADeepPlainStackAlive() {
        Tensor x = randn(8, 16), target = randn(8, 4);
        double[] ratio = new double[2];
        LongSkips[] kinds = {LongSkips.NONE, LongSkips.every(4)};
        for (int k = 0; k < 2; k++) {
            Module net = ResidualMlp.builder().inputs(16).width(16).depth(40).outputs(4).skips(false)
                    .activation(Activation.Kind.TANH).longSkips(kinds[k]).build(new Rng(8));
            Tensor in = x.detach().requiresGrad(true);
            try (Graph.GradScope g = Graph.enableGrad()) {
                net.forward(in, true).mse(target).backward();
            }
            ratio[k] = norm(in.grad());
        }
        assertTrue(ratio[0] < 1e-8, "plain stack: input gradient " + ratio[0]);
        assertTrue(ratio[1] > 1e-4 && ratio[1] > 1e4 * ratio[0], "with long skips: " + ratio[1] + " vs " + ratio[0]);
    }

    private static double norm(Tensor t) {
        return Reductions.norm(t.data());
    }
}
