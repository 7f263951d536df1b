package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code residuum eval} on the PyTorch fixtures of residuum-core (256 test images, ResNet-20 weights). */
class EvalCommandTest {
    @TempDir
    Path dir;

    private Path weights;

    @BeforeEach
    void copyFixtures() throws IOException {
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "resnet20.safetensors",
                "resnet20-logits.safetensors")) {
            try (InputStream in = getClass().getResourceAsStream("/fixtures/resnet/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        weights = dir.resolve("resnet20.safetensors");
    }

    @Test
    void evaluatesAndWritesOneLogitRowPerImage() throws IOException {
        Path csv = dir.resolve("logits.csv");
        CliRun.Result r = CliRun.run("eval", "--model", "resnet20", "--weights", weights.toString(), "--data",
                dir.toString(), "--limit", "100", "--batch", "32", "--logits", csv.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(100, r.number("images"));
        double accuracy = r.number("accuracy");
        assertTrue(accuracy >= 0 && accuracy <= 1);
        assertTrue(r.number("loss") > 0);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(100, rows.size());
        assertEquals(10, rows.get(0).split(",").length);
    }

    @Test
    void logitsEqualPyTorchsForTheSameWeights() throws IOException {
        Path csv = dir.resolve("logits.csv");
        CliRun.Result r = CliRun.run("eval", "--weights", weights.toString(), "--data", dir.toString(), "--logits",
                csv.toString());
        assertEquals(0, r.status(), r.err());
        float[] expected = dev.residuum.io.Safetensors.read(dir.resolve("resnet20-logits.safetensors")).get("logits")
                .data();
        LogitsCsv.assertClose(csv, expected, 256, 10, 1e-4);
    }

    @Test
    void weightsOfAnotherDepthAreRejectedInOneLine() {
        CliRun.Result r = CliRun.run("eval", "--model", "resnet32", "--weights", weights.toString(), "--data",
                dir.toString());
        assertEquals(2, r.status());
        assertOneLineNaming(r, "resnet20.safetensors", "holds resnet20");
        assertTrue(r.err().contains("not resnet32") && r.err().length() < 300, r.err());
    }

    @Test
    void lyingSafetensorsHeadersAreRejectedInOneLine() throws IOException {
        byte[] good = Files.readAllBytes(weights);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(good, 500));
        assertOneLineNaming(CliRun.run("eval", "--weights", truncated.toString(), "--data", dir.toString()),
                "truncated.safetensors", "past the end");
        Path huge = dir.resolve("huge.safetensors");
        byte[] lie = good.clone();
        java.nio.ByteBuffer.wrap(lie).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
        Files.write(huge, lie);
        assertOneLineNaming(CliRun.run("eval", "--weights", huge.toString(), "--data", dir.toString()),
                "huge.safetensors", "header");
        Path dtype = dir.resolve("dtype.safetensors");
        String text = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replaceFirst("\"F32\"", "\"Q32\"");
        Files.write(dtype, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertOneLineNaming(CliRun.run("eval", "--weights", dtype.toString(), "--data", dir.toString()),
                "dtype.safetensors", "Q32");
    }

    @Test
    void missingDataAndBadOptionsExitWithTwo() {
        assertOneLineNaming(CliRun.run("eval", "--weights", weights.toString(), "--data", dir.resolve("none").toString()),
                dir.resolve("none").toString(), "not a folder");
        Path noTest = dir.resolve("no-test");
        assertTrue(noTest.toFile().mkdir());
        assertOneLineNaming(CliRun.run("eval", "--weights", weights.toString(), "--data", noTest.toString()),
                "t10k-images", "");
        assertOneLineNaming(CliRun.run("eval", "--model", "resnet21", "--weights", weights.toString()), "6n+2", "");
        assertOneLineNaming(CliRun.run("eval", "--weights", weights.toString(), "--shortcut", "C", "--data",
                dir.toString()), "--shortcut", "");
    }

    /** A train run's weights name their model: eval takes it from the file, on the shipped sample, result on stdout. */
    @Test
    void theModelComesFromTheFileAndTheResultGoesToStdout() {
        Path run = dir.resolve("run");
        assertEquals(0, CliRun.run("train", "--model", "resnet8", "--shortcut", "B", "--limit", "32", "--batch", "32",
                "--epochs", "1", "--out", run.toString(), "--quiet").status());
        CliRun.Result r = CliRun.run("eval", "--weights", run.resolve("model.safetensors").toString(), "--data", "sample",
                "--limit", "50", "--json");
        assertEquals(0, r.status(), r.err());
        // what `eval ... > out.txt` keeps: the summary and the JSON
        assertTrue(r.out().startsWith("resnet8 --shortcut B on 50 test images: accuracy "), r.out());
        assertTrue(r.lastLine().contains("\"images\": 50"), r.out());
        assertTrue(!r.err().contains("accuracy"), "no result on stderr: " + r.err());
        CliRun.Result other = CliRun.run("eval", "--model", "resnet14", "--weights",
                run.resolve("model.safetensors").toString(), "--data", "sample", "--limit", "50");
        assertOneLineNaming(other, "holds resnet8 --shortcut B", "not resnet14");
    }

    /** Weights without metadata: the depth and shortcut come from the tensor names. */
    @Test
    void theModelIsInferredFromTheTensorNames() throws IOException {
        dev.residuum.nn.residual.CifarResNet b = new dev.residuum.nn.residual.CifarResNet(
                dev.residuum.nn.residual.CifarResNet.Config.of("resnet14").withShortcut(
                        dev.residuum.nn.residual.CifarResNet.ShortcutKind.B).withReZero(true), new dev.residuum.kernel.Rng(1));
        Path file = dir.resolve("bare.safetensors");
        dev.residuum.io.Safetensors.save(file, b, java.util.Map.of());
        CliRun.Result r = CliRun.run("eval", "--weights", file.toString(), "--data", dir.toString(), "--limit", "10");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("resnet14 --shortcut B --rezero on 10 test images"), r.out());
        Path folder = dir.resolve("folder.safetensors");
        assertTrue(folder.toFile().mkdir());
        assertOneLineNaming(CliRun.run("eval", "--weights", folder.toString(), "--data", dir.toString()),
                folder.toString(), "folder");
    }

    private static void assertOneLineNaming(CliRun.Result r, String what, String problem) {
        assertEquals(2, r.status(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("residuum: ") && !l.contains("BLAS backend"))
                .toList();
        assertEquals(1, lines.size(), "one error line expected: " + r.err());
        assertTrue(lines.get(0).contains(what) && lines.get(0).contains(problem), lines.get(0));
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
