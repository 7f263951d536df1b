package dev.residuum.continual;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.Fixtures;
import dev.residuum.testing.Fixtures.Fixture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adapters in PEFT's format against PyTorch ({@code scripts/fixtures/lora_fixture.py}, which
 * implements PEFT's LoRA forward and file layout by hand): an adapter written by the script gives
 * the script's logits here, and an adapter written here gives, in the script, the logits it gives
 * here.
 */
class PeftFormatTest {
    /*
     * TinyNet's outputs are sums of at most 36 float32 products of O(1) numbers per layer, three
     * layers deep, with the adapter's term (scaling 6/sqrt(2) or 4/3 times a rank-2 or 3 product)
     * added per layer. Residuum and PyTorch sum in different orders, so they differ by a few ulps of
     * the partial sums (ulp(4) ~ 5e-7): 1e-5 absolute is a 20x margin over that, while a wrong
     * scaling (alpha/r vs alpha/sqrt r: 30%), a transposed A or a missing layer misses by > 0.01.
     */
    private static final double ATOL = 1e-5;
    private static final Path RESOURCES = Paths.get("src", "test", "resources", "fixtures", "continual");

    private static Path resource(String name) throws URISyntaxException {
        return Paths.get(PeftFormatTest.class.getResource("/fixtures/continual/" + name).toURI());
    }

    private static TinyNet base() throws Exception {
        TinyNet net = new TinyNet(new Rng(1));
        Safetensors.loadInto(resource("base.safetensors"), net);
        return net;
    }

    @Test
    void anAdapterWrittenByTheScriptGivesItsLogits() throws Exception {
        Fixture fx = Fixtures.load("lora");
        TinyNet net = base();
        assertClose("base logits", fx, "y_base", net.forward(fx.tensor("x"), false), ATOL, 0);
        AdapterStore store = new AdapterStore(net, 3);
        LoraConfig config = PeftFormat.load(store, "peft", resource("torch_adapter"));
        assertEquals(new LoraConfig(2, 6, 0.1, TargetModules.of("conv2", "fc"), true), config);
        assertEquals(List.of("conv2", "fc"), store.targets("peft"));
        assertClose("logits with the PEFT adapter", fx, "y_torch_adapter", net.forward(fx.tensor("x"), false), ATOL, 0);
    }

    /** The adapter Residuum writes: on conv1 and fc, r = 3, alpha = 4, B drawn (non-zero). */
    private static AdapterStore residuumAdapter(TinyNet net) {
        AdapterStore store = new AdapterStore(net, 11);
        store.add("mine", LoraConfig.of(3, 4, TargetModules.of("fc", "conv1")));
        Rng rng = new Rng(12);
        for (String path : store.targets("mine")) {
            float[] b = store.adapter("mine", path).b().weight().value().data();
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (0.3 * rng.nextGaussian());
            }
        }
        return store;
    }

    @Test
    void anAdapterWrittenHereGivesTheScriptsLogitsForIt(@TempDir Path tmp) throws Exception {
        TinyNet net = base();
        AdapterStore store = residuumAdapter(net);
        Path written = tmp.resolve("adapter");
        PeftFormat.save(store, "mine", written);
        if (Boolean.getBoolean("residuum.regenerate")) {
            PeftFormat.save(store, "mine", RESOURCES.resolve("residuum_adapter"));
        }
        // The committed copy the script read is what this code writes, byte for byte.
        for (String f : List.of(PeftFormat.WEIGHTS, PeftFormat.CONFIG)) {
            assertArrayEquals(Files.readAllBytes(resource("residuum_adapter/" + f)), Files.readAllBytes(written.resolve(f)),
                    f + " differs from the committed residuum_adapter/" + f + "; regenerate it with"
                            + " -Dresiduum.regenerate=true, then rerun scripts/fixtures/lora_fixture.py");
        }
        Fixture fx = Fixtures.load("lora");
        assertClose("Residuum's adapter in PyTorch vs here", fx, "y_residuum_adapter", net.forward(fx.tensor("x"), false),
                ATOL, 0);
    }

    @Test
    void saveThenLoadGivesTheSameModel(@TempDir Path tmp) throws Exception {
        Fixture fx = Fixtures.load("lora");
        TinyNet net = base();
        AdapterStore store = residuumAdapter(net);
        store.add("other", new LoraConfig(2, 5, 0.25, TargetModules.matching("conv[12]"), true));
        PeftFormat.save(store, "mine", tmp.resolve("a"));
        PeftFormat.save(store, "other", tmp.resolve("b"));
        store.select("mine");
        float[] expected = net.forward(fx.tensor("x"), false).toArray();

        TinyNet again = base();
        AdapterStore loaded = new AdapterStore(again, 99);
        assertEquals(store.config("other"), PeftFormat.load(loaded, "other", tmp.resolve("b")));
        assertEquals(store.config("mine"), PeftFormat.load(loaded, "mine", tmp.resolve("a")));
        loaded.select("mine");
        assertArrayEquals(expected, again.forward(fx.tensor("x"), false).toArray());
        JsonObject json = Json.parseObject(Files.readString(tmp.resolve("b").resolve(PeftFormat.CONFIG)));
        assertEquals("conv[12]", json.string("target_modules"));
        assertEquals("LORA", json.string("peft_type"));
        assertEquals("none", json.string("bias"));
        assertEquals(false, json.bool("fan_in_fan_out"));
        assertEquals(List.of("base_model.model.conv1.lora_A.weight", "base_model.model.conv1.lora_B.weight",
                "base_model.model.conv2.lora_A.weight", "base_model.model.conv2.lora_B.weight"),
                List.copyOf(Safetensors.read(tmp.resolve("b").resolve(PeftFormat.WEIGHTS)).keySet()));
    }

    /** {@code o} with {@code field} set to {@code value}. */
    private static JsonObject with(JsonObject o, String field, Object value) {
        JsonObject out = new JsonObject();
        o.names().stream().filter(k -> !k.equals(field)).forEach(k -> out.put(k, o.get(k)));
        return out.put(field, value);
    }

    private static String refusal(String field, Object value) throws Exception {
        JsonObject o = with(Json.parseObject(Files.readString(resource("torch_adapter/" + PeftFormat.CONFIG))), field,
                value);
        return assertThrows(IllegalArgumentException.class, () -> PeftFormat.fromJson(o)).getMessage();
    }

    @Test
    void optionsResiduumDoesNotImplementAreErrors() throws Exception {
        assertTrue(refusal("use_dora", true).contains("use_dora = true"), refusal("use_dora", true));
        assertTrue(refusal("bias", "all").contains("bias = \"all\""), refusal("bias", "all"));
        assertTrue(refusal("rank_pattern", new JsonObject().put("fc", 4)).contains("rank_pattern"));
        assertTrue(refusal("fan_in_fan_out", true).contains("fan_in_fan_out"));
        assertTrue(refusal("modules_to_save", List.of("fc")).contains("modules_to_save"));
        assertTrue(refusal("lora_magic", 1).contains("unknown fields [lora_magic]"), refusal("lora_magic", 1));
        assertTrue(refusal("peft_type", "IA3").contains("peft_type must be \"LORA\""));
        assertTrue(refusal("target_modules", List.of()).contains("target_modules"));
    }

    @Test
    void weightsThatDoNotFitAreAnErrorAndNothingIsAdded(@TempDir Path tmp) throws Exception {
        TinyNet net = base();
        AdapterStore store = residuumAdapter(net);
        PeftFormat.save(store, "mine", tmp);
        JsonObject o = with(Json.parseObject(Files.readString(tmp.resolve(PeftFormat.CONFIG))), "r", 2);
        Files.writeString(tmp.resolve(PeftFormat.CONFIG), Json.write(o));
        AdapterStore other = new AdapterStore(base(), 5);
        String msg = assertThrows(IllegalArgumentException.class, () -> PeftFormat.load(other, "x", tmp)).getMessage();
        assertTrue(msg.contains("mis-shaped") && msg.contains("base_model.model.fc.lora_A.weight"), msg);
        assertEquals(List.of(), other.names());
    }
}
