package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Safetensors#save} and {@link Safetensors#loadInto} on Residuum modules. */
class SafetensorsLoadTest extends SeededTest {
    @TempDir
    Path dir;

    private static Map<String, float[]> snapshot(Module model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((n, t) -> out.put(n, t.toArray()));
        return out;
    }

    private static void assertSameState(Map<String, float[]> expected, Module model) {
        Map<String, Tensor> state = model.stateDict();
        assertEquals(expected.keySet(), state.keySet());
        expected.forEach((n, v) -> assertArrayEquals(v, state.get(n).data(), n));
    }

    @Test
    void saveThenLoadIntoAFreshModelCopiesEveryValue() throws IOException {
        Module trained = new Sequential(new Linear(5, 7, true, new Rng(1)), new Linear(7, 2, false, new Rng(2)));
        Module fresh = new Sequential(new Linear(5, 7, true, new Rng(3)), new Linear(7, 2, false, new Rng(4)));
        Path file = dir.resolve("model.safetensors");
        Safetensors.save(file, trained, Map.of("epoch", "3"));

        Safetensors.loadInto(file, fresh);

        assertSameState(snapshot(trained), fresh);
        assertEquals(List.of("0.weight", "0.bias", "1.weight"), List.copyOf(Safetensors.read(file).keySet()));
        assertEquals(Map.of("epoch", "3"), Safetensors.readMetadata(file));
        Tensor x = randn(4, 5);
        assertArrayEquals(trained.forward(x, false).data(), fresh.forward(x, false).data(), "same outputs");
    }

    @Test
    void mismatchListsMissingUnexpectedAndMisshapedAtOnceAndChangesNothing() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("0.weight", randn(7, 5));            // fits
        state.put("1.weight", randn(2, 6));            // model has [2, 7]
        state.put("layers.9.conv1.weight", randn(3));  // model has no such tensor
        // 0.bias is missing
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, state, Map.of());
        Module model = new Sequential(new Linear(5, 7, true, new Rng(1)), new Linear(7, 2, false, new Rng(2)));
        Map<String, float[]> before = snapshot(model);

        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> Safetensors.loadInto(file, model));

        assertEquals(file + " does not fit the model: missing [0.bias], unexpected [layers.9.conv1.weight],"
                + " mis-shaped [1.weight (file [2, 6], model [2, 7])]", e.getMessage());
        assertEquals(List.of("0.bias"), e.missing());
        assertEquals(List.of("layers.9.conv1.weight"), e.unexpected());
        assertEquals(List.of("1.weight (file [2, 6], model [2, 7])"), e.misshaped());
        assertSameState(before, model); // all or nothing: 0.weight was not copied either
    }

    @Test
    void onlyBatchCounterNamesAreIgnored() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(new Linear(2, 2, true, new Rng(1)).stateDict());
        state.put("num_batches_tracked", Tensor.scalar(5f));
        state.put("bn.num_batches_tracked", Tensor.scalar(5f));
        state.put("bn.num_batches_tracked_extra", Tensor.scalar(5f));
        Path file = dir.resolve("counters.safetensors");
        Safetensors.write(file, state, Map.of());

        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> Safetensors.loadInto(file, new Linear(2, 2, true, new Rng(2))));
        assertEquals(List.of("bn.num_batches_tracked_extra"), e.unexpected());
    }

    @Test
    void longListsAreCutInTheMessageButNotInTheAccessors() throws IOException {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            layers.add(new Linear(2, 2, true, new Rng(i)));
        }
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), Map.of());

        ModelMismatchException e = assertThrows(ModelMismatchException.class,
                () -> Safetensors.loadInto(file, new Sequential(layers)));
        assertEquals(16, e.missing().size());
        assertEquals(file + " does not fit the model: missing [0.weight, 0.bias, 1.weight, 1.bias, 2.weight,"
                + " 2.bias, 3.weight, 3.bias, 4.weight, 4.bias, ... and 6 more]", e.getMessage());
    }
}
