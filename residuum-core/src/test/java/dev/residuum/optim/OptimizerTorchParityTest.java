package dev.residuum.optim;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.residuum.autodiff.Losses;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Parameter;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.Fixtures;
import dev.residuum.testing.Fixtures.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Sgd}, {@link Adam}, AdamW, {@link RmsProp} and {@link Adagrad} against {@code torch.optim} on {@code optim.json}: a
 * {@code Linear(6, 3)} starts from saved parameters and takes 5 steps, each on the gradient of
 * the MSE loss of a saved batch. The gradients are recomputed here by Residuum from its own
 * parameters (so errors would compound, as in training), and the parameters are compared with
 * PyTorch's after every step.
 */
class OptimizerTorchParityTest {
    /*
     * Tolerance |a-b| <= 1e-6 + 1e-5 |b|. The parameters are O(0.1..1). Each step's gradient is a
     * few short float32 sums (differences of a few ulps from PyTorch's summation order); SGD adds
     * lr * that, and momentum carries it along, so after 5 steps the parameters differ by a few
     * ulps of 1 (~1e-7). Adam divides m by sqrt(v) + eps: both are computed in float32 with the
     * bias corrections in double then rounded (as PyTorch's for-loop implementation does), so each
     * element can differ in the last ulps of an update of size ~lr = 1e-2, i.e. ~1e-9 absolute
     * per step; the gradients' relative ulp differences pass through m / sqrt(v) nearly unchanged.
     * 1e-5 relative (1e-6 absolute for elements near 0) is thus ~100x the expected difference yet
     * far below the effect of any formula error (a missing bias correction moves a parameter by
     * ~lr, a wrong dampening or decay by ~1e-3 relative).
     */
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-5;

    private static Fixture fx;

    private static Fixture fixture() {
        if (fx == null) {
            fx = Fixtures.load("optim");
        }
        return fx;
    }

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        fixture().meta("case_order").forEach(n -> names.add(n.asText()));
        assertEquals(13, names.size(), "number of optimizer cases in the fixture");
        return names.stream();
    }

    /** The Residuum hyper-parameters of a fixture case, written with Residuum's own API. */
    private static Record config(String name) {
        return switch (name) {
            case "sgd" -> new Sgd.Config(0.1, 0, 0, 0, false);
            case "sgd_momentum" -> new Sgd.Config(0.1, 0.9, 0, 0, false);
            case "sgd_momentum_wd" -> new Sgd.Config(0.1, 0.9, 0, 1e-4, false);
            case "sgd_nesterov_wd" -> new Sgd.Config(0.1, 0.9, 0, 1e-3, true);
            case "sgd_momentum_dampening" -> new Sgd.Config(0.1, 0.9, 0.1, 0, false);
            case "adam" -> Adam.Config.adam(1e-2);
            case "adam_wd" -> Adam.Config.adam(1e-2).withWeightDecay(1e-2);
            case "adamw" -> Adam.Config.adamW(1e-2);
            case "adam_betas_eps" -> Adam.Config.adam(1e-2).withBetas(0.8, 0.99).withEps(1e-6);
            case "rmsprop" -> RmsProp.Config.of(1e-2);
            case "rmsprop_centered_momentum_wd" -> RmsProp.Config.of(1e-2).withAlpha(0.9).withMomentum(0.5)
                    .withCentered(true).withWeightDecay(1e-2);
            case "adagrad" -> Adagrad.Config.of(0.1);
            case "adagrad_decay_wd" -> Adagrad.Config.of(0.1).withLrDecay(0.05).withWeightDecay(1e-2)
                    .withInitialAccumulator(0.1);
            default -> throw new IllegalArgumentException("no Residuum optimizer for fixture case " + name);
        };
    }

    private static Optimizer optimizer(String name, List<Parameter> params) {
        Record c = config(name);
        if (c instanceof RmsProp.Config r) {
            return new RmsProp(params, r);
        }
        if (c instanceof Adagrad.Config a) {
            return new Adagrad(params, a);
        }
        return c instanceof Sgd.Config s ? new Sgd(params, s) : new Adam(params, (Adam.Config) c);
    }

    /** Checks that the configuration above is the one PyTorch ran (the fixture's metadata). */
    private static void assertSameHyperParameters(String name) {
        JsonNode m = fixture().meta("cases", name);
        String kind = m.path("kind").asText();
        Record config = config(name);
        if (config instanceof Sgd.Config c) {
            assertEquals("sgd", kind, name + ": kind");
            assertEquals(m.path("lr").asDouble(), c.lr(), 0, name + ": lr");
            assertEquals(m.path("momentum").asDouble(0), c.momentum(), 0, name + ": momentum");
            assertEquals(m.path("dampening").asDouble(0), c.dampening(), 0, name + ": dampening");
            assertEquals(m.path("weight_decay").asDouble(0), c.weightDecay(), 0, name + ": weight_decay");
            assertEquals(m.path("nesterov").asBoolean(false), c.nesterov(), name + ": nesterov");
        } else if (config instanceof RmsProp.Config c) {
            assertEquals("rmsprop", kind, name + ": kind");
            assertEquals(m.path("lr").asDouble(), c.lr(), 0, name + ": lr");
            assertEquals(m.path("alpha").asDouble(0.99), c.alpha(), 0, name + ": alpha");
            assertEquals(m.path("eps").asDouble(1e-8), c.eps(), 0, name + ": eps");
            assertEquals(m.path("momentum").asDouble(0), c.momentum(), 0, name + ": momentum");
            assertEquals(m.path("centered").asBoolean(false), c.centered(), name + ": centered");
            assertEquals(m.path("weight_decay").asDouble(0), c.weightDecay(), 0, name + ": weight_decay");
        } else if (config instanceof Adagrad.Config c) {
            assertEquals("adagrad", kind, name + ": kind");
            assertEquals(m.path("lr").asDouble(), c.lr(), 0, name + ": lr");
            assertEquals(m.path("lr_decay").asDouble(0), c.lrDecay(), 0, name + ": lr_decay");
            assertEquals(m.path("weight_decay").asDouble(0), c.weightDecay(), 0, name + ": weight_decay");
            assertEquals(m.path("initial_accumulator_value").asDouble(0), c.initialAccumulator(), 0,
                    name + ": initial_accumulator_value");
            assertEquals(m.path("eps").asDouble(1e-10), c.eps(), 0, name + ": eps");
        } else {
            Adam.Config c = (Adam.Config) config;
            boolean adamW = kind.equals("adamw");
            assertTrue(adamW || kind.equals("adam"), name + ": kind " + kind);
            assertEquals(adamW, c.decoupled(), name + ": decoupled weight decay");
            assertEquals(m.path("lr").asDouble(), c.lr(), 0, name + ": lr");
            JsonNode betas = m.path("betas");
            assertEquals(betas.isMissingNode() ? 0.9 : betas.get(0).asDouble(), c.beta1(), 0, name + ": beta1");
            assertEquals(betas.isMissingNode() ? 0.999 : betas.get(1).asDouble(), c.beta2(), 0, name + ": beta2");
            assertEquals(m.path("eps").asDouble(1e-8), c.eps(), 0, name + ": eps");
            assertEquals(m.path("weight_decay").asDouble(adamW ? 1e-2 : 0), c.weightDecay(), 0,
                    name + ": weight_decay");
        }
    }

    /** A Linear 6 -> 3 holding the fixture's initial parameters. */
    private static Linear initialModel() {
        Linear lin = new Linear(6, 3, true, new Rng(5));
        lin.loadStateDict(Map.of("weight", fixture().tensor("init/weight"), "bias", fixture().tensor("init/bias")));
        return lin;
    }

    /** One training step on batch {@code k}; returns the loss before the update. */
    private static float step(Linear model, Optimizer opt, int k) {
        opt.zeroGrad();
        Tensor loss = Losses.mse(model.forward(fixture().tensor("x/" + k), true), fixture().tensor("y/" + k));
        float value = loss.item();
        loss.backward();
        opt.step();
        return value;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStepMatchesTorch(String name) {
        int steps = fixture().meta("steps").asInt();
        assertEquals(5, steps);
        Linear model = initialModel();
        assertSameHyperParameters(name);
        Optimizer opt = optimizer(name, model.parameters());
        for (int k = 0; k < steps; k++) {
            float loss = step(model, opt, k);
            String at = name + " step " + (k + 1);
            assertClose(at + " loss", new float[] {fixture().scalar(name + "/step" + (k + 1) + "/loss")},
                    new float[] {loss}, ATOL, RTOL);
            assertClose(at + " weight", fixture(), name + "/step" + (k + 1) + "/weight", model.weight().value(),
                    ATOL, RTOL);
            assertClose(at + " bias", fixture(), name + "/step" + (k + 1) + "/bias", model.bias().value(),
                    ATOL, RTOL);
        }
        assertEquals(steps, opt.steps(), "step count");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportedStateResumesBitForBit(String name) {
        // Uninterrupted reference: 5 steps.
        Linear reference = initialModel();
        Optimizer refOpt = optimizer(name, reference.parameters());
        for (int k = 0; k < 5; k++) {
            step(reference, refOpt, k);
        }

        // Interrupted: 3 steps, snapshot model and optimizer state.
        Linear first = initialModel();
        Optimizer firstOpt = optimizer(name, first.parameters());
        for (int k = 0; k < 3; k++) {
            step(first, firstOpt, k);
        }
        Optimizer.State state = firstOpt.exportState();
        Tensor w3 = first.weight().value().copy(), b3 = first.bias().value().copy();
        assertEquals(3, state.step(), "exported step count");
        assertEquals(refOpt.lr(), state.lr(), 0, "exported lr");
        boolean stateful = !name.equals("sgd");
        assertEquals(stateful, !state.buffers().isEmpty(), name + ": buffers exported " + state.buffers().keySet());

        // Exporting must not perturb the exporter, nor alias its buffers: keep going on the original.
        for (int k = 3; k < 5; k++) {
            step(first, firstOpt, k);
        }
        assertArrayEquals(reference.weight().value().data(), first.weight().value().data(),
                name + ": exportState() changed the ongoing run");

        // Resume on a fresh model and a fresh optimizer.
        Linear resumed = new Linear(6, 3, true, new Rng(77));
        resumed.loadStateDict(Map.of("weight", w3, "bias", b3));
        Optimizer resumedOpt = optimizer(name, resumed.parameters());
        resumedOpt.importState(state);
        assertEquals(3, resumedOpt.steps(), "imported step count");
        for (int k = 3; k < 5; k++) {
            step(resumed, resumedOpt, k);
        }
        assertArrayEquals(reference.weight().value().data(), resumed.weight().value().data(),
                name + ": weight after resume differs from the uninterrupted run");
        assertArrayEquals(reference.bias().value().data(), resumed.bias().value().data(),
                name + ": bias after resume differs from the uninterrupted run");
        // And the resumed run is where PyTorch ends up.
        assertClose(name + " resumed weight vs torch", fixture(), name + "/step5/weight", resumed.weight().value(),
                ATOL, RTOL);
        assertClose(name + " resumed bias vs torch", fixture(), name + "/step5/bias", resumed.bias().value(),
                ATOL, RTOL);
    }

    @Test
    void stepsDoNotAllMatchTheInitialParameters() {
        // Guards the fixture itself: every case moved the parameters by much more than the tolerance.
        float[] w0 = fixture().data("init/weight");
        cases().forEach(name -> {
            float[] w5 = fixture().data(name + "/step5/weight");
            double moved = 0;
            for (int i = 0; i < w0.length; i++) {
                moved = Math.max(moved, Math.abs(w5[i] - w0[i]));
            }
            assertTrue(moved > 1e-3, name + ": parameters moved only " + moved);
        });
    }
}
