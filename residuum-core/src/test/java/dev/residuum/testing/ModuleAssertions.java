package dev.residuum.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Map;

/** Assertions on whole modules, shared by the tests that compare two training runs. */
public final class ModuleAssertions {
    private ModuleAssertions() {
    }

    /** The two modules' state dicts have the same names and the same values, bit for bit (NaN equal to NaN). */
    public static void assertSameState(Module a, Module b) {
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertArrayEquals(sa.get(k).data(), sb.get(k).data(), k);
        }
    }
}
