package dev.residuum.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import org.junit.jupiter.api.Test;

/** The Java example of the README, verbatim between the markers, so it stays true. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleTrainsAndPredicts() {
        float first = Float.NaN, last = Float.NaN;
        // README-BEGIN
        Rng rng = new Rng(42);
        Module net = ResidualMlp.builder().inputs(8).width(64).depth(100).outputs(1)
                .activation(Activation.Kind.TANH)
                .scale(ResidualScale.SCALAR)                 // ReZero: alpha starts at 0
                .build(rng);
        Adam adam = new Adam(net.parameters(), Adam.Config.adam(1e-3));

        Tensor x = Tensor.randn(rng, 256, 8);
        Tensor y = x.matmul(Tensor.randn(rng, 8, 1)).tanh();  // a target to learn

        Workspace workspace = new Workspace();               // reuses buffers from step to step
        for (int step = 0; step < 200; step++) {
            adam.zeroGrad();
            try (Workspace.Scope scope = workspace.enter()) {
                Tensor loss = net.forward(x, true).mse(y);   // training = true
                loss.backward();
                if (step % 50 == 0) System.out.println("step " + step + " loss " + loss.item());
                // README-END
                if (step == 0) first = loss.item();
                last = loss.item();
                // README-BEGIN
            }
            adam.step();
        }

        Tensor prediction;
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            prediction = net.forward(x, false);              // evaluation, nothing recorded
        }
        // README-END
        assertEquals(256, prediction.shape().dim(0));
        assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);
    }
}
