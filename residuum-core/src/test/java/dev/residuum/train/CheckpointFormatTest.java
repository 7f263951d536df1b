package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the checkpoint format: {@code checkpoints/v1} was written by the first version and
 * {@code checkpoints/v2} by the second (thread count and kernels recorded), each a Linear(3, 2)
 * after two SGD steps with momentum; both must keep loading to the same values.
 */
class CheckpointFormatTest {
    private static final Path V1 = Path.of("src/test/resources/checkpoints/v1");
    private static final Path V2 = Path.of("src/test/resources/checkpoints/v2");
    private static final TrainingState SAVED =
            new TrainingState("linear3x2", 1, 1, 2, 123456789012345L, -987654321098765L, 1.25, 3, 4, 0.1);

    @TempDir
    Path tmp;

    @Test
    void version1LoadsToTheSavedStateWeightsAndMomentum() throws Exception {
        Linear m = new Linear(3, 2, true, new Rng(99));
        Sgd sgd = new Sgd(m.parameters(), new Sgd.Config(0.1, 0.9, 0, 1e-4, false));
        TrainingState s = Checkpoint.load(V1, m, sgd);
        assertEquals(SAVED, s);
        assertEquals(s, Checkpoint.peek(V1));
        assertNull(Checkpoint.environment(V1), "format 1 recorded no environment");
        assertTrue(ComputeEnvironment.current().checkResume(null, "v1").isEmpty(), "nothing to compare: no warning");
        assertArrayEquals(new float[] {-0.10410168f, -0.28569308f, -0.4141688f, -0.09265318f, -0.21847597f, 0.02372156f},
                m.stateDict().get("weight").data());
        assertArrayEquals(new float[] {0.9050658f, 2.9831522f, 5.0612483f, 0.10909552f, 0.7968253f, 1.4846251f},
                sgd.exportState().buffers().get("0.momentum_buffer"));
        assertEquals(2, sgd.steps());
        assertEquals(List.of("weight", "bias", "optimizer.0.momentum_buffer", "optimizer.1.momentum_buffer"),
                List.copyOf(Safetensors.read(V1.resolve(Checkpoint.WEIGHTS)).keySet()));
    }

    @Test
    void version2LoadsWithItsThreadCountAndKernels() throws Exception {
        Linear m = new Linear(3, 2, true, new Rng(99));
        Sgd sgd = new Sgd(m.parameters(), new Sgd.Config(0.1, 0.9, 0, 1e-4, false));
        assertEquals(SAVED, Checkpoint.load(V2, m, sgd));
        assertArrayEquals(new float[] {-0.060907908f, -0.41041148f, -0.005265981f, 0.15518798f, 0.13196798f, -0.31752783f},
                m.stateDict().get("weight").data());
        assertArrayEquals(new float[] {-0.38325116f, -0.80707383f, 2.5646968f, -0.47282365f, -1.2744763f, -0.24428698f},
                sgd.exportState().buffers().get("0.momentum_buffer"));
        ComputeEnvironment env = Checkpoint.environment(V2);
        assertEquals(2, env.threads());
        assertTrue(env.blas().endsWith("OPENBLAS_CORETYPE=Haswell"), env.blas());
        assertEquals("oneDNN 2.6.3 (OpenMP runtime)", env.convolutions());
        assertTrue(Files.readString(V2.resolve(Checkpoint.STATE)).contains("\"threads\": 2"));
    }

    @Test
    void anotherThreadCountIsRefusedNamingTheOneThatMatches() {
        ComputeEnvironment saved = new ComputeEnvironment(2, "b", "r", "c");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ComputeEnvironment(1, "b", "r", "c").checkResume(saved, "the checkpoint in runs/x"));
        assertEquals("--resume: the checkpoint in runs/x was written with 2 thread(s), this run has 1; another thread"
                + " count splits the sums differently, so the result would not be bit-exact: resume with --threads 2",
                e.getMessage());
        assertTrue(new ComputeEnvironment(2, "b", "r", "c").checkResume(saved, "x").isEmpty());
        List<String> w = new ComputeEnvironment(2, "other BLAS", "r", "c").checkResume(saved, "x");
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("BLAS") && w.get(0).contains("not be bit-exact") && !w.get(0).contains("\n"), w.get(0));
    }

    @Test
    void aCheckpointOfANewerFormatIsRefused() throws Exception {
        Linear m = new Linear(3, 2, true, new Rng(1));
        Sgd sgd = new Sgd(m.parameters(), Sgd.Config.of(0.1));
        Path dir = tmp.resolve("future");
        Files.createDirectories(dir);
        Map<String, String> meta = new LinkedHashMap<>(Safetensors.readMetadata(V2.resolve(Checkpoint.WEIGHTS)));
        meta.put("format", "99");
        Safetensors.write(dir.resolve(Checkpoint.WEIGHTS), Safetensors.read(V2.resolve(Checkpoint.WEIGHTS)), meta);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir, m, sgd));
        assertTrue(e.getMessage().contains("format 99"), e.getMessage());
    }

    @Test
    void noCheckpointIsAOneLineError() {
        Linear m = new Linear(3, 2, true, new Rng(1));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Checkpoint.load(tmp, m, new Sgd(m.parameters(), Sgd.Config.of(0.1))));
        assertEquals(tmp.resolve(Checkpoint.WEIGHTS) + ": no checkpoint to resume from", e.getMessage());
    }
}
