package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's must-show: {@code diagnose} against an independent PyTorch computation of the same
 * quantities from the same weights and batch ({@code scripts/diagnose_reference.py}: autograd for the
 * gradients, power iteration on {@code torch.autograd.functional.jvp/vjp} in float64 for the spectral
 * norms). Running PyTorch here would take minutes on a shared 2-core machine, so its output is a
 * fixture per case, made by {@code scripts/fixtures/make_diagnose_fixtures.sh} from the very
 * {@code diagnose} arguments below (seeded random weights, the first 2 images of the sample); none of
 * these nets was used to build the instruments. Bounds: {@code grad_input_norm} to 1e-4 relative,
 * {@code jacobian_spectral_norm} (and {@code branch_spectral_norm}) to 1e-2.
 */
class DiagnoseAgainstPyTorchTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("resnet20-A", "--model resnet20 --seed 11"),
                Arguments.of("resnet20-B-train", "--model resnet20 --shortcut B --seed 12 --train-mode"),
                Arguments.of("plain20", "--model plain20 --seed 13"),
                Arguments.of("mlp-residual-6", "--model mlp-residual-6 --width 32 --seed 14"),
                Arguments.of("mlp-plain-6-train", "--model mlp-plain-6 --width 32 --seed 15 --train-mode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, String args) throws IOException {
        JsonObject torch = fixture(name);
        String[] argv = Stream.concat(Stream.of("diagnose"), Stream.concat(Stream.of(args.split(" ")),
                Stream.of("--batch", "2", "--tol", "1e-4", "--max-iterations", "200", "--json", "--quiet")))
                .toArray(String[]::new);
        CliRun.Result r = CliRun.run(argv);
        assertEquals(0, r.status(), r.err());
        JsonObject ours = Json.parseObject(r.lastLine());
        assertEquals(torch.number("loss"), ours.number("loss"), 1e-5 * torch.number("loss"),
                "loss: the same weights and batch");
        List<?> a = ours.list("blocks"), b = torch.list("blocks");
        assertEquals(b.size(), a.size(), "blocks");
        double grad = 0, jacobian = 0, branch = 0;
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = (JsonObject) a.get(i), y = (JsonObject) b.get(i);
            assertEquals(y.string("name"), x.string("name"));
            grad = Math.max(grad, relative(x, y, "grad_input_norm"));
            jacobian = Math.max(jacobian, relative(x, y, "jacobian_spectral_norm"));
            branch = Math.max(branch, relative(x, y, "branch_spectral_norm"));
        }
        System.out.printf(Locale.ROOT, "diagnose vs PyTorch, %s: max relative difference grad_input_norm %.2e,"
                + " jacobian_spectral_norm %.2e, branch_spectral_norm %.2e%n", name, grad, jacobian, branch);
        assertTrue(grad <= 1e-4, "grad_input_norm: " + grad);
        assertTrue(jacobian <= 1e-2, "jacobian_spectral_norm: " + jacobian);
        assertTrue(branch <= 1e-2, "branch_spectral_norm: " + branch);
    }

    private static double relative(JsonObject ours, JsonObject torch, String key) {
        double t = torch.number(key);
        return Math.abs(ours.number(key) - t) / Math.abs(t);
    }

    private static JsonObject fixture(String name) throws IOException {
        try (InputStream in = DiagnoseAgainstPyTorchTest.class.getResourceAsStream("/fixtures/diagnose/" + name
                + ".json")) {
            assertNotNull(in, "fixture " + name + ": run scripts/fixtures/make_diagnose_fixtures.sh");
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
