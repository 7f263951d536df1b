package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written on the PyTorch side by {@code scripts/fixtures/make_io_fixtures.py}: the state
 * dict of {@code nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))} after three training steps
 * (F32, with the I64 scalar {@code 1.num_batches_tracked} = 3), plus one tensor of every other
 * dtype, laid out as the reference implementation lays them out (largest elements first).
 */
class SafetensorsTorchFixtureTest {
    static Path resource(String name) {
        try {
            var url = SafetensorsTorchFixtureTest.class.getResource("/io/" + name);
            assertNotNull(url, "test resource /io/" + name + " (regenerate with scripts/fixtures/make_io_fixtures.py)");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** BatchNorm's parameters and buffers, as PyTorch names them; forward is not needed here. */
    static final class BatchNormState extends Module {
        BatchNormState(int features, boolean counter) {
            parameter("weight", Tensor.zeros(features));
            parameter("bias", Tensor.zeros(features));
            buffer("running_mean", Tensor.zeros(features));
            buffer("running_var", Tensor.ones(features));
            if (counter) {
                buffer("num_batches_tracked", Tensor.scalar(0f));
            }
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            throw new UnsupportedOperationException("state only");
        }
    }

    static Module torchLikeModel(boolean counter) {
        return new Sequential(new Linear(3, 4, true, new Rng(1)), new BatchNormState(4, counter));
    }

    @Test
    void readsEveryDtypeAsPyTorchWroteIt() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(resource("torch_state.json").toFile());
        Map<String, Tensor> read = Safetensors.read(resource("torch_state.safetensors"));

        List<String> order = new ArrayList<>();
        expected.get("order").forEach(n -> order.add(n.asText()));
        assertEquals(order, List.copyOf(read.keySet()), "tensors in the file's order");
        expected.get("tensors").fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode spec = e.getValue();
            Tensor t = read.get(name);
            int[] shape = new int[spec.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.get("shape").get(i).asInt();
            }
            float[] values = new float[spec.get("data").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Double.parseDouble(spec.get("data").get(i).asText());
            }
            assertArrayEquals(shape, t.shape().dims(), name + " (" + spec.get("dtype").asText() + ") shape");
            assertArrayEquals(SafetensorsTest.bits(values), SafetensorsTest.bits(t.data()),
                    name + " (" + spec.get("dtype").asText() + ") values, bit for bit");
        });
        Map<String, String> metadata = new LinkedHashMap<>();
        expected.get("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        assertEquals(metadata, Safetensors.readMetadata(resource("torch_state.safetensors")));
    }

    @Test
    void spotValuesOfTheConversions() throws IOException {
        Map<String, Tensor> read = Safetensors.read(resource("torch_state.safetensors"));
        assertEquals(3f, read.get("1.num_batches_tracked").item(), "I64 scalar");
        assertEquals(0, read.get("1.num_batches_tracked").shape().rank());
        assertEquals((float) (1.0 / 3), read.get("extra.f64").get(0, 0), "F64 rounded to nearest");
        assertEquals(1099511627776f, read.get("extra.i64").get(3), "2^40 + 1 rounds to 2^40");
        assertEquals(-3.140625f, read.get("extra.bf16").get(1));
        assertEquals(65504f, read.get("extra.f16").get(2), "largest half");
        assertEquals(0x1p-24f, read.get("extra.f16").get(3), "smallest subnormal half");
        assertEquals(Float.POSITIVE_INFINITY, read.get("extra.f16").get(4));
        assertArrayEquals(new float[] {1f, 0f, 1f}, read.get("extra.bool").data());
        assertArrayEquals(new float[] {0f, 200f, 255f}, read.get("extra.u8").data());
        assertArrayEquals(new int[] {0, 3}, read.get("extra.empty").shape().dims());
    }

    @Test
    void loadsAPyTorchStateDictIntoAModule() throws IOException {
        Path file = resource("torch_model.safetensors");
        Map<String, Tensor> saved = Safetensors.read(file);
        Module model = torchLikeModel(true);
        Safetensors.loadInto(file, model);
        assertEquals(List.copyOf(saved.keySet()).stream().sorted().toList(),
                List.copyOf(model.stateDict().keySet()).stream().sorted().toList());
        model.stateDict().forEach((name, t) -> assertArrayEquals(saved.get(name).data(), t.data(), name));
        assertEquals(3f, model.stateDict().get("1.num_batches_tracked").item());
    }

    @Test
    void ignoresBatchCountersTheModelDoesNotHave() throws IOException {
        Path file = resource("torch_model.safetensors");
        Module model = torchLikeModel(false);
        Safetensors.loadInto(file, model);
        assertArrayEquals(Safetensors.read(file).get("1.running_var").data(),
                model.stateDict().get("1.running_var").data());
    }

    @Test
    void extraTensorsAreListedByName() throws IOException {
        Path file = resource("torch_state.safetensors");
        Module model = torchLikeModel(false);
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> Safetensors.loadInto(file, model));
        assertEquals(List.of(), e.missing());
        assertEquals(List.of(), e.misshaped());
        assertEquals(List.of("extra.f64", "extra.i64", "extra.empty", "extra.i32", "extra.scalar", "extra.bf16",
                "extra.f16", "extra.i16", "extra.bool", "extra.i8"), e.unexpected().subList(0, 10));
        assertEquals(11, e.unexpected().size(), "every extra.* tensor, and not 1.num_batches_tracked");
        assertTrue(e.getMessage().startsWith(file + " does not fit the model: unexpected [extra.f64, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(", ... and 1 more]"), e.getMessage());
    }
}
