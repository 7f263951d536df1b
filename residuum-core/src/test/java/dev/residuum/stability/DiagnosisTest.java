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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The per-block summary of {@code diagnose}: names, values against exact spectra, no side effects. */
class DiagnosisTest extends SeededTest {
    private static final IterationOptions OPTIONS = new IterationOptions(1e-5, 1000, 1);

    @Test
    void cifarResNetBlocksAgainstExactSpectra() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Tensor x = randn(2, 1, 6, 6);
        int[] labels = {4, 1};
        Function<Tensor, Tensor> loss = y -> y.crossEntropy(labels);
        Diagnosis d = Diagnosis.of(net, x, loss, false, OPTIONS);
        assertEquals(List.of("layers.0", "layers.1", "layers.2"), d.blocks().stream().map(BlockReport::name).toList());
        double lossValue;
        Tensor h;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            lossValue = loss.apply(net.forward(x, false)).item();
            h = net.stem(x, false);
        }
        assertEquals(lossValue, d.loss(), 1e-6, "loss");
        List<BlockGradients.Flow> flow = BlockGradients.of(net, x, loss, false).flow();
        List<Block> blocks = Block.of(net);
        for (int l = 0; l < blocks.size(); l++) {
            Block b = blocks.get(l);
            BlockReport r = d.blocks().get(l);
            Tensor input = h;
            double[] exact = ExactSpectrum.singularValues(t -> b.forward(t, false), input);
            double[] branch = ExactSpectrum.singularValues(t -> b.branch(t, false), input);
            assertEquals(flow.get(l).inputGradNorm(), r.gradInputNorm(), 0, r.name());
            assertEquals(exact[0], r.jacobian().value(), 1e-5 * exact[0], r.name() + " jacobian_spectral_norm");
            assertEquals(branch[0], r.branch().value(), 1e-5 * branch[0], r.name() + " branch_spectral_norm");
            double min = exact[exact.length - 1], got = r.extremes().smallest();
            assertEquals(min * min, got * got, 1e-5 * exact[0] * exact[0],
                    r.name() + " min_singular_value (Gram units)");
            assertTrue(r.converged(), r.toString());
            try (Graph.NoGradScope ignored = Graph.noGrad()) {
                h = b.forward(h, false);
            }
        }
        Map<String, Object> json = d.blocks().get(0).toJson();
        assertEquals(List.of("name", "grad_input_norm", "jacobian_spectral_norm", "branch_spectral_norm",
                "min_singular_value", "grad_parameter_norm", "converged"), List.copyOf(json.keySet()),
                "issue 14's names, no alpha for a block without one");
        assertEquals(List.of("loss", "blocks"), List.copyOf(d.toJson().keySet()));
    }

    @Test
    void lanczosMethodGivesTheExactSpectralNormAndTheSameRest() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Tensor x = randn(2, 1, 6, 6);
        int[] labels = {3, 8};
        Function<Tensor, Tensor> loss = y -> y.crossEntropy(labels);
        Diagnosis power = Diagnosis.of(net, x, loss, false, OPTIONS);
        Diagnosis lanczos = Diagnosis.of(net, x, loss, false, OPTIONS, Diagnosis.Method.LANCZOS);
        Tensor h;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            h = net.stem(x, false);
        }
        List<Block> blocks = Block.of(net);
        for (int l = 0; l < blocks.size(); l++) {
            Block b = blocks.get(l);
            BlockReport p = power.blocks().get(l), r = lanczos.blocks().get(l);
            double[] exact = ExactSpectrum.singularValues(t -> b.forward(t, false), h);
            assertEquals(exact[0], r.jacobian().value(), 1e-5 * exact[0], r.name() + " jacobian_spectral_norm");
            assertEquals(r.extremes().largest(), r.jacobian().value(), 0, "the Lanczos run's largest");
            assertEquals(r.extremes().steps(), r.jacobian().iterations());
            assertEquals(p.gradInputNorm(), r.gradInputNorm(), 0, r.name());
            assertEquals(p.branch().value(), r.branch().value(), 0, r.name() + " same power iteration for J_F");
            assertEquals(p.extremes().smallest(), r.extremes().smallest(), 0, r.name());
            try (Graph.NoGradScope ignored = Graph.noGrad()) {
                h = b.forward(h, false);
            }
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
