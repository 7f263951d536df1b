package dev.residuum.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.run.MetricsLog;
import dev.residuum.run.MetricsRecord;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.SupervisedObjective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instruments every K steps of a training run, into metrics.jsonl and back. */
class TrainingProbeTest extends SeededTest {
    @TempDir
    Path dir;

    private static Module net(long seed) {
        return ResidualMlp.builder().inputs(6).width(8).depth(5).outputs(2).scale(ResidualScale.SCALAR)
                .build(new Rng(seed));
    }

    private static Map<String, Tensor> train(Module net, Tensor x, Tensor y, TrainingListener listener) {
        new Trainer<>(new SupervisedObjective(net, x, y), TrainerConfig.adam(1e-2, 3, 8, 5)).fit(listener);
        return net.stateDict();
    }

    @Test
    void recordsEveryKStepsRoundTripAndLeaveTheRunUnchanged() throws IOException {
        long seed = rng.nextLong();
        Tensor x = randn(32, 6), y = randn(32, 2);
        Tensor probeX = randn(8, 6), probeY = randn(8, 2);
        Function<Tensor, Tensor> loss = out -> out.mse(probeY);
        MetricsLog log = MetricsLog.create(dir.resolve("metrics.jsonl"));
        Module probed = net(seed);
        TrainingProbe probe = new TrainingProbe("mlp", probed, probeX, loss, true, 3,
                EnumSet.allOf(TrainingProbe.Instrument.class), IterationOptions.DEFAULT, log::appendUnchecked);
        Map<String, Tensor> withProbe = train(probed, x, y, probe);
        Map<String, Tensor> without = train(net(seed), x, y, TrainingListener.NONE);
        withProbe.forEach((k, v) -> assertArrayEquals(without.get(k).data(), v.data(), k + ": the probe changed the run"));

        List<MetricsRecord.Probe> read = MetricsLog.read(dir.resolve("metrics.jsonl")).stream()
                .map(r -> (MetricsRecord.Probe) r).toList();
        // 3 epochs of 4 steps: steps 3, 6, 9, 12
        assertEquals(List.of(3L, 6L, 9L, 12L), read.stream().map(MetricsRecord.Probe::iteration).toList());
        assertEquals(List.of(1, 2, 3, 3), read.stream().map(MetricsRecord.Probe::epoch).toList());
        MetricsRecord.Probe last = read.get(3);
        assertEquals(List.of("blocks.0", "blocks.1", "blocks.2", "blocks.3", "blocks.4"), last.blocks());
        for (String q : List.of("grad_input_norm", "grad_param_norm", "cosine_next", "alpha", "alpha_grad",
                "jacobian_spectral_norm", "branch_spectral_norm")) {
            assertEquals(5, last.values(q).length, q);
        }
        assertTrue(Double.isNaN(last.values("cosine_next")[4]), "no block after the last");

        // the last record is the trained model measured directly
        BlockGradients direct = BlockGradients.of(probed, probeX, loss, true);
        assertEquals(direct.loss(), last.loss(), 1e-6 * Math.abs(direct.loss()));
        for (int l = 0; l < 5; l++) {
            double g = direct.flow().get(l).inputGradNorm();
            assertEquals(g, last.values("grad_input_norm")[l], 1e-6 * g);
            assertEquals(probed.stateDict().get("blocks." + l + ".alpha").item(), last.values("alpha")[l], 1e-7);
            assertTrue(Math.abs(last.values("alpha")[l]) > 1e-4, "alpha moved from 0 in training");
        }
        assertEquals(log.probes().get(3).values("jacobian_spectral_norm")[2], last.values("jacobian_spectral_norm")[2],
                1e-12, "written and read back");
    }

    /** A frozen alpha (a fixed scale) gets a zero gradient; the other parameters' gradients are unchanged. */
    @Test
    void frozenParametersGetZeroGradients() {
        Module net = ResidualMlp.builder().inputs(6).width(8).depth(5).outputs(2).scale(ResidualScale.SCALAR)
                .alphaInit(0.5f).build(new Rng(3));
        Tensor x = randn(4, 6), y = randn(4, 2);
        BlockGradients learned = BlockGradients.of(net, x, out -> out.mse(y), false);
        Block.of(net).forEach(b -> b.alpha().freeze());
        BlockGradients frozen = BlockGradients.of(net, x, out -> out.mse(y), false);
        for (int l = 0; l < 5; l++) {
            Tensor[] a = learned.parameterGrads(l), f = frozen.parameterGrads(l);
            int alpha = Block.of(net).get(l).parameters().indexOf(Block.of(net).get(l).alpha());
            assertEquals(0f, f[alpha].item());
            for (int i = 0; i < a.length; i++) {
                if (i != alpha) {
                    assertArrayEquals(a[i].data(), f[i].data(), "block " + l + " parameter " + i);
                }
            }
        }
    }

    @Test
    void rejectsNonsense() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> TrainingProbe.Instrument.parseList("flow,x"));
        assertTrue(e.getMessage().contains("allowed"), e.getMessage());
        assertEquals(EnumSet.allOf(TrainingProbe.Instrument.class), TrainingProbe.Instrument.parseList("all"));
        assertThrows(IllegalArgumentException.class, () -> new TrainingProbe(null, net(1), randn(2, 6), Tensor::sum,
                false, 0, EnumSet.of(TrainingProbe.Instrument.FLOW), IterationOptions.DEFAULT, r -> { }));
    }
}
