package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidualBlockTest extends SeededTest {
    private Sequential branch(int width) {
        return new Sequential(new Linear(width, width, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(width, width, true, rng));
    }

    @Test
    void reZeroStartsAsTheIdentity() {
        ResidualBlock block = ResidualBlock.builder().branch(branch(8)).scalarScale(0f).build();
        Tensor x = randn(5, 8);
        assertArrayEquals(x.data(), block.forward(x, true).data());
        // a module's own parameters come before its children's, as in PyTorch's named_parameters()
        assertEquals(List.of("alpha", "branch.0.weight", "branch.0.bias", "branch.2.weight", "branch.2.bias"),
                List.copyOf(block.namedParameters().keySet()));
    }

    @Test
    void zeroInitLastStartsAsTheShortcut() {
        ResidualBlock block = ResidualBlock.builder().branch(branch(6)).zeroInitLast(true).build();
        Tensor x = randn(3, 6);
        assertArrayEquals(x.data(), block.forward(x, false).data());
    }

    @Test
    void zeroInitWithAlphaAtZeroIsRejectedBecauseNeitherCouldLearn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResidualBlock.builder().branch(branch(4)).scalarScale(0f).zeroInitLast(true).build());
        assertTrue(e.getMessage().contains("zeroInitLast"), e.getMessage());
    }

    @Test
    void dLossDAlphaEqualsGradYDotBranchOutput() {
        ResidualBlock block = ResidualBlock.builder().branch(branch(8)).scalarScale(0.3f).build();
        Tensor x = randn(4, 8);
        Tensor target = randn(4, 8);
        Tensor y = block.forward(x, true).retainGrad();
        y.mse(target).backward();
        float autodiff = block.alpha().grad().item();
        Tensor f = block.branchOutput(x, true);
        double direct = 0;
        float[] g = y.grad().data(), fd = f.data();
        for (int i = 0; i < g.length; i++) {
            direct += (double) g[i] * fd[i];
        }
        assertEquals(direct, autodiff, 1e-6 * Math.max(1, Math.abs(direct)));
        // at alpha = 0 (ReZero's start) the branch's weights get no gradient, but alpha does
        ResidualBlock rezero = ResidualBlock.builder().branch(branch(8)).scalarScale(0f).build();
        rezero.forward(x, true).mse(target).backward();
        assertTrue(Math.abs(rezero.alpha().grad().item()) > 0);
        Tensor w = rezero.namedParameters().get("branch.2.weight").grad();
        for (float v : w.data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void perChannelScaleAndProjectionShortcutAreDifferentiable() {
        Module proj = new Linear(5, 3, false, rng);
        ResidualBlock block = ResidualBlock.builder()
                .branch(new Sequential(new Linear(5, 3, true, rng), new Activation(Activation.Kind.TANH)))
                .shortcut(Shortcut.projection(proj)).perChannelScale(3, 0.5f)
                .activation(Activation.Kind.SOFTPLUS).build();
        assertTrue(block.namedParameters().containsKey("shortcut.proj.weight"));
        assertEquals(3, block.alpha().numel());
        List<Tensor> params = block.parameters().stream().map(p -> p.value()).toList();
        Tensor x = randn(4, 5);
        Tensor[] inputs = new Tensor[params.size() + 1];
        inputs[0] = x;
        for (int i = 0; i < params.size(); i++) {
            inputs[i + 1] = params.get(i);
        }
        GradCheck.Report r = GradCheck.check(in -> block.forward(in[0], true), inputs, 1e-2, 2e-3, 1e-2, 3);
        assertTrue(r.passed(), r.worst());
    }

    @Test
    void shapeMismatchWithoutProjectionIsExplained() {
        ResidualBlock block = ResidualBlock.builder().branch(new Linear(4, 3, true, rng)).build();
        Exception e = assertThrows(RuntimeException.class, () -> block.forward(randn(2, 4), true));
        assertTrue(e.getMessage().contains("projection shortcut"), e.getMessage());
    }

    @Test
    void unknownOptionsAndNullsAreRejectedWithTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResidualScale.parse("sometimes"));
        assertTrue(e.getMessage().contains("rezero") && e.getMessage().contains("per-channel"), e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> Activation.Kind.parse("gelu"));
        assertTrue(a.getMessage().contains("tanh"), a.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> ResidualBlock.builder().branch(null));
        assertEquals("branch", n.getMessage());
        assertThrows(IllegalStateException.class, () -> ResidualBlock.builder().build());
    }
}
