package dev.residuum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed or killed write never truncates or replaces the previous file, and leaves no
 * temporary file behind (except, unavoidably, after a hard kill).
 */
class AtomicWriteTest extends SeededTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A tensor whose data() throws, as any tensor does once its Workspace scope has closed. */
    private static Tensor releasedTensor() {
        Workspace workspace = new Workspace();
        Tensor t;
        try (Workspace.Scope scope = workspace.enter()) {
            t = Tensor.zeros(Shape.of(10, 10));
        }
        return t;
    }

    private Path goodFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", randn(3, 3)), Map.of("version", "1"));
        return file;
    }

    @Test
    void failureMidWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = goodFile();
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("big", randn(1000, 1000)); // 4 MB reach the temporary file before the failure
        tensors.put("released", releasedTensor());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Safetensors.write(file, tensors, Map.of("version", "2")));

        assertTrue(e.getMessage().contains("Workspace"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "previous file intact");
        assertEquals(List.of("model.safetensors"), listing(), "no temporary file left");
        assertEquals(Map.of("version", "1"), Safetensors.readMetadata(file));
    }

    @Test
    void failureWhileIteratingTheMapKeepsThePreviousFile() throws IOException {
        Path file = goodFile();
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> failing = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Tensor>> iterator() {
                        Iterator<Entry<String, Tensor>> first = List.<Entry<String, Tensor>>of(
                                Map.entry("a", Tensor.ones(4))).iterator();
                        return new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Entry<String, Tensor> next() {
                                if (first.hasNext()) {
                                    return first.next();
                                }
                                throw new IllegalStateException("map changed during iteration");
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return 2;
                    }
                };
            }
        };

        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, failing, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void failedFirstWriteCreatesNothing() throws IOException {
        Path file = dir.resolve("new.safetensors");
        assertThrows(IllegalStateException.class,
                () -> Safetensors.write(file, Map.of("released", releasedTensor()), Map.of()));
        assertEquals(List.of(), listing());
    }

    @Test
    void atomicFilePropagatesTheBodysExceptionUnchanged() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"step\": 1}");
        IOException failure = new IOException("disk full (simulated)");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[200_000]);
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals("{\"step\": 1}", Files.readString(file));
        assertEquals(List.of("state.json"), listing());
    }

    @Test
    void atomicFileReplacesContentAndToleratesClose() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "old content that is longer than the new one");
        AtomicFile.write(file, out -> {
            out.write("{\"step\": 2}".getBytes(StandardCharsets.UTF_8));
            out.close(); // harmless: only flushes
        });
        assertEquals("{\"step\": 2}", Files.readString(file));
        assertEquals(List.of("state.json"), listing());
    }

    @Test
    void atomicFileRefusesToReplaceADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(sub, out -> out.write(1)));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertEquals(List.of("sub"), listing());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path file = dir.resolve("no-such-dir").resolve("model.safetensors");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Safetensors.write(file, Map.of("w", Tensor.ones(1)), Map.of()));
        assertEquals(file + ": cannot write it: directory " + file.getParent() + " does not exist", e.getMessage());
    }

    // ------------------------------------------------------------------ a real kill -9

    /**
     * Child process: writes a good file (version 1), then starts replacing it (version 2), and
     * halfway through the new content prints "MID" and waits to be killed.
     */
    public static final class KilledMidWrite {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            Safetensors.write(file, Map.of("w", Tensor.full(Shape.of(1_000_000), 1f)), Map.of("version", "1"));
            Path scratch = file.resolveSibling("v2.scratch");
            Safetensors.write(scratch, Map.of("w", Tensor.full(Shape.of(1_000_000), 2f)), Map.of("version", "2"));
            byte[] v2 = Files.readAllBytes(scratch);
            Files.delete(scratch);
            AtomicFile.write(file, out -> {
                out.write(v2, 0, v2.length / 2);
                out.flush();
                System.out.println("MID");
                System.out.flush();
                try {
                    Thread.sleep(60_000); // bounded: ends by itself if never killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write(v2, v2.length / 2, v2.length - v2.length / 2);
            });
        }
    }

    @Test
    void killMidWriteLeavesThePreviousFileWhole() throws Exception {
        Path file = dir.resolve("model.safetensors");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                KilledMidWrite.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line;
        try (var stdout = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = stdout.readLine(); // blocks until the child is halfway through writing version 2
        } finally {
            child.destroyForcibly(); // SIGKILL: nothing runs in the child any more, no cleanup
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");
        }
        assertEquals("MID", line, "the child reached the middle of the write");

        List<String> names = listing();
        assertEquals(2, names.size(), "the target and the killed write's temporary file: " + names);
        assertTrue(names.get(0).startsWith(".model.safetensors.") && names.get(0).endsWith(".tmp"), names.get(0));
        assertTrue(Files.size(dir.resolve(names.get(0))) > 0, "half of version 2 reached the disk, under the temporary name");
        assertEquals(Map.of("version", "1"), Safetensors.readMetadata(file));
        float[] w = Safetensors.read(file).get("w").data();
        assertEquals(1_000_000, w.length);
        for (float v : w) {
            assertEquals(1f, v);
        }
    }
}
