package dev.residuum.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.optim.Adam;
import dev.residuum.testing.SeededTest;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class WorkspaceTest extends SeededTest {
    @Test
    void buffersAreReusedAcrossScopes() {
        Workspace ws = new Workspace();
        float[] first;
        try (Workspace.Scope s = ws.enter()) {
            first = Tensor.zeros(3, 4).data();
        }
        try (Workspace.Scope s = ws.enter()) {
            assertSame(first, Tensor.zeros(3, 4).data());
        }
    }

    @Test
    void aReleasedTensorSaysSo() {
        Workspace ws = new Workspace();
        Tensor t;
        try (Workspace.Scope s = ws.enter()) {
            t = Tensor.zeros(2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::data);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void tensorsCreatedOutsideAScopeAreNotTouched() {
        Tensor outside = Tensor.ones(3);
        Workspace ws = new Workspace();
        try (Workspace.Scope s = ws.enter()) {
            outside.mul(2f);
        }
        assertEquals(3f, outside.sum().item());
    }

    @Test
    void aTrainingStepAllocatesNoFloatArraysOnceWarm() {
        Module model = new Sequential(new Linear(16, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH), new Linear(64, 1, true, rng));
        Adam adam = new Adam(model.parameters(), Adam.Config.adam(1e-3));
        Tensor x = randn(64, 16), y = randn(64, 1);
        Workspace ws = new Workspace();
        Runnable step = () -> {
            adam.zeroGrad();
            try (Workspace.Scope s = ws.enter()) {
                model.forward(x, true).mse(y).backward();
            }
            adam.step();
        };
        for (int i = 0; i < 200; i++) {
            step.run();
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        int steps = 500;
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        long perStep = (mx.getThreadAllocatedBytes(id) - before) / steps;
        // one step's float buffers alone are ~60 KB (activations and gradients of 64x64 layers);
        // what remains is the tape's small node objects
        assertTrue(perStep < 8_000, "bytes allocated per step: " + perStep);
    }
}
