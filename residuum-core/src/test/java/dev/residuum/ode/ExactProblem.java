package dev.residuum.ode;

import dev.residuum.tensor.Tensor;

/** Test problems with exact solutions, evaluated in double. */
enum ExactProblem {
    /** {@code y' = -y}, {@code y(0) = 1}: {@code exp(-t)}. */
    DECAY(4.0) {
        @Override
        VectorField field() {
            return (t, x) -> x.mul(-1f);
        }

        @Override
        Tensor initial() {
            return Tensor.of(new float[] {1f}, 1, 1);
        }

        @Override
        double[] exact(double t) {
            return new double[] {Math.exp(-t)};
        }
    },
    /**
     * {@code x' = A x} with {@code A = [[-0.1, 2], [-2, -0.1]]} (eigenvalues {@code -0.1 ± 2i}), on
     * rows {@code x Aᵀ}; the solution is the matrix exponential
     * {@code e^{-0.1 t} [[cos 2t, sin 2t], [-sin 2t, cos 2t]] x0}.
     */
    SPIRAL(10.0) {
        @Override
        VectorField field() {
            Tensor at = Tensor.of(new float[] {-0.1f, -2f, 2f, -0.1f}, 2, 2); // A transposed
            return (t, x) -> x.matmul(at);
        }

        @Override
        Tensor initial() {
            return Tensor.of(new float[] {1f, 0.5f}, 1, 2);
        }

        @Override
        double[] exact(double t) {
            double d = Math.exp(-0.1 * t), c = Math.cos(2 * t), s = Math.sin(2 * t);
            return new double[] {d * (c * 1 + s * 0.5), d * (-s * 1 + c * 0.5)};
        }
    },
    /** {@code y' = -2 t y}, {@code y(0) = 1}: {@code exp(-t²)}, time-dependent. */
    GAUSSIAN(1.5) {
        @Override
        VectorField field() {
            return (t, x) -> x.mul((float) (-2 * t));
        }

        @Override
        Tensor initial() {
            return Tensor.of(new float[] {1f}, 1, 1);
        }

        @Override
        double[] exact(double t) {
            return new double[] {Math.exp(-t * t)};
        }
    };

    /** The end time used by the tests. */
    final double end;

    ExactProblem(double end) {
        this.end = end;
    }

    abstract VectorField field();

    abstract Tensor initial();

    abstract double[] exact(double t);

    /** The size of the exact solution at the end (errors are relative to it). */
    double scale() {
        double m = 0;
        for (double v : exact(end)) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** The relative error at the end of a fixed-step solve with {@code steps} steps of {@code tableau}. */
    double relativeError(ButcherTableau tableau, int steps) {
        Solution s = Odeint.solve(field(), initial(), new double[] {0, end},
                Options.defaults().withSolver(new FixedStepSolver(tableau)).withStep(end / steps).withMaxSteps(1 << 20));
        return error(s.finalState(), end) / scale();
    }

    /** The largest absolute difference between a computed state and the exact one at {@code t}. */
    double error(Tensor x, double t) {
        double[] e = exact(t);
        float[] d = x.data();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(d[i] - e[i]));
        }
        return worst;
    }
}
