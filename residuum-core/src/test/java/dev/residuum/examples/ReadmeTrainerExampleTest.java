package dev.residuum.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.SupervisedObjective;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's {@code Trainer} example, verbatim between the markers, so it stays true. */
class ReadmeTrainerExampleTest {
    @Test
    void theReadmeTrainerExampleFits() throws Exception {
        // README-BEGIN
        Rng rng = new Rng(42);
        Module net = ResidualMlp.builder().inputs(8).width(64).depth(20).outputs(1)
                .activation(Activation.Kind.TANH).scale(ResidualScale.SCALAR).build(rng);
        Tensor x = Tensor.randn(rng, 256, 8);
        Tensor y = x.matmul(Tensor.randn(rng, 8, 1)).tanh();

        TrainerConfig config = new TrainerConfig(30, 32,             // epochs, batch size
                OptimizerFactory.adam(Adam.Config.adam(1e-3)), new LrSchedule.Cosine(30, 0), 42, true);
        TrainingResult result = new Trainer<>(new SupervisedObjective(net, x, y), config).fit();
        System.out.println("loss " + result.epochs().get(0).trainLoss() + " -> " + result.finalTrainLoss());
        // README-END
        assertEquals(30, result.epochs().size());
        assertEquals(30 * 8, result.steps());
        assertTrue(result.finalTrainLoss() < 0.2 * result.epochs().get(0).trainLoss(), result.epochs().toString());
        String readme = Files.readString(Path.of("..", "README.md"));
        String code = Files.readString(Path.of("src/test/java/dev/residuum/examples/ReadmeTrainerExampleTest.java"));
        String example = code.substring(code.indexOf("// README-BEGIN\n") + 16, code.indexOf("// README-END"))
                .stripIndent();
        assertTrue(readme.contains(example), "README.md holds the example verbatim:\n" + example);
    }
}
