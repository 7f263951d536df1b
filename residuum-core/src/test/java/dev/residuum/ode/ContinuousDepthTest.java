package dev.residuum.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A residual stack is an Euler solve; the neural ODE layer; the hybrid field starts as the known model. */
class ContinuousDepthTest extends SeededTest {
    /** {@code h * f(x)}: the branch of a residual block that is one Euler step. */
    private static final class Scaled extends Module {
        private final Module f;
        private final float h;

        Scaled(Module f, float h) {
            this.f = child("f", f);
            this.h = h;
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return f.forward(x, training).mul(h);
        }
    }

    private Module mlp(int in, int out) {
        return new Sequential(new Linear(in, 8, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(8, out, true, rng));
    }

    @Test
    void residualStackSharingOneFieldIsTheEulerSolveBitForBit() {
        Module f = mlp(3, 3);
        double horizon = 1.7;
        int n = 50;
        float h = (float) (horizon / n);
        List<Module> blocks = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            blocks.add(ResidualBlock.builder().branch(new Scaled(f, h)).build());
        }
        Sequential stack = new Sequential(blocks);
        Tensor x0 = randn(4, 3);

        Tensor leafA = x0.copy().requiresGrad(true);
        Tensor residual = stack.forward(leafA, false);
        Tensor leafB = x0.copy().requiresGrad(true);
        Tensor euler = Odeint.solve(ModuleField.autonomous(f), leafB, new double[] {0, horizon},
                Options.defaults().withMethod("euler").withStep(horizon / n)).finalState();
        assertArrayEquals(residual.data(), euler.data(), "values");

        Tensor w = randn(4, 3);
        residual.mul(w).sum().backward();
        List<float[]> stackGrads = new ArrayList<>();
        for (Parameter p : f.parameters()) {
            stackGrads.add(p.grad().toArray());
        }
        float[] stackX = leafA.grad().toArray();
        f.zeroGrad();
        euler.mul(w).sum().backward();
        assertArrayEquals(stackX, leafB.grad().data(), "dL/dx0");
        for (int p = 0; p < stackGrads.size(); p++) {
            assertArrayEquals(stackGrads.get(p), f.parameters().get(p).grad().data(), "dL/dθ " + p);
        }
    }

    @Test
    void neuralOdeForwardIsTheSolveAndBackpropagates() {
        Module f = mlp(2, 2);
        NeuralOde ode = new NeuralOde(f, false, 1.0, Options.defaults().withMethod("rk4").withStep(0.1));
        Tensor x = randn(5, 2);
        Tensor y = ode.forward(x, false);
        Tensor direct = Odeint.solve(ModuleField.autonomous(f), x, new double[] {0, 1},
                Options.defaults().withMethod("rk4").withStep(0.1)).finalState();
        assertArrayEquals(direct.data(), y.data());
        y.mul(y).sum().backward();
        for (Parameter p : ode.parameters()) {
            assertTrue(p.grad() != null, "every parameter gets a gradient");
        }
        assertTrue(ode.namedParameters().containsKey("f.0.weight"));
    }

    @Test
    void timeDependentNeuralOdeSeesTheTime() {
        Module f = mlp(3, 2);
        NeuralOde ode = new NeuralOde(f, true, 1.0, Options.defaults());
        Tensor x = randn(4, 2);
        Tensor a = ode.forward(x, false);
        Tensor constant = Odeint.solve((t, s) -> f.forward(dev.residuum.autodiff.Shaping.concat(1, s,
                Tensor.zeros(s.shape().dim(0), 1)), false), x, new double[] {0, 1}, Options.defaults()).finalState();
        assertNotEquals(a.data()[0], constant.data()[0], "t enters the field");
        NeuralOde adjoint = new NeuralOde(f, true, 1.0, Options.defaults().withGradient(Gradient.ADJOINT));
        assertThrows(IllegalStateException.class, () -> adjoint.forward(x, false));
        Gradients g = adjoint.solve(x, new double[] {0, 1}, false).gradients(s -> s.mul(s).sum());
        assertTrue(g.parameters().size() == 4);
    }

    @Test
    void untrainedHybridIsTheKnownModelBitForBit() {
        Tensor a = Tensor.of(new float[] {-0.1f, 2f, -2f, -0.1f}, 2, 2);
        HybridField hybrid = HybridField.linear(a, mlp(2, 2));
        Tensor x0 = randn(3, 2);
        Options o = Options.defaults();
        Tensor at = a.t().copy();
        Solution known = Odeint.solve((t, x) -> x.matmul(at), x0, new double[] {0, 1, 2}, o);
        Solution both = Odeint.solve(hybrid, x0, new double[] {0, 1, 2}, o);
        assertArrayEquals(known.states().data(), both.states().data());
        // the correction still learns: its last layer gets a gradient
        Gradients g = Odeint.solve(hybrid, x0, new double[] {0, 2}, o.withGradient(Gradient.ADJOINT))
                .gradients(s -> s.mul(s).sum());
        float[] lastWeight = g.parameters().get(2).data();
        double norm = 0;
        for (float v : lastWeight) {
            norm += v * v;
        }
        assertTrue(norm > 0, "the zeroed last layer has a gradient");
    }

    @Test
    void hybridOfAnyKnownFunction() {
        VectorField pendulum = (t, x) -> {
            Tensor theta = x.slice(1, 0, 1), omega = x.slice(1, 1, 2);
            return dev.residuum.autodiff.Shaping.concat(1, omega, theta.mul(-1f));
        };
        HybridField hybrid = new HybridField(pendulum, ModuleField.autonomous(mlp(2, 2)));
        Tensor x0 = randn(2, 2);
        assertArrayEquals(Odeint.solve(pendulum, x0, new double[] {0, 1}, Options.defaults()).finalState().data(),
                Odeint.solve(hybrid, x0, new double[] {0, 1}, Options.defaults()).finalState().data());
        assertThrows(IllegalArgumentException.class, () -> new HybridField(pendulum,
                ModuleField.autonomous(new Activation(Activation.Kind.TANH))));
    }
}
