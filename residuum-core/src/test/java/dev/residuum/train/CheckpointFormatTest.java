package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.optim.Sgd;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the checkpoint format: {@code checkpoints/v1} was written by the first version
 * (a Linear(3, 2) after two SGD steps with momentum) and must keep loading to the same values.
 */
class CheckpointFormatTest {
    private static final Path V1 = Path.of("src/test/resources/checkpoints/v1");

    @TempDir
    Path tmp;

    @Test
    void version1LoadsToTheSavedStateWeightsAndMomentum() throws Exception {
        Linear m = new Linear(3, 2, true, new Rng(99));
        Sgd sgd = new Sgd(m.parameters(), new Sgd.Config(0.1, 0.9, 0, 1e-4, false));
        TrainingState s = Checkpoint.load(V1, m, sgd);
        assertEquals(new TrainingState("linear3x2", 1, 1, 2, 123456789012345L, -987654321098765L, 1.25, 3, 4, 0.1), s);
        assertEquals(s, Checkpoint.peek(V1));
        assertArrayEquals(new float[] {-0.10410168f, -0.28569308f, -0.4141688f, -0.09265318f, -0.21847597f, 0.02372156f},
                m.stateDict().get("weight").data());
        assertArrayEquals(new float[] {0.9050658f, 2.9831522f, 5.0612483f, 0.10909552f, 0.7968253f, 1.4846251f},
                sgd.exportState().buffers().get("0.momentum_buffer"));
        assertEquals(2, sgd.steps());
        assertEquals(List.of("weight", "bias", "optimizer.0.momentum_buffer", "optimizer.1.momentum_buffer"),
                List.copyOf(Safetensors.read(V1.resolve(Checkpoint.WEIGHTS)).keySet()));
    }

    @Test
    void noCheckpointIsAOneLineError() {
        Linear m = new Linear(3, 2, true, new Rng(1));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Checkpoint.load(tmp, m, new Sgd(m.parameters(), Sgd.Config.of(0.1))));
        assertEquals(tmp.resolve(Checkpoint.WEIGHTS) + ": no checkpoint to resume from", e.getMessage());
    }
}
