package dev.residuum.continual;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.SupervisedObjective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AdapterStore}: start at the base, targets, select / stack / disable / delete, merge / unmerge, training. */
class AdapterStoreTest extends SeededTest {
    /*
     * Merged vs unmerged: W x + s B (A x) against (W + s B A) x, the same sums regrouped, so they
     * differ by float32 rounding of O(1) partial sums through a few layers (a few 1e-7); 1e-5 is
     * the bound and leaves a 20x margin; a missing or doubled adapter term is O(0.1).
     */
    private static final double MERGE_ATOL = 1e-5;

    private static float[] run(Module m, Tensor x) {
        try (Graph.NoGradScope g = Graph.noGrad()) {
            return m.forward(x, false).toArray();
        }
    }

    /** Fills every B of adapter {@code name} with normal values, so the adapter changes the output. */
    private void perturb(AdapterStore store, String name) {
        for (String path : store.targets(name)) {
            float[] b = store.adapter(name, path).b().weight().value().data();
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (0.5 * rng.nextGaussian());
            }
        }
    }

    private static Map<String, float[]> weights(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> out.put(n, p.value().toArray()));
        return out;
    }

    @Test
    void atInitTheAdaptedModelIsTheBaseModelBitForBit() {
        TinyNet net = new TinyNet(rng);
        Tensor x = randn(3, 2, 4, 4);
        float[] before = run(net, x);
        AdapterStore store = new AdapterStore(net, 1);
        store.add("a", LoraConfig.of(2, 16, TargetModules.of("conv1", "conv2", "fc")).withDropout(0.3));
        assertArrayEquals(before, run(net, x));
        try (Graph.GradScope g = Graph.enableGrad()) { // training mode too (dropout drawn, B = 0)
            assertArrayEquals(before, net.forward(x, true).toArray());
        }
        CifarResNet resnet = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Tensor img = randn(2, 1, 28, 28);
        float[] plain = run(resnet, img);
        new AdapterStore(resnet, 2).add("a", LoraConfig.of(4, 8, TargetModules.of("conv1", "conv2", "fc")));
        assertArrayEquals(plain, run(resnet, img));
    }

    /*
     * In evaluation under noGrad, an adapted convolution followed by batch norm is folded: the
     * correction is scaled per channel and added in the convolution's epilogue. With grad mode on
     * the layers run in turn. The two differ by float32 rounding of O(1) values through the
     * network's layers (a few 1e-6); a correction left unscaled, dropped or doubled is O(0.1),
     * since B is drawn at 0.5 and the batch norms' scales are drawn away from 1.
     */
    @Test
    void anAdaptedConvolutionFoldedIntoBatchNormIsTheLayersInTurn() {
        CifarResNet resnet = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        for (Map.Entry<String, Tensor> e : resnet.namedBuffers().entrySet()) {
            float[] d = e.getValue().data();
            for (int i = 0; i < d.length; i++) {
                if (e.getKey().endsWith("running_mean")) {
                    d[i] = (float) (0.2 * rng.nextGaussian());
                } else if (e.getKey().endsWith("running_var")) {
                    d[i] = (float) (0.3 + rng.nextDouble());
                }
            }
        }
        AdapterStore store = new AdapterStore(resnet, 2);
        store.add("a", LoraConfig.of(4, 8, TargetModules.of("conv1", "conv2", "fc")));
        perturb(store, "a");
        Tensor img = randn(2, 1, 28, 28);
        float[] folded = run(resnet, img);
        float[] inTurn;
        try (Graph.GradScope g = Graph.enableGrad()) {
            inTurn = resnet.forward(img, false).toArray();
        }
        assertClose("folded vs in turn", inTurn, folded, MERGE_ATOL, MERGE_ATOL);
        store.disable();
        float[] plain = run(resnet, img);
        double moved = 0;
        for (int i = 0; i < plain.length; i++) {
            moved = Math.max(moved, Math.abs(plain[i] - folded[i]));
        }
        assertTrue(moved > 0.01, "the adapter changes the output: " + moved);
    }

    @Test
    void everythingButTheActiveAdapterIsFrozenAndCounted() {
        TinyNet net = new TinyNet(rng);
        long base = net.parameterCount();
        AdapterStore store = new AdapterStore(net, 1);
        assertEquals(0, store.trainableParameterCount());
        store.add("a", LoraConfig.of(2, 4, TargetModules.of("conv2", "fc")));
        // conv2: A 2x4x3x3 = 72, B 4x2x1x1 = 8; fc: A 2x16 = 32, B 3x2 = 6
        assertEquals(118, store.parameterCount("a"));
        assertEquals(118, store.trainableParameterCount());
        assertEquals(base + 118, store.totalParameterCount());
        store.add("b", LoraConfig.of(1, 4, TargetModules.of("fc")));
        assertEquals(List.of("a"), store.active());
        assertEquals(118, store.trainableParameterCount());
        store.select("b");
        assertEquals(16 + 3, store.trainableParameterCount());
        store.select("a", "b");
        assertEquals(118 + 19, store.trainableParameterCount());
        assertTrue(net.namedParameters().containsKey("fc.lora_A.b.weight"));
        assertTrue(net.namedParameters().containsKey("conv2.lora_B.a.weight"));
        assertEquals(List.of(1, 16), List.of(net.namedParameters().get("fc.lora_A.b.weight").value().shape().dim(0),
                net.namedParameters().get("fc.lora_A.b.weight").value().shape().dim(1)));
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            assertEquals(e.getKey().contains(".lora_"), !e.getValue().isFrozen(), e.getKey());
        }
    }

    @Test
    void targetsFollowPeftsRule() {
        Module m = new Sequential(new Linear(3, 4, true, rng), new Linear(4, 4, true, rng),
                new TinyNet(rng));
        AdapterStore store = new AdapterStore(m, 1);
        store.add("ends", LoraConfig.of(1, 1, TargetModules.of("fc", "0")));
        assertEquals(List.of("0", "2.fc"), store.targets("ends"));
        store.add("regex", LoraConfig.of(1, 1, TargetModules.matching("2\\.conv\\d")));
        assertEquals(List.of("2.conv1", "2.conv2"), store.targets("regex"));
        store.add("partial", LoraConfig.of(1, 1, TargetModules.matching("conv\\d|1")));
        assertEquals(List.of("1"), store.targets("partial"), "a regex must match the whole path");
        String none = assertThrows(IllegalArgumentException.class,
                () -> store.add("none", LoraConfig.of(1, 1, TargetModules.of("conv")))).getMessage();
        assertTrue(none.contains("match no module") && none.contains("2.conv1"), none);
        String container = assertThrows(IllegalArgumentException.class,
                () -> store.add("c", LoraConfig.of(1, 1, TargetModules.of("2")))).getMessage();
        assertTrue(container.contains("'2' is a TinyNet"), container);
        assertThrows(IllegalArgumentException.class, () -> store.add("ends", LoraConfig.of(1, 1, TargetModules.of("0"))));
        assertThrows(IllegalArgumentException.class, () -> store.add("a.b", LoraConfig.of(1, 1, TargetModules.of("0"))));
    }

    @Test
    void selectStackDisableAndDelete() {
        TinyNet net = new TinyNet(rng);
        Tensor x = randn(2, 2, 4, 4);
        float[] base = run(net, x);
        AdapterStore store = new AdapterStore(net, 1);
        store.add("a", LoraConfig.of(2, 4, TargetModules.of("conv2", "fc")));
        store.add("b", new LoraConfig(3, 2, 0, TargetModules.of("conv1", "fc"), true));
        perturb(store, "a");
        perturb(store, "b");
        float[] ya = run(net, x);
        store.select("b");
        float[] yb = run(net, x);
        assertFalse(Arrays.equals(ya, yb));
        store.disable();
        assertArrayEquals(base, run(net, x));
        store.enable();
        assertArrayEquals(yb, run(net, x));
        // Stacked on the last layer alone, the two terms add: compare with one adapter at a time.
        AdapterStore lastOnly = new AdapterStore(new TinyNet(rng), 3);
        Module m = lastOnly.model();
        Tensor z = randn(2, 2, 4, 4);
        float[] zBase = run(m, z);
        lastOnly.add("p", LoraConfig.of(2, 4, TargetModules.of("fc")));
        lastOnly.add("q", LoraConfig.of(1, 3, TargetModules.of("fc")));
        perturb(lastOnly, "p");
        perturb(lastOnly, "q");
        float[] zp = run(m, z);
        lastOnly.select("q");
        float[] zq = run(m, z);
        lastOnly.select("p", "q");
        float[] both = run(m, z);
        float[] sum = new float[both.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = zp[i] + zq[i] - zBase[i];
        }
        assertClose("stacked adapters", sum, both, 1e-5, 0);
        store.delete("b");
        assertEquals(List.of(), store.active());
        assertArrayEquals(base, run(net, x));
        assertFalse(net.namedParameters().containsKey("conv1.lora_A.b.weight"));
        assertNull(((Conv2d) net.children().get("conv1")).adapter(), "conv1 had only b: back to a plain layer");
        store.select("a");
        assertArrayEquals(ya, run(net, x));
        assertThrows(IllegalArgumentException.class, () -> store.select("b"));
    }

    @Test
    void mergeGivesTheSameLogitsAndUnmergeRestoresTheWeightsBitForBit() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        Tensor x = randn(2, 1, 28, 28);
        Map<String, float[]> original = weights(net);
        AdapterStore store = new AdapterStore(net, 1);
        store.add("a", LoraConfig.of(2, 4, TargetModules.of("conv1", "conv2", "fc")));
        store.add("b", LoraConfig.of(3, 6, TargetModules.of("conv2")));
        perturb(store, "a");
        perturb(store, "b");
        store.select("a", "b");
        float[] adapted = run(net, x);
        store.merge();
        String conv = store.targets("b").get(0) + ".weight";
        assertNotEquals(original.get(conv)[0], net.namedParameters().get(conv).value().data()[0], conv + " merged");
        float[] merged = run(net, x); // merged: BatchNorm folds into the convolution again (the fused path)
        assertClose("merged vs unmerged logits", adapted, merged, MERGE_ATOL, 0);
        assertThrows(IllegalStateException.class, () -> store.select("a"));
        store.unmerge();
        Map<String, float[]> after = weights(net);
        original.forEach((n, w) -> assertArrayEquals(w, after.get(n), n + " restored bit for bit"));
        assertArrayEquals(adapted, run(net, x));
    }

    @Test
    void theTrainerLearnsOnlyTheActiveAdapter() {
        Module net = new Sequential(new Linear(5, 6, true, rng),
                new Activation(Activation.Kind.TANH), new Linear(6, 3, true, rng));
        Map<String, float[]> base = weights(net);
        AdapterStore store = new AdapterStore(net, 1);
        store.add("a", LoraConfig.of(2, 4, TargetModules.of("0", "2")));
        store.add("b", LoraConfig.of(2, 4, TargetModules.of("2")));
        float[] bBefore = store.adapter("b", "2").b().weight().value().toArray();
        Tensor x = randn(16, 5);
        Tensor y = randn(16, 3);
        new Trainer<>(new SupervisedObjective(net, x, y), TrainerConfig.adam(1e-2, 3, 8, 0)).fit();
        Map<String, float[]> after = weights(net);
        base.forEach((n, w) -> assertArrayEquals(w, after.get(n), n + " (frozen backbone)"));
        assertArrayEquals(bBefore, store.adapter("b", "2").b().weight().value().toArray(), "inactive adapter b");
        float[] trainedB = store.adapter("a", "2").b().weight().value().data();
        assertTrue(trainedB[0] != 0 || trainedB[1] != 0, "adapter a's B moved off zero");
    }

    @Test
    void aFrozenBackboneKeepsItsBatchNormStatisticsWhileTheAdapterTrains() {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8"), rng);
        AdapterStore store = new AdapterStore(net, 1);
        store.add("a", LoraConfig.of(2, 4, TargetModules.of("conv1", "conv2", "fc")));
        Map<String, float[]> buffers = new LinkedHashMap<>();
        net.namedBuffers().forEach((n, t) -> buffers.put(n, t.toArray()));
        Map<String, float[]> base = weights(net);
        Tensor x = randn(4, 1, 28, 28);
        float[] eval = run(net, x);
        try (Graph.GradScope g = Graph.enableGrad()) { // frozen BN normalises with its running statistics in training too
            // the same numbers up to the convolution kernels chosen per mode (batch statistics would move them by O(1))
            assertClose("training vs evaluation forward", eval, net.forward(x, true).toArray(), 1e-5, 1e-5);
        }
        int[] labels = {0, 1, 2, 3};
        new Trainer<>(new dev.residuum.train.ImageClassification(net, new dev.residuum.data.ImageSet(x, labels), null,
                dev.residuum.data.Augmentation.NONE, 4), TrainerConfig.adam(1e-2, 2, 4, 0)).fit();
        net.namedBuffers().forEach((n, t) -> assertArrayEquals(buffers.get(n), t.toArray(), n + " (frozen BN statistics)"));
        Map<String, float[]> after = weights(net);
        base.forEach((n, w) -> {
            if (!n.contains(".lora_")) {
                assertArrayEquals(w, after.get(n), n + " (frozen backbone)");
            }
        });
        float[] b = store.adapter("a", "fc").b().weight().value().data();
        assertTrue(b[0] != 0 || b[1] != 0, "the adapter trained through the frozen batch norms");
    }
}
