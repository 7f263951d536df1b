/**
 * Continuous depth: differentiable ODE solvers, the adjoint method, neural and hybrid ODEs.
 *
 * <p>Inside: solvers as data — {@link dev.residuum.ode.ButcherTableau} records
 * ({@link dev.residuum.ode.Tableaus}: Euler, midpoint, Heun, RK4, RK4 3/8; Dormand–Prince 5(4),
 * Bogacki–Shampine 3(2), Tsitouras 5(4)) run by two loops, {@link dev.residuum.ode.FixedStepSolver}
 * and {@link dev.residuum.ode.AdaptiveSolver} (mixed RMS error norm, Hairer's first step, I or PI
 * control, dense output, terminal events), found by name in {@link dev.residuum.ode.Solvers};
 * the entry point {@link dev.residuum.ode.Odeint#solve} with its {@link dev.residuum.ode.Options}
 * and {@link dev.residuum.ode.Solution}; the three gradient modes
 * ({@link dev.residuum.ode.Gradient}); fields from modules ({@link dev.residuum.ode.ModuleField}),
 * the hybrid known-plus-learned field ({@link dev.residuum.ode.HybridField}) and the
 * {@link dev.residuum.ode.NeuralOde} layer.
 *
 * <p><b>Default gradient: backpropagation through the solver.</b> It is the exact gradient of
 * what was computed (the adjoint's is that of the exact flow, off by the solver's error, which
 * matters to an optimiser at loose tolerances), it needs no second solve (the adjoint's backward
 * solve costs about twice the forward's evaluations), and it composes with the tape, so a
 * {@code NeuralOde} inside a larger model just works with {@code loss.backward()}. Its memory
 * grows with the number of steps: choose {@link dev.residuum.ode.Gradient#ADJOINT} for long
 * integrations (memory independent of the step count) or
 * {@link dev.residuum.ode.Gradient#CHECKPOINT} for backprop's exact gradient at a memory of one
 * segment plus the checkpoints.
 *
 * <p>A residual stack {@code x_{k+1} = x_k + h f(x_k)} is the Euler solve of {@code dx/dt = f(x)}
 * with step {@code h}, bit for bit (a test shows it).
 *
 * <p>States are float32 tensors of any shape; a leading batch axis is solved as one system with
 * one step size. Error control and step-size arithmetic are in double.
 *
 * <p>May depend on: {@code dev.residuum.autodiff}, {@code dev.residuum.tensor} and
 * {@code dev.residuum.nn}. Nothing above (train, run, report, cli) is used here.
 */
package dev.residuum.ode;
