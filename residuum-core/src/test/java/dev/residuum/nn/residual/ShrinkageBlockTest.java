package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkageBlockTest extends SeededTest {
    /** A branch for [N, C, L] signals: a per-position linear map would need conv; identity-like scaling suffices. */
    private static final class Scale extends Module {
        private final Parameter w;

        Scale(int channels) {
            w = parameter("weight", Tensor.full(dev.residuum.tensor.Shape.of(1, channels, 1), 1.5f));
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return x.mul(w.value());
        }
    }

    @Test
    void thresholdsLieBetweenZeroAndTheMeanAbsoluteFeature() {
        ShrinkageBlock block = new ShrinkageBlock(new Scale(4), 4, Shortcut.identity(), Activation.Kind.IDENTITY, rng);
        Tensor z = randn(3, 4, 10);
        Tensor tau = block.thresholds(z, true);
        assertTrue(tau.shape().equals(dev.residuum.tensor.Shape.of(3, 4, 1)), "tau broadcasts over positions");
        float[] zd = z.data(), td = tau.data();
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < 4; c++) {
                double meanAbs = 0;
                for (int l = 0; l < 10; l++) meanAbs += Math.abs(zd[(n * 4 + c) * 10 + l]);
                meanAbs /= 10;
                float t = td[n * 4 + c];
                assertTrue(t > 0 && t < meanAbs, "tau " + t + " vs mean|z| " + meanAbs);
            }
        }
    }

    @Test
    void smallFeaturesAreZeroedAndTheBlockIsDifferentiable() {
        ShrinkageBlock block = new ShrinkageBlock(new Scale(3), 3, Shortcut.identity(), Activation.Kind.IDENTITY, rng);
        Tensor x = randn(2, 3, 8);
        Tensor out = block.forward(x, true);
        Tensor shrunk = out.sub(x);
        Tensor z = x.mul(1.5f);
        Tensor tau = block.thresholds(z, true);
        float[] sd = shrunk.data(), zd = z.data(), td = tau.data();
        for (int i = 0; i < sd.length; i++) {
            float t = td[i / 8];
            if (Math.abs(zd[i]) <= t) {
                assertTrue(Math.abs(sd[i]) < 1e-6, "feature below its threshold must vanish");
            } else {
                assertTrue(Math.abs(Math.abs(sd[i]) - (Math.abs(zd[i]) - t)) < 1e-5);
            }
        }
        List<Tensor> params = block.parameters().stream().map(Parameter::value).toList();
        Tensor[] inputs = params.toArray(new Tensor[0]);
        GradCheck.Report r = GradCheck.check(in -> block.forward(x, true), inputs, 1e-2, 3e-3, 2e-2, 5);
        assertTrue(r.passed(), r.worst());
    }

    @Test
    void worksOnVectorsWithAProjection() {
        ShrinkageBlock block = new ShrinkageBlock(new Linear(5, 4, true, rng), 4,
                Shortcut.projection(new Linear(5, 4, false, rng)), Activation.Kind.RELU, rng);
        Tensor y = block.forward(randn(6, 5), false);
        assertTrue(y.shape().equals(dev.residuum.tensor.Shape.of(6, 4)));
        assertTrue(block.namedParameters().containsKey("threshold.fc2.weight"));
    }
}
