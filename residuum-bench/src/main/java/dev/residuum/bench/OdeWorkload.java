package dev.residuum.bench;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.optim.Adam;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;

/**
 * W5 ({@code node_rk4_train}): a neural ODE f = 2-64-64-2 (tanh), classical RK4 with 100 steps
 * of h = 0.01, batch 256, MSE against the exact flow of a damped rotation at t = 1,
 * backpropagation through all solver steps, Adam lr 1e-3.
 */
final class OdeWorkload implements Runnable {
    private static final int STEPS = 100;
    private final Module f;
    private final Adam adam;
    private final Tensor x0;
    private final Tensor target;
    private final Workspace workspace = new Workspace();

    OdeWorkload(long seed) {
        Rng rng = new Rng(seed);
        f = new Sequential(new Linear(2, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH), new Linear(64, 2, true, rng));
        adam = new Adam(f.parameters(), Adam.Config.adam(1e-3));
        x0 = Tensor.randn(rng, 256, 2);
        double c = Math.cos(1.0), s = Math.sin(1.0), d = Math.exp(-0.1);
        Tensor rot = Tensor.of(new float[] {(float) (c * d), (float) (s * d), (float) (-s * d), (float) (c * d)}, 2, 2);
        target = x0.matmul(rot);
    }

    @Override
    public void run() {
        adam.zeroGrad();
        try (Workspace.Scope scope = workspace.enter()) {
            float h = 1f / STEPS;
            Tensor halfH = Tensor.scalar(0.5f * h), fullH = Tensor.scalar(h), sixth = Tensor.scalar(h / 6f);
            Tensor two = Tensor.scalar(2f);
            Tensor x = x0;
            for (int i = 0; i < STEPS; i++) {
                Tensor k1 = f.forward(x, true);
                Tensor k2 = f.forward(x.add(k1.mul(halfH)), true);
                Tensor k3 = f.forward(x.add(k2.mul(halfH)), true);
                Tensor k4 = f.forward(x.add(k3.mul(fullH)), true);
                x = x.add(k1.add(k2.mul(two)).add(k3.mul(two)).add(k4).mul(sixth));
            }
            x.mse(target).backward();
        }
        adam.step();
    }
}
