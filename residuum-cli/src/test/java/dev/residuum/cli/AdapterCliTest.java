package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.continual.PeftFormat;
import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --adapter} and {@code train --adapter-rank} against PyTorch
 * ({@code scripts/fixtures/make_adapter_cli_fixtures.py}, PEFT's LoRA written by hand on the ResNet-20
 * fixture): the script's adapter applied here gives the script's logits, and the adapter that
 * {@code train --adapter-rank} wrote (committed as {@code residuum_adapter/}) gives in the script the
 * logits it gives here.
 */
class AdapterCliTest {
    /*
     * The tolerance of EvalCommandTest's ResNet-20 parity (1e-4 relative to max(1, |logit|)): 19
     * convolutions and batch norms summed in other orders than PyTorch's; the adapters' terms add a
     * few products per layer. A wrong scaling, a transposed A or a layer without its adapter moves
     * the logits by > 1e-2 (the script checks that its adapter does).
     */
    private static final double TOL = 1e-4;

    @TempDir
    Path dir;

    private Path weights;

    private static Path resource(String name) throws URISyntaxException {
        return Paths.get(AdapterCliTest.class.getResource("/fixtures/adapter-cli/" + name).toURI());
    }

    @BeforeEach
    void copyFixtures() throws IOException {
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "resnet20.safetensors")) {
            try (InputStream in = getClass().getResourceAsStream("/fixtures/resnet/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        weights = dir.resolve("resnet20.safetensors");
    }

    /** {@code eval --adapter adapter} logits of the first 32 fixture images against {@code expected}. */
    private void assertEvalGives(Path adapter, Path expected) throws IOException {
        Path csv = dir.resolve("logits-" + adapter.getFileName() + ".csv");
        CliRun.Result r = CliRun.run("eval", "--weights", weights.toString(), "--adapter", adapter.toString(), "--data",
                dir.toString(), "--limit", "32", "--logits", csv.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(adapter.toString(), Json.parseObject(r.lastLine()).string("adapter"));
        float[] want = Safetensors.read(expected).get("logits").data();
        LogitsCsv.assertClose(csv, want, 32, 10, TOL);
    }

    @Test
    void anAdapterWrittenByPyTorchGivesItsLogits() throws Exception {
        assertEvalGives(resource("torch_adapter"), resource("torch_adapter-logits.safetensors"));
    }

    @Test
    void trainAdapterRankTrainsOnlyTheAdapterAndPyTorchReadsIt() throws Exception {
        Path run = dir.resolve("run");
        CliRun.Result r = CliRun.run("train", "--model", "resnet20", "--base", weights.toString(), "--adapter-rank", "2",
                "--adapter-targets", "conv2,fc", "--epochs", "1", "--limit", "64", "--batch", "32", "--lr", "0.05",
                "--out", run.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Path adapter = run.resolve(TrainCommand.ADAPTER_DIR);
        JsonObject config = Json.parseObject(Files.readString(adapter.resolve(PeftFormat.CONFIG)));
        assertEquals(2, config.integer("r"));
        assertEquals(4.0, config.number("lora_alpha"));
        assertEquals(List.of("conv2", "fc"), config.get("target_modules"));
        Map<String, Tensor> tensors = Safetensors.read(adapter.resolve(PeftFormat.WEIGHTS));
        assertEquals(2 * (9 + 1), tensors.size(), "lora_A and lora_B on the 9 blocks' conv2 and on fc");
        Tensor fcB = tensors.get("base_model.model.fc.lora_B.weight");
        assertTrue(fcB.toArray()[0] != 0 || fcB.toArray()[1] != 0, "B trained off zero");
        // The backbone is frozen: every weight and batch-norm statistic as it came in --base.
        Map<String, Tensor> base = Safetensors.read(weights), after = Safetensors.read(run.resolve("model.safetensors"));
        assertEquals(base.keySet(), after.keySet());
        base.forEach((k, t) -> assertArrayEquals(t.toArray(), after.get(k).toArray(), k + " unchanged"));

        boolean regenerate = Boolean.getBoolean("residuum.regenerate");
        if (regenerate) { // then run scripts/fixtures/make_adapter_cli_fixtures.py, and this test again
            Path src = Paths.get("src", "test", "resources", "fixtures", "adapter-cli", "residuum_adapter");
            Files.createDirectories(src);
            for (String f : List.of(PeftFormat.CONFIG, PeftFormat.WEIGHTS)) {
                Files.copy(adapter.resolve(f), src.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        Path committed = resource("residuum_adapter");
        // The committed adapter is one this command wrote: same configuration, same tensors and shapes.
        assertEquals(config, Json.parseObject(Files.readString(committed.resolve(PeftFormat.CONFIG))));
        Map<String, Tensor> old = Safetensors.read(committed.resolve(PeftFormat.WEIGHTS));
        assertEquals(tensors.keySet(), old.keySet());
        tensors.forEach((k, t) -> assertEquals(t.shape(), old.get(k).shape(), k));
        assertEvalGives(committed, resource("residuum_adapter-logits.safetensors"));
    }

    @Test
    void anAdapterResiduumCannotApplyIsOneLineAndExitTwo() throws Exception {
        Path bad = dir.resolve("dora");
        Files.createDirectories(bad);
        Files.copy(resource("torch_adapter/" + PeftFormat.WEIGHTS), bad.resolve(PeftFormat.WEIGHTS));
        Files.writeString(bad.resolve(PeftFormat.CONFIG), Files.readString(resource("torch_adapter/"
                + PeftFormat.CONFIG)).replace("\"use_dora\": false", "\"use_dora\": true"));
        CliRun.Result r = CliRun.run("eval", "--weights", weights.toString(), "--adapter", bad.toString(), "--data",
                dir.toString(), "--limit", "4");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("use_dora") && r.err().strip().split("\n").length == 1, r.err());
        CliRun.Result noRank = CliRun.run("train", "--adapter-alpha", "3", "--out", dir.resolve("x").toString());
        assertEquals(2, noRank.status());
        assertTrue(noRank.err().contains("--adapter-rank"), noRank.err());
    }
}
