package dev.residuum.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The per-block summary of {@code diagnose}: names, values against exact spectra, no side effects. */
class DiagnosisTest extends SeededTest {
    private static final IterationOptions OPTIONS = new IterationOptions(1e-5, 1000, 1);

    /** A seeded resnet8, two random 6x6 images and the cross-entropy loss against {@code labels}. */
    private record Resnet8(CifarResNet net, Tensor x, Function<Tensor, Tensor> loss) {
    }

    private Resnet8 resnet8(int... labels) {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        return new Resnet8(net, randn(2, 1, 6, 6), y -> y.crossEntropy(labels));
    }

    /** The input of each block of {@code net} at {@code x}, in evaluation mode, not recorded. */
    private static List<Tensor> blockInputs(CifarResNet net, Tensor x) {
        List<Tensor> inputs = new ArrayList<>();
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            Tensor h = net.stem(x, false);
            for (Block b : Block.of(net)) {
                inputs.add(h);
                h = b.forward(h, false);
            }
        }
        return inputs;
    }

    @Test
    void cifarResNetBlocksAgainstExactSpectra() {
        Resnet8 c = resnet8(4, 1);
        Diagnosis d = Diagnosis.of(c.net(), c.x(), c.loss(), false, OPTIONS);
        assertEquals(List.of("layers.0", "layers.1", "layers.2"), d.blocks().stream().map(BlockReport::name).toList());
        double lossValue;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            lossValue = c.loss().apply(c.net().forward(c.x(), false)).item();
        }
        assertEquals(lossValue, d.loss(), 1e-6, "loss");
        List<BlockGradients.Flow> flow = BlockGradients.of(c.net(), c.x(), c.loss(), false).flow();
        List<Block> blocks = Block.of(c.net());
        List<Tensor> inputs = blockInputs(c.net(), c.x());
        for (int l = 0; l < blocks.size(); l++) {
            Block b = blocks.get(l);
            BlockReport r = d.blocks().get(l);
            Tensor input = inputs.get(l);
            double[] exact = ExactSpectrum.singularValues(t -> b.forward(t, false), input);
            double[] branch = ExactSpectrum.singularValues(t -> b.branch(t, false), input);
            assertEquals(flow.get(l).inputGradNorm(), r.gradInputNorm(), 0, r.name());
            assertEquals(exact[0], r.jacobian().value(), 1e-5 * exact[0], r.name() + " jacobian_spectral_norm");
            assertEquals(branch[0], r.branch().value(), 1e-5 * branch[0], r.name() + " branch_spectral_norm");
            double min = exact[exact.length - 1], got = r.extremes().smallest();
            assertEquals(min * min, got * got, 1e-5 * exact[0] * exact[0],
                    r.name() + " min_singular_value (Gram units)");
            assertTrue(r.converged(), r.toString());
        }
        Map<String, Object> json = d.blocks().get(0).toJson();
        assertEquals(List.of("name", "grad_input_norm", "jacobian_spectral_norm", "branch_spectral_norm",
                "min_singular_value", "grad_parameter_norm", "converged"), List.copyOf(json.keySet()),
                "issue 14's names, no alpha for a block without one");
        assertEquals(List.of("loss", "blocks"), List.copyOf(d.toJson().keySet()));
    }

    @Test
    void lanczosMethodGivesTheExactSpectralNormAndTheSameRest() {
        Resnet8 c = resnet8(3, 8);
        Diagnosis power = Diagnosis.of(c.net(), c.x(), c.loss(), false, OPTIONS);
        Diagnosis lanczos = Diagnosis.of(c.net(), c.x(), c.loss(), false, OPTIONS, Diagnosis.Method.LANCZOS);
        List<Block> blocks = Block.of(c.net());
        List<Tensor> inputs = blockInputs(c.net(), c.x());
        for (int l = 0; l < blocks.size(); l++) {
            Block b = blocks.get(l);
            BlockReport p = power.blocks().get(l), r = lanczos.blocks().get(l);
            double[] exact = ExactSpectrum.singularValues(t -> b.forward(t, false), inputs.get(l));
            assertEquals(exact[0], r.jacobian().value(), 1e-5 * exact[0], r.name() + " jacobian_spectral_norm");
            assertEquals(r.extremes().largest(), r.jacobian().value(), 0, "the Lanczos run's largest");
            assertEquals(r.extremes().steps(), r.jacobian().iterations());
            assertEquals(p.gradInputNorm(), r.gradInputNorm(), 0, r.name());
            assertEquals(p.branch().value(), r.branch().value(), 0, r.name() + " same power iteration for J_F");
            assertEquals(p.extremes().smallest(), r.extremes().smallest(), 0, r.name());
        }
    }

    @Test
    void alphaIsReportedWhenTheBlockHasOne() {
        Module net = ResidualMlp.builder().inputs(4).width(6).depth(2).outputs(2).scale(ResidualScale.SCALAR)
                .build(rng);
        net.namedParameters().get("blocks.1.alpha").value().data()[0] = 0.25f;
        Tensor target = randn(3, 2);
        Diagnosis d = Diagnosis.of(net, randn(3, 4), y -> y.mse(target), false, OPTIONS);
        assertEquals(0.0, d.blocks().get(0).toJson().get("alpha"));
        assertEquals(0.25, d.blocks().get(1).toJson().get("alpha"));
        assertEquals("blocks.1", d.blocks().get(1).toJson().get("name"));
        BlockReport first = d.blocks().get(0);
        assertEquals(1, first.jacobian().value(), 1e-6, "alpha = 0: the block is the identity");
        assertEquals(1, first.extremes().smallest(), 1e-6, "alpha = 0: the block is the identity");
        assertTrue(first.branch().value() > 0, "the branch itself is not zero: " + first);
    }

    @Test
    void trainingModeLeavesTheModelAsItWas() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("plain8"), rng);
        Tensor x = randn(3, 1, 6, 6);
        Map<String, float[]> before = new LinkedHashMap<>();
        net.stateDict().forEach((n, t) -> before.put(n, t.toArray()));
        Diagnosis d = Diagnosis.of(net, x, y -> y.crossEntropy(new int[] {0, 1, 2}), true,
                IterationOptions.DEFAULT.with(1e-3, 20));
        net.stateDict().forEach((n, t) -> assertArrayEquals(before.get(n), t.data(), n + " unchanged"));
        for (Parameter p : net.parameters()) {
            assertNull(p.grad(), "no .grad written");
        }
        for (BlockReport r : d.blocks()) {
            assertFalse(r.toJson().containsKey("alpha"));
            assertTrue(r.gradInputNorm() > 0 && r.jacobian().value() > 0, r.toString());
        }
    }
}
