package dev.residuum.ode;

import dev.residuum.autodiff.Shaping;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A vector field given by a module: {@code f(t, x) = module(x)} (autonomous), or
 * {@code module([x, t])} with the time appended as a last feature column (time-dependent; the
 * state is then {@code [batch, features]} and the module takes {@code features + 1} inputs). Its
 * parameters are the module's.
 *
 * @param module the network (or any module); its forward pass runs with {@code training}
 * @param timeDependent whether {@code t} is appended to the input
 * @param training passed to the module's forward (false unless the module has dropout or
 *     normalisation that should act as in training)
 */
public record ModuleField(Module module, boolean timeDependent, boolean training) implements VectorField {
    public ModuleField {
        Objects.requireNonNull(module, "module");
    }

    /** {@code f(t, x) = module(x)}, evaluation mode. */
    public static ModuleField autonomous(Module module) {
        return new ModuleField(module, false, false);
    }

    /** {@code f(t, x) = module([x, t])}, evaluation mode. */
    public static ModuleField timeDependent(Module module) {
        return new ModuleField(module, true, false);
    }

    @Override
    public Tensor apply(double t, Tensor x) {
        if (!timeDependent) {
            return module.forward(x, training);
        }
        if (x.shape().rank() != 2) {
            throw new ShapeException("ModuleField (time-dependent): the state must be [batch, features] to append t"
                    + " as a feature, got " + x.shape());
        }
        Tensor time = Tensor.full(Shape.of(x.shape().dim(0), 1), (float) t);
        return module.forward(Shaping.concat(1, x, time), training);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : module.parameters()) {
            out.add(p.value());
        }
        return out;
    }
}
