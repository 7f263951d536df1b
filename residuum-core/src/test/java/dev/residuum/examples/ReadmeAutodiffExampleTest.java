package dev.residuum.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's functional-derivatives example, verbatim between the markers, so it stays true. */
class ReadmeAutodiffExampleTest {
    @Test
    void theReadmeAutodiffExampleRuns() throws Exception {
        // README-BEGIN
        Rng rng = new Rng(7);
        Module block = ResidualMlp.builder().inputs(16).width(16).depth(1).outputs(16).build(rng);
        Tensor x = Tensor.randn(rng, 32, 16);

        // record once at x, then any number of products J v (forward mode) and J^T u (reverse mode)
        Autodiff.Linearization lin = Autodiff.linearize(t -> block.forward(t, false), x);
        Tensor v = Tensor.randn(rng, 32, 16);
        double sigma = 0;                                   // power iteration for ||J||_2 on J^T J
        for (int i = 0; i < 50; i++) {
            Tensor w = lin.vjp(lin.jvp(v));
            double norm = Math.sqrt(w.mul(w).sum().item());
            sigma = Math.sqrt(norm / Math.sqrt(v.mul(v).sum().item()));
            v = w.mul((float) (1 / norm));
        }
        System.out.println("spectral norm of the block's Jacobian: " + sigma);

        Tensor loss = block.forward(x.copy().requiresGrad(true), true).pow(2f).mean();
        Tensor[] g = Autodiff.grad(loss, block.parameters().get(0).value());  // no .grad is written
        // README-END
        assertTrue(sigma > 0.5 && sigma < 10, "sigma " + sigma);
        assertEquals(block.parameters().get(0).value().shape(), g[0].shape());
        for (Parameter p : block.parameters()) {
            assertNull(p.grad(), "the example must not write .grad");
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        String code = Files.readString(Path.of("src/test/java/dev/residuum/examples/ReadmeAutodiffExampleTest.java"));
        String example = code.substring(code.indexOf("// README-BEGIN\n") + 16, code.indexOf("// README-END"))
                .stripIndent();
        assertTrue(readme.contains(example), "README.md holds the example verbatim:\n" + example);
    }
}
