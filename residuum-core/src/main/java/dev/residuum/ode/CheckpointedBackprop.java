package dev.residuum.ode;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpointed backpropagation (Griewank's checkpointing, as {@code torch.utils.checkpoint}):
 * the forward solve kept the state before every {@code k}-th step and the size of each step; from
 * the last segment to the first, the segment's steps are run again from its checkpoint with
 * recording on and a vector–Jacobian product carries the cotangent of its end state, plus those of
 * the outputs it produced, back to its start. The same operations as the forward solve, so the
 * gradient is that of backpropagation through the whole solve, with one segment's tape alive at a
 * time.
 */
final class CheckpointedBackprop {
    private CheckpointedBackprop() {
    }

    static Gradients gradients(VectorField field, Options options, double[] times, Tensor[] states, StepLog log,
            Tensor dStates) {
        List<Tensor> params = field.parameters();
        CountedField f = new CountedField(field);
        Solver solver = options.solver();
        float[][] dParams = new float[params.size()][];
        for (int p = 0; p < dParams.length; p++) {
            dParams[p] = new float[params.get(p).numel()];
        }
        Tensor carried = null;
        for (int seg = log.segments() - 1; seg >= 0; seg--) {
            int from = seg * log.every();
            int to = Math.min(log.steps(), from + log.every());
            Tensor start = log.checkpoint(seg).detach().requiresGrad(true);
            Tensor[] outputs = new Tensor[times.length];
            Tensor end;
            try (Graph.GradScope ignored = Graph.enableGrad()) {
                end = solver.replay(f, log, from, to, start, times, outputs);
            }
            List<Tensor> ys = new ArrayList<>();
            List<Tensor> us = new ArrayList<>();
            for (int i = 0; i < outputs.length; i++) {
                if (outputs[i] != null) {
                    ys.add(outputs[i]);
                    us.add(AdjointMethod.slice(dStates, i));
                }
            }
            if (carried != null) {
                ys.add(end);
                us.add(carried);
            }
            Tensor[] inputs = new Tensor[1 + params.size()];
            inputs[0] = start;
            for (int p = 0; p < params.size(); p++) {
                inputs[p + 1] = params.get(p);
            }
            Tensor[] v = Autodiff.vjp(ys.toArray(new Tensor[0]), us.toArray(new Tensor[0]), inputs);
            carried = v[0];
            for (int p = 0; p < dParams.length; p++) {
                float[] g = v[p + 1].data();
                for (int j = 0; j < g.length; j++) {
                    dParams[p][j] += g[j];
                }
            }
        }
        Tensor d0 = AdjointMethod.slice(dStates, 0);
        Tensor flow = carried != null ? carried : Tensor.zeros(d0.shape());
        float[] dx0 = flow.toArray();
        float[] d0v = d0.data();
        for (int j = 0; j < dx0.length; j++) {
            dx0[j] += d0v[j];
        }
        List<Tensor> grads = new ArrayList<>();
        for (int p = 0; p < dParams.length; p++) {
            grads.add(Tensor.wrap(dParams[p], params.get(p).shape()));
        }
        double[] dt = AdjointMethod.timeGradients(f, times, states, dStates, flow);
        return new Gradients(Tensor.wrap(dx0, d0.shape()), grads, params, dt, new SolverStats(f.evaluations(),
                log.steps(), 0));
    }
}
