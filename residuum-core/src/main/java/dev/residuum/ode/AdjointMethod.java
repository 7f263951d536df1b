package dev.residuum.ode;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The adjoint method (Pontryagin; Chen, Rubanova, Bettencourt, Duvenaud, "Neural Ordinary
 * Differential Equations", NeurIPS 2018, Algorithm 1): between consecutive output times, the
 * augmented system
 *
 * <pre>
 *   dx/dt = f(t, x),   da/dt = -aᵀ ∂f/∂x,   d(dL/dθ)/dt = -aᵀ ∂f/∂θ
 * </pre>
 *
 * is solved backwards with the forward solve's solver and options, from {@code [x(t_i), a,
 * dL/dθ]}; at each output time the state is reset to the forward solution there (as torchdiffeq
 * does, so the backward run of x does not drift) and {@code dL/dx(t_i)} is added to {@code a}. The
 * products {@code aᵀ ∂f/∂x} and {@code aᵀ ∂f/∂θ} come from one {@link Autodiff#vjp} per stage on
 * a recording of that one evaluation; nothing outlives the stage, so memory does not grow with
 * the number of steps.
 */
final class AdjointMethod {
    private AdjointMethod() {
    }

    static Gradients gradients(VectorField field, Options options, double[] times, Tensor[] states, Tensor dStates) {
        List<Tensor> params = field.parameters();
        Shape shape = states[0].shape();
        int n = shape.numel();
        int total = 2 * n;
        for (Tensor p : params) {
            total += p.numel();
        }
        CountedField augmented = new CountedField(new Augmented(field, shape, params, total));
        Options backward = options.withEvent(null);
        Solver solver = options.solver();
        float[] adjoint = slice(dStates, times.length - 1).toArray();
        float[] paramAdjoint = new float[total - 2 * n];
        int accepted = 0, rejected = 0;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            for (int i = times.length - 1; i >= 1; i--) {
                float[] start = new float[total];
                System.arraycopy(states[i].data(), 0, start, 0, n);
                System.arraycopy(adjoint, 0, start, n, n);
                System.arraycopy(paramAdjoint, 0, start, 2 * n, paramAdjoint.length);
                Trajectory back = solver.integrate(augmented, Tensor.wrap(start, Shape.of(total)),
                        new double[] {times[i], times[i - 1]}, backward, null);
                accepted += back.accepted;
                rejected += back.rejected;
                float[] end = back.outputs[1].data();
                adjoint = Arrays.copyOfRange(end, n, 2 * n);
                paramAdjoint = Arrays.copyOfRange(end, 2 * n, total);
                if (i > 1) {
                    float[] d = slice(dStates, i - 1).data();
                    for (int j = 0; j < n; j++) {
                        adjoint[j] += d[j];
                    }
                }
            }
        }
        Tensor flow = Tensor.wrap(adjoint, shape);
        float[] dx0 = adjoint.clone();
        float[] d0 = slice(dStates, 0).data();
        for (int j = 0; j < n; j++) {
            dx0[j] += d0[j];
        }
        List<Tensor> dParams = new ArrayList<>();
        int offset = 0;
        for (Tensor p : params) {
            dParams.add(Tensor.wrap(Arrays.copyOfRange(paramAdjoint, offset, offset + p.numel()), p.shape()));
            offset += p.numel();
        }
        CountedField timeField = new CountedField(field);
        double[] dt = timeGradients(timeField, times, states, dStates, flow);
        return new Gradients(Tensor.wrap(dx0, shape), dParams, params, dt,
                new SolverStats(augmented.evaluations() + timeField.evaluations(), accepted, rejected));
    }

    /**
     * {@code dL/dt_i = <dL/dx_i, f(t_i, x_i)>} for {@code i >= 1} and
     * {@code dL/dt_0 = -<flow, f(t_0, x_0)>}; NaN for {@code t_0} without a flow adjoint.
     */
    static double[] timeGradients(CountedField field, double[] times, Tensor[] states, Tensor dStates, Tensor flow) {
        double[] dt = new double[times.length];
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            for (int i = 0; i < times.length; i++) {
                if (i == 0 && flow == null) {
                    dt[0] = Double.NaN;
                    continue;
                }
                float[] f = field.apply(times[i], states[i]).data();
                float[] u = i == 0 ? flow.data() : slice(dStates, i).data();
                double dot = 0;
                for (int j = 0; j < f.length; j++) {
                    dot += (double) u[j] * f[j];
                }
                dt[i] = i == 0 ? -dot : dot;
            }
        }
        return dt;
    }

    /** Row {@code i} of a stacked tensor {@code [T, ...]}, as a tensor of the trailing shape (a copy). */
    static Tensor slice(Tensor stacked, int i) {
        int[] dims = stacked.shape().dims();
        Shape shape = Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
        int n = shape.numel();
        return Tensor.wrap(Arrays.copyOfRange(stacked.data(), i * n, (i + 1) * n), shape);
    }

    /** The augmented field on the flat state {@code [x, a, dL/dθ]}. */
    private static final class Augmented implements VectorField {
        private final VectorField field;
        private final Shape shape;
        private final List<Tensor> params;
        private final int total;

        Augmented(VectorField field, Shape shape, List<Tensor> params, int total) {
            this.field = field;
            this.shape = shape;
            this.params = params;
            this.total = total;
        }

        @Override
        public Tensor apply(double t, Tensor state) {
            int n = shape.numel();
            float[] s = state.data();
            Tensor x = Tensor.wrap(Arrays.copyOfRange(s, 0, n), shape).requiresGrad(true);
            Tensor a = Tensor.wrap(Arrays.copyOfRange(s, n, 2 * n), shape);
            Tensor fx;
            try (Graph.GradScope ignored = Graph.enableGrad()) {
                fx = field.apply(t, x);
            }
            Tensor[] inputs = new Tensor[1 + params.size()];
            inputs[0] = x;
            for (int p = 0; p < params.size(); p++) {
                inputs[p + 1] = params.get(p);
            }
            Tensor[] v = Autodiff.vjp(new Tensor[] {fx}, new Tensor[] {a}, inputs);
            float[] out = new float[total];
            System.arraycopy(fx.data(), 0, out, 0, n);
            int offset = n;
            for (Tensor g : v) {
                float[] gd = g.data();
                for (int j = 0; j < gd.length; j++) {
                    out[offset + j] = -gd[j];
                }
                offset += gd.length;
            }
            return Tensor.wrap(out, Shape.of(total));
        }
    }
}
