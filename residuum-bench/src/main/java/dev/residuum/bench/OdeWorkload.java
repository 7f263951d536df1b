package dev.residuum.bench;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.ode.Gradient;
import dev.residuum.ode.ModuleField;
import dev.residuum.ode.Odeint;
import dev.residuum.ode.Options;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;

/**
 * W5 ({@code node_rk4_train}): a neural ODE f = 2-64-64-2 (tanh), classical RK4 with 100 steps
 * of h = 0.01, batch 256, MSE against the exact flow of a damped rotation at t = 1,
 * backpropagation through all solver steps, Adam lr 1e-3. The solve is the library's
 * ({@link Odeint} with the {@code rk4} tableau and {@link Gradient#BACKPROP}), not a loop written
 * for the benchmark.
 */
final class OdeWorkload implements Runnable {
    private static final int STEPS = 100;
    private final Module f;
    private final Adam adam;
    private final Tensor x0;
    private final Tensor target;
    private final Workspace workspace = new Workspace();
    private final ModuleField field;
    private final Options options = Options.defaults().withMethod("rk4").withStep(1.0 / STEPS);
    private static final double[] TIMES = {0, 1};

    OdeWorkload(long seed) {
        Rng rng = new Rng(seed);
        f = new Sequential(new Linear(2, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH), new Linear(64, 2, true, rng));
        adam = new Adam(f.parameters(), Adam.Config.adam(1e-3));
        x0 = Tensor.randn(rng, 256, 2);
        double c = Math.cos(1.0), s = Math.sin(1.0), d = Math.exp(-0.1);
        Tensor rot = Tensor.of(new float[] {(float) (c * d), (float) (s * d), (float) (-s * d), (float) (c * d)}, 2, 2);
        target = x0.matmul(rot);
        field = new ModuleField(f, false, true);
    }

    @Override
    public void run() {
        adam.zeroGrad();
        try (Workspace.Scope scope = workspace.enter()) {
            Odeint.solve(field, x0, TIMES, options).finalState().mse(target).backward();
        }
        adam.step();
    }
}
