package dev.residuum.optim;

import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Parallel;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Updates parameters from their gradients, with PyTorch's semantics. Parameters without a
 * gradient, and {@link Parameter#isFrozen() frozen} ones, are skipped (their buffers are not
 * created or advanced). State (step count, per-parameter buffers) can be exported and restored,
 * so a resumed run continues exactly.
 *
 * <p>Not sealed: the Riemannian optimizers of {@code dev.residuum.manifold} extend it from a
 * higher layer (Java lets {@code permits} cross packages only inside a named module). Every
 * concrete optimizer is final.
 */
public abstract class Optimizer {
    /** Exported optimizer state: the step count, the learning rate, and named buffers
     * ({@code "3.exp_avg"}: buffer {@code exp_avg} of parameter 3), values copied. */
    public record State(long step, double lr, Map<String, float[]> buffers) {
        public State {
            Objects.requireNonNull(buffers, "buffers");
        }
    }

    /** Below this many scalars in all, the update runs on the calling thread. */
    private static final long PARALLEL_SIZE = 1 << 18;

    /** The parameters this optimizer updates, in the order given (the order of its state in a checkpoint). */
    protected final List<Parameter> params;
    private final long totalSize;
    /** The learning rate of the next step (a schedule sets it between steps). */
    protected double lr;
    /** Steps taken so far (1 during the first step's update). */
    protected long step;
    /** The names of the per-parameter buffers (PyTorch's state keys), in the order they are exported. */
    private final List<String> bufferNames;
    /** Each parameter's index by its value tensor, for {@link #backwardAndStep}; built at its first call. */
    private IdentityHashMap<Tensor, Integer> byValue;
    /** {@code buffers[b][i]}: buffer {@code b} of parameter {@code i}, null until created. */
    private final float[][][] buffers;

    /**
     * An optimizer over {@code params} (not empty, copied) starting at learning rate {@code lr},
     * keeping per parameter the buffers named {@code bufferNames} (PyTorch's state keys, such as
     * {@code "exp_avg"}; buffer {@code b} is the {@code b}-th name), each created at its parameter's
     * first update or restored by {@link #importState}.
     */
    protected Optimizer(List<Parameter> params, double lr, String... bufferNames) {
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("optimizer: got an empty parameter list");
        }
        checkLr(lr);
        this.params = List.copyOf(params);
        this.lr = lr;
        long n = 0;
        for (Parameter p : this.params) {
            n += p.numel();
        }
        this.totalSize = n;
        this.bufferNames = List.of(bufferNames);
        this.buffers = new float[bufferNames.length][this.params.size()][];
    }

    /**
     * Applies one update to every parameter that has a gradient and is not frozen. Parameters
     * are independent, so with several {@link Parallel} threads they are split into contiguous
     * groups (the result is the same whatever the thread count).
     */
    public final void step() {
        step(null);
    }

    /**
     * {@link #step()} with each parameter's gradient completed just before its update, on the
     * thread that updates it, while it is in cache: {@code complete} is called once for every
     * parameter (frozen ones included), then the parameter is updated if it has a gradient and is
     * not frozen. For gradients that are formed parameter by parameter (micro-batch parts summed),
     * the result is that of forming them all and then calling {@code step()}, when {@code complete}
     * touches only the gradient of the parameter it is given.
     *
     * @param complete called on the {@link Parallel} workers, each parameter on the worker that
     *     updates it; null for none
     */
    public final void step(Consumer<Parameter> complete) {
        step++;
        Parallel.forRange(params.size(), totalSize, PARALLEL_SIZE, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (complete != null) {
                    complete.accept(params.get(i));
                }
                updateIfReady(i);
            }
        });
    }

    /**
     * {@code loss.backward()} and then {@link #step()}, fused: each parameter's update is applied
     * as soon as the reverse pass has completed its gradient ({@link Graph.GradientReady}), while
     * the gradient is still in cache, instead of in a second pass over all parameters and their
     * state. The result is bit for bit that of {@code loss.backward(); step();}, since a
     * parameter's update reads only its own value, gradient and state, and the rest of the pass
     * no longer reads the parameter. Parameters the pass does not reach are updated after it, as
     * {@code step()} would (from a gradient left by an earlier pass, if any). Use the two calls
     * instead when something must see the gradients in between (clipping, summing across
     * workers, logging their norms). If the pass throws (anomaly mode), the parameters whose
     * gradients were complete before have been updated, and the step counts.
     *
     * <p>With several {@link Parallel} threads this is plain {@code backward(); step();}: there
     * the step's pass split over the threads measured faster on W6-1000 (21.1 steps/s) than
     * updates applied one by one during the pass (19.4), or handed to a worker in groups
     * during the pass (19.8); at one thread the fused form measured 20.5 against 19.1.
     *
     * @param loss a one-element tensor that requires a gradient
     */
    public final void backwardAndStep(Tensor loss) {
        if (Parallel.threads() > 1) { // the step's parallel pass is faster there (measured; see above)
            Graph.backward(loss, null);
            step();
            return;
        }
        IdentityHashMap<Tensor, Integer> indexOf = indexByValue();
        boolean[] updated = new boolean[params.size()];
        step++;
        try {
            Graph.backward(loss, null, leaf -> {
                Integer i = indexOf.get(leaf);
                if (i != null) {
                    updated[i] = true;
                    updateIfReady(i);
                }
            });
        } catch (RuntimeException | Error e) {
            boolean any = false;
            for (boolean u : updated) {
                any |= u;
            }
            if (!any) {
                step--; // refused before any update (a loss without a gradient, a freed graph)
            }
            throw e;
        }
        for (int i = 0; i < params.size(); i++) {
            if (!updated[i]) {
                updateIfReady(i);
            }
        }
    }

    /** Each parameter's index by its value tensor (parameters and their tensors never change: built once). */
    private IdentityHashMap<Tensor, Integer> indexByValue() {
        if (byValue == null) {
            IdentityHashMap<Tensor, Integer> index = new IdentityHashMap<>(params.size() * 2);
            for (int i = 0; i < params.size(); i++) {
                index.put(params.get(i).value(), i);
            }
            byValue = index;
        }
        return byValue;
    }

    private void updateIfReady(int i) {
        Parameter p = params.get(i);
        if (p.grad() != null && !p.isFrozen()) {
            update(i, p.value().data(), p.grad().data());
        }
    }

    /** The update of parameter {@code index}: {@code value} modified, {@code grad} not modified. */
    protected abstract void update(int index, float[] value, float[] grad);

    /** Zeroes every gradient, keeping the buffers. */
    public final void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** The current learning rate. */
    public final double lr() {
        return lr;
    }

    /** Sets the learning rate (schedules call this). */
    public final void setLr(double lr) {
        checkLr(lr);
        this.lr = lr;
    }

    /** Number of steps taken. */
    public final long steps() {
        return step;
    }

    /** A copy of the state. */
    public final State exportState() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (Map.Entry<String, float[]> e : buffers(i).entrySet()) {
                if (e.getValue() != null) {
                    out.put(i + "." + e.getKey(), e.getValue().clone());
                }
            }
        }
        return new State(step, lr, out);
    }

    /**
     * Restores a state from {@link #exportState()} of an optimizer of the same kind over
     * parameters of the same shapes.
     *
     * @throws IllegalArgumentException naming an unknown or mis-sized buffer
     */
    public final void importState(State state) {
        Objects.requireNonNull(state, "state");
        for (Map.Entry<String, float[]> e : state.buffers().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int index;
            try {
                index = Integer.parseInt(key.substring(0, Math.max(dot, 0)));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("optimizer state: malformed key '" + key + "'");
            }
            if (index < 0 || index >= params.size()) {
                throw new IllegalArgumentException("optimizer state: key '" + key + "' names parameter " + index
                        + " but there are " + params.size());
            }
            if (e.getValue().length != params.get(index).numel()) {
                throw new IllegalArgumentException("optimizer state: '" + key + "' has " + e.getValue().length
                        + " values, parameter " + index + " has " + params.get(index).numel());
            }
            restoreBuffer(index, key.substring(dot + 1), e.getValue().clone());
        }
        this.step = state.step();
        setLr(state.lr());
    }

    /** Buffer {@code b} of parameter {@code index}, or null if it has not been created yet. */
    protected final float[] buffer(int b, int index) {
        return buffers[b][index];
    }

    /**
     * Buffer {@code b} of parameter {@code index}, created as {@code length} values equal to
     * {@code initial} if it does not exist yet. Updates of different parameters may call this
     * concurrently.
     */
    protected final float[] bufferOrNew(int b, int index, int length, float initial) {
        float[] values = buffers[b][index];
        if (values == null) {
            values = new float[length];
            if (initial != 0f) {
                Arrays.fill(values, initial);
            }
            buffers[b][index] = values;
        }
        return values;
    }

    /** The buffers of parameter {@code index} that exist, by name, in the order of the names. */
    private Map<String, float[]> buffers(int index) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int b = 0; b < bufferNames.size(); b++) {
            out.put(bufferNames.get(b), buffers[b][index]);
        }
        return out;
    }

    /** Restores buffer {@code name} of parameter {@code index}; unknown names are rejected. */
    private void restoreBuffer(int index, String name, float[] values) {
        int b = bufferNames.indexOf(name);
        if (b < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " state: unknown buffer '" + name
                    + "' (allowed: " + String.join(", ", bufferNames) + ")");
        }
        buffers[b][index] = values;
    }

    /**
     * Refuses parameters that belong to a {@link dev.residuum.nn.Constraint} (a manifold): an
     * update that ignores the set would step off it.
     *
     * @param optimizer this optimizer's name, for the message
     * @param instead the optimizer to use instead
     */
    protected static void requireUnconstrained(List<Parameter> params, String optimizer, String instead) {
        for (int i = 0; i < params.size(); i++) {
            var c = params.get(i).constraint();
            if (c.isPresent()) {
                throw new IllegalArgumentException(optimizer + ": parameter " + i + " belongs to " + c.get().name()
                        + " and would leave it; use " + instead + " (dev.residuum.manifold)");
            }
        }
    }

    private static void checkLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a finite non-negative number, got " + lr);
        }
    }
}
