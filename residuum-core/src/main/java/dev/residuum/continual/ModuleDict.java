package dev.residuum.continual;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;

/**
 * Modules by name, added and removed after construction (PyTorch's {@code nn.ModuleDict}): a
 * layer's {@code lora_A} and {@code lora_B}, holding one module per adapter name, so that the
 * parameters are named {@code <layer>.lora_A.<adapter>.weight} as in PEFT.
 */
final class ModuleDict extends Module {
    void put(String name, Module module) {
        child(name, module);
    }

    void remove(String name) {
        removeChild(name);
    }

    /** A dictionary is not a layer. */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        throw new UnsupportedOperationException("ModuleDict holds modules and has no forward; call its modules");
    }
}
