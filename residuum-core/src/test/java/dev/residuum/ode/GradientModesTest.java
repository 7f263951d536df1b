package dev.residuum.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Reductions;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three gradient modes agree with each other and with finite differences, on a small MLP
 * field {@code 2 -> 16 (tanh) -> 2} over a batch of 3 states, loss {@code <w, states>} with a
 * fixed random {@code w} over three output times.
 *
 * <p>Fixed-step RK4 with 64 steps over [0, 1]: the adjoint's gradient is that of the exact flow,
 * backprop's that of the discrete solve; they differ by the O(h^4) truncation (h = 1/64: ~1e-7
 * relative) plus float32 rounding of the backward solve (~1e-6 relative over 64 steps), well
 * under the 1e-4 asserted.
 */
class GradientModesTest extends SeededTest {
    private static final double[] TIMES = {0, 0.4, 1};
    private Module net;
    private ModuleField field;
    private Tensor x0;
    private Tensor w;

    @BeforeEach
    void build() {
        net = new Sequential(new Linear(2, 16, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(16, 2, true, rng));
        field = ModuleField.autonomous(net);
        x0 = randn(3, 2);
        w = randn(TIMES.length, 3, 2);
    }

    private Options rk4(Gradient g) {
        return Options.defaults().withMethod("rk4").withStep(1.0 / 64).withGradient(g).withCheckpointEvery(5);
    }

    private Gradients backprop(Options o) {
        Tensor leaf = x0.copy().requiresGrad(true);
        Solution s = Odeint.solve(field, leaf, TIMES, o.withGradient(Gradient.BACKPROP));
        return s.gradients(w);
    }

    private Gradients other(Options o, Gradient g) {
        return Odeint.solve(field, x0, TIMES, o.withGradient(g)).gradients(w);
    }

    private float loss(Tensor start, double[] times, Options o) {
        Solution s = Odeint.solve(field, start, times, o.withGradient(Gradient.BACKPROP));
        try (var ignored = dev.residuum.autodiff.Graph.noGrad()) {
            return s.states().mul(w).sum().item();
        }
    }

    static double relativeDifference(Tensor a, Tensor b) {
        float[] x = a.data(), y = b.data();
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (double) (x[i] - y[i]);
            den += (double) y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }

    /** The worst relative difference over dL/dx0 and every dL/dθ. */
    static double worst(Gradients a, Gradients b) {
        double worst = relativeDifference(a.x0(), b.x0());
        for (int p = 0; p < a.parameters().size(); p++) {
            worst = Math.max(worst, relativeDifference(a.parameters().get(p), b.parameters().get(p)));
        }
        return worst;
    }

    @Test
    void adjointEqualsBackpropThroughTheSolver() {
        Gradients bp = backprop(rk4(Gradient.BACKPROP));
        Gradients adj = other(rk4(Gradient.ADJOINT), Gradient.ADJOINT);
        double d = worst(adj, bp);
        System.out.printf("adjoint vs backprop (rk4, 64 steps): worst relative difference %.2e%n", d);
        assertTrue(d < 1e-4, "adjoint vs backprop: " + d);
        assertEquals(bp.t1(), adj.t1(), 1e-4 * Math.abs(bp.t1()));
        assertEquals(bp.t0(), adj.t0(), 1e-4 * Math.abs(bp.t0()));
    }

    @Test
    void adaptiveAdjointEqualsBackpropToTheTolerance() {
        // dopri5 at rtol = atol = 1e-6: the two differ by the solver's error, ~1e-6..1e-5 relative
        Options o = Options.defaults().withTolerances(1e-6, 1e-6);
        Gradients bp = backprop(o);
        Gradients adj = other(o, Gradient.ADJOINT);
        double d = worst(adj, bp);
        System.out.printf("adjoint vs backprop (dopri5, tol 1e-6): worst relative difference %.2e%n", d);
        assertTrue(d < 1e-4, "adaptive adjoint vs backprop: " + d);
    }

    @Test
    void checkpointedEqualsPlainBackprop() {
        for (Options o : new Options[] {rk4(Gradient.CHECKPOINT), Options.defaults().withTolerances(1e-5, 1e-5)
                .withCheckpointEvery(3)}) {
            Gradients bp = backprop(o);
            Gradients cp = other(o, Gradient.CHECKPOINT);
            double d = worst(cp, bp);
            System.out.printf("checkpoint vs backprop (%s): worst relative difference %.2e%n", o.solver().name(), d);
            // the same operations; only the order in which dL/dθ is summed over segments differs
            assertTrue(d < 1e-6, "checkpoint vs backprop: " + d);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // central differences of the float32 loss with step 1e-2 along a random unit direction:
        // truncation ~ 1e-4 |L'''| / 6, rounding ~ 1e-7 |L| / 1e-2; agreement to 1e-3 relative
        Options o = rk4(Gradient.ADJOINT);
        Gradients adj = other(o, Gradient.ADJOINT);
        double eps = 1e-2;
        // x0 along a direction
        Tensor v = unit(List.of(randn(3, 2))).get(0);
        double fd = (loss(axpy(x0, eps, v), TIMES, o) - loss(axpy(x0, -eps, v), TIMES, o)) / (2 * eps);
        double an = dot(adj.x0(), v);
        assertEquals(fd, an, 1e-3 * Math.abs(an) + 1e-5, "dL/dx0 . v");
        // the parameters along a direction
        List<Tensor> params = field.parameters();
        List<Tensor> raw = new ArrayList<>();
        for (Tensor p : params) {
            raw.add(Tensor.randn(rng, p.shape().dims()));
        }
        List<Tensor> dirs = unit(raw);
        double an2 = 0;
        for (int p = 0; p < params.size(); p++) {
            an2 += dot(adj.parameters().get(p), dirs.get(p));
        }
        shift(params, dirs, eps);
        double plus = loss(x0, TIMES, o);
        shift(params, dirs, -2 * eps);
        double minus = loss(x0, TIMES, o);
        shift(params, dirs, eps);
        assertEquals((plus - minus) / (2 * eps), an2, 1e-3 * Math.abs(an2) + 1e-5, "dL/dθ . v");
        // the start and end times
        double[] t1p = TIMES.clone(), t1m = TIMES.clone(), t0p = TIMES.clone(), t0m = TIMES.clone();
        t1p[2] += eps;
        t1m[2] -= eps;
        t0p[0] += eps;
        t0m[0] -= eps;
        assertEquals((loss(x0, t1p, o) - loss(x0, t1m, o)) / (2 * eps), adj.t1(), 1e-3 * Math.abs(adj.t1()) + 1e-5);
        assertEquals((loss(x0, t0p, o) - loss(x0, t0m, o)) / (2 * eps), adj.t0(), 1e-3 * Math.abs(adj.t0()) + 1e-5);
    }

    @Test
    void endTimeGradientIsTheFieldDottedWithTheFinalCotangent() {
        Solution s = Odeint.solve(field, x0, TIMES, rk4(Gradient.ADJOINT));
        Gradients g = s.gradients(w);
        Tensor f = field.apply(TIMES[2], s.finalState());
        assertEquals(dot(f, AdjointMethod.slice(w, 2)), g.t1(), 1e-6 * Math.abs(g.t1()));
    }

    @Test
    void lossFunctionFormAndAccumulation() {
        Solution s = Odeint.solve(field, x0, TIMES, rk4(Gradient.ADJOINT));
        Gradients viaLoss = s.gradients(states -> states.mul(w).sum());
        Gradients viaCotangent = s.gradients(w);
        assertEquals(0, relativeDifference(viaLoss.x0(), viaCotangent.x0()), 1e-7);
        net.zeroGrad();
        viaLoss.accumulateIntoParameters();
        viaLoss.accumulateIntoParameters();
        Tensor p0 = net.parameters().get(0).grad();
        assertEquals(2 * viaLoss.parameters().get(0).data()[0], p0.data()[0], 1e-6);
        // backprop through the tape writes the same into .grad as the functional gradient
        net.zeroGrad();
        Tensor leaf = x0.copy().requiresGrad(true);
        Odeint.solve(field, leaf, TIMES, rk4(Gradient.BACKPROP)).states().mul(w).sum().backward();
        assertTrue(relativeDifference(net.parameters().get(0).grad(), viaLoss.parameters().get(0)) < 1e-4);
        assertTrue(relativeDifference(leaf.grad(), viaLoss.x0()) < 1e-4);
    }

    @Test
    void backwardCostCountsWhatTheReversePassDifferentiates() {
        // fixed-step rk4: the reverse pass runs one vjp through each of the 4 stages of every step,
        // as the checkpointed recompute evaluates them again; plus one f per output time for dL/dt
        Options o = rk4(Gradient.BACKPROP);
        Tensor leaf = x0.copy().requiresGrad(true);
        Solution s = Odeint.solve(field, leaf, TIMES, o);
        int steps = s.stats().accepted();
        assertEquals(65, steps, "26 steps to 0.4 and 39 to 1 at h <= 1/64");
        Gradients bp = s.gradients(w);
        assertEquals(new SolverStats(4 * steps + TIMES.length, steps, 0), bp.cost());
        assertEquals(other(o, Gradient.CHECKPOINT).cost(), bp.cost());
        // x0 without a gradient: no dL/dt0, so one evaluation fewer
        Gradients noX0 = Odeint.solve(field, x0, TIMES, o).gradients(w);
        assertEquals(new SolverStats(4 * steps + TIMES.length - 1, steps, 0), noX0.cost());
        // dopri5 on a fast field forced to reject (first step 1): the dropped stages of a rejected
        // step are not differentiated; f(t0, x0) plus six per accepted step, as the one-segment recompute
        VectorField fast = new VectorField() {
            @Override
            public Tensor apply(double t, Tensor x) {
                return field.apply(t, x).mul(20f);
            }

            @Override
            public List<Tensor> parameters() {
                return field.parameters();
            }
        };
        Options adaptive = Options.defaults().withTolerances(1e-6, 1e-6).withFirstStep(1).withCheckpointEvery(1000);
        Solution a = Odeint.solve(fast, x0.copy().requiresGrad(true), TIMES, adaptive);
        assertTrue(a.stats().rejected() > 0, "the test needs a rejected step");
        Gradients abp = a.gradients(w);
        assertEquals(new SolverStats(1 + 6 * a.stats().accepted() + TIMES.length, a.stats().accepted(), 0),
                abp.cost());
        assertEquals(Odeint.solve(fast, x0, TIMES, adaptive.withGradient(Gradient.CHECKPOINT)).gradients(w).cost(),
                abp.cost());
    }

    /** The tensors scaled together to unit total norm. */
    static List<Tensor> unit(List<Tensor> parts) {
        double norm = 0;
        for (Tensor t : parts) {
            norm += dot(t, t);
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : parts) {
            out.add(t.mul((float) (1 / Math.sqrt(norm))));
        }
        return out;
    }

    static Tensor axpy(Tensor x, double a, Tensor v) {
        float[] out = x.toArray();
        float[] vd = v.data();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (a * vd[i]);
        }
        return Tensor.wrap(out, x.shape());
    }

    static double dot(Tensor a, Tensor b) {
        return Reductions.dot(a.data(), b.data());
    }

    private static void shift(List<Tensor> params, List<Tensor> dirs, double eps) {
        for (int p = 0; p < params.size(); p++) {
            float[] d = params.get(p).data();
            float[] v = dirs.get(p).data();
            for (int i = 0; i < d.length; i++) {
                d[i] += (float) (eps * v[i]);
            }
        }
    }
}
