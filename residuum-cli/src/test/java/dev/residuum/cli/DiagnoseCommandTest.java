package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code residuum diagnose}: issue 14's JSON, the table, the run folder, bad input. */
class DiagnoseCommandTest {
    @TempDir
    static Path tmp;

    private static List<?> blocks(JsonObject o) {
        return o.list("blocks");
    }

    private static JsonObject block(JsonObject o, int i) {
        return (JsonObject) blocks(o).get(i);
    }

    @Test
    void reZeroMlpAtInitialisationIsTheIdentityBlockByBlock() {
        CliRun.Result r = CliRun.run("diagnose", "--model", "mlp-rezero-3", "--width", "8", "--batch", "4", "--json",
                "--quiet");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(List.of("loss", "blocks"), List.copyOf(o.names()).subList(0, 2), "issue 14's order");
        assertEquals("mlp-rezero-3", o.string("model"));
        assertEquals(4, o.integer("batch"));
        assertEquals(3, blocks(o).size());
        for (int i = 0; i < 3; i++) {
            JsonObject b = block(o, i);
            assertEquals("blocks." + i, b.string("name"));
            assertEquals(List.of("name", "grad_input_norm", "jacobian_spectral_norm", "branch_spectral_norm",
                    "min_singular_value", "alpha"), List.copyOf(b.names()).subList(0, 6));
            assertEquals(0, b.number("alpha"), 0);
            assertEquals(1, b.number("jacobian_spectral_norm"), 1e-5, "alpha = 0: the block is the identity");
            assertEquals(1, b.number("min_singular_value"), 1e-5, "alpha = 0: the block is the identity");
            assertTrue(b.number("branch_spectral_norm") > 0, b.toString());
            assertTrue(b.number("grad_input_norm") > 0, b.toString());
        }
        assertEquals(block(o, 0).number("grad_input_norm"), block(o, 2).number("grad_input_norm"), 1e-6,
                "identity blocks pass the gradient on unchanged");
        assertTrue(o.number("loss") > 0 && Double.isFinite(o.number("loss")), r.lastLine());
        assertTrue(r.out().contains("blocks.2 "), "the table: " + r.out());
        assertTrue(!r.err().contains("diagnose:"), "--quiet: " + r.err());
    }

    @Test
    void runFolderHoldsReportJsonWeightsBatchAndTheTwinMatchesItsOwnRun() throws IOException {
        Path out = tmp.resolve("resnet8");
        CliRun.Result r = CliRun.run("diagnose", "--model", "resnet8", "--shortcut", "B", "--batch", "3", "--seed",
                "4", "--max-iterations", "8", "--out", out.toString(), "--json", "--quiet");
        assertEquals(0, r.status(), r.err());
        JsonObject o = Json.parseObject(r.lastLine());
        assertEquals(Json.parseObject(Files.readString(out.resolve("diagnosis.json"))), o, "the file is the line");
        assertEquals("B", o.string("shortcut"));
        assertEquals(List.of("layers.0", "layers.1", "layers.2"),
                blocks(o).stream().map(b -> ((JsonObject) b).string("name")).toList());
        JsonObject twin = o.object("twin");
        assertEquals("plain8", twin.string("model"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("plain8 (twin)") && html.contains("<svg") && html.contains("||dL/dx_l||"), html);
        Map<String, Tensor> batch = Safetensors.read(out.resolve(DiagnoseReport.BATCH));
        assertEquals(List.of(3, 1, 28, 28), java.util.Arrays.stream(batch.get("input").shape().dims()).boxed().toList());
        assertEquals(3, batch.get("labels").numel());

        // the twin is plain8 with resnet8's weights (its projections dropped): the same numbers as plain8 run alone
        Path plainWeights = tmp.resolve("plain8.safetensors");
        CifarResNet plain = new CifarResNet(CifarResNet.Config.of("plain8"), new Rng(0));
        DiagnoseModel.copyShared(loaded(out.resolve("model.safetensors")), plain);
        Safetensors.save(plainWeights, plain, Map.of());
        CliRun.Result alone = CliRun.run("diagnose", "--model", "plain8", "--weights", plainWeights.toString(),
                "--batch", "3", "--seed", "4", "--max-iterations", "8", "--json", "--quiet");
        assertEquals(0, alone.status(), alone.err());
        JsonObject a = Json.parseObject(alone.lastLine());
        assertEquals(a.number("loss"), twin.number("loss"), 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(block(a, i).number("grad_input_norm"), ((JsonObject) twin.list("blocks").get(i))
                    .number("grad_input_norm"), 0);
        }
    }

    private static CifarResNet loaded(Path file) throws IOException {
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet8").withShortcut(CifarResNet.ShortcutKind.B),
                new Rng(1));
        Safetensors.loadInto(file, net);
        return net;
    }

    @Test
    void givenWeightsAreTheOnesMeasured() throws IOException {
        Path file = tmp.resolve("resnet8-seed9.safetensors");
        Safetensors.save(file, new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(9)), Map.of());
        String[] common = {"diagnose", "--model", "resnet8", "--batch", "2", "--max-iterations", "3", "--json", "-q"};
        JsonObject seeded = Json.parseObject(CliRun.run(concat(common, "--seed", "9")).lastLine());
        JsonObject loaded = Json.parseObject(CliRun.run(concat(common, "--seed", "9", "--weights", file.toString()))
                .lastLine());
        JsonObject other = Json.parseObject(CliRun.run(concat(common, "--seed", "3", "--weights", file.toString()))
                .lastLine());
        assertEquals(seeded.number("loss"), loaded.number("loss"), 0);
        assertEquals(seeded.number("loss"), other.number("loss"), 0, "--weights replaces the seed's weights");
        assertEquals(block(seeded, 1).number("grad_input_norm"), block(other, 1).number("grad_input_norm"), 0);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    static Stream<Arguments> badInput() throws IOException {
        Path resnet14 = tmp.resolve("resnet14.safetensors");
        Safetensors.save(resnet14, new CifarResNet(CifarResNet.Config.of("resnet14"), new Rng(0)), Map.of());
        return Stream.of(
                Arguments.of(List.of("--model", "resnet21"), "unknown model 'resnet21'"),
                Arguments.of(List.of("--model", "mlp-wide-3"), "unknown model 'mlp-wide-3'"),
                Arguments.of(List.of("--model", "mlp-plain-0"), "depth D must be at least 1"),
                Arguments.of(List.of("--model", "resnet8", "--batch", "0"), "--batch must be at least 1"),
                Arguments.of(List.of("--model", "resnet8", "--batch", "1001"), "holds only 1000 images"),
                Arguments.of(List.of("--model", "resnet8", "--width", "16"), "--width applies to the mlp-* models"),
                Arguments.of(List.of("--model", "plain8", "--shortcut", "A"), "plain8 has no skips"),
                Arguments.of(List.of("--model", "mlp-residual-2", "--shortcut", "A"), "--shortcut applies to resnetN"),
                Arguments.of(List.of("--model", "resnet8", "--shortcut", "C"), "--shortcut must be A or B"),
                Arguments.of(List.of("--model", "resnet8", "--tol", "2"), "--tol must be in (0, 1)"),
                Arguments.of(List.of("--model", "resnet8", "--max-iterations", "0"), "--max-iterations must be"),
                Arguments.of(List.of("--model", "resnet8", "--estimator", "svd"), "--estimator must be lanczos or"),
                Arguments.of(List.of("--model", "resnet8", "--weights", resnet14.toString()),
                        "is not a resnet8 (shortcut A): "),
                Arguments.of(List.of("--model", "resnet8", "--weights", tmp.resolve("absent").toString()),
                        "no such file"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsOneLineAndStatusTwo(List<String> args, String message) {
        CliRun.Result r = CliRun.run(Stream.concat(Stream.of("diagnose"), args.stream()).toArray(String[]::new));
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }
}
