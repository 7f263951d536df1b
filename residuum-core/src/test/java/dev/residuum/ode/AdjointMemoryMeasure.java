package dev.residuum.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Peak heap of a solve plus its gradient at 100 and 10 000 RK4 steps, adjoint against backprop
 * (a measurement, not a unit test: excluded unless {@code -Dresiduum.measure=true}).
 *
 * <pre>
 * flock /tmp/residuum-build.lock mvn -B -q -o -pl residuum-core test -Dtest=AdjointMemoryMeasure -Dresiduum.measure=true
 * </pre>
 *
 * <p>Two figures per run: the peak of the heap pools (live data plus garbage not yet collected,
 * so it depends on when the collector ran) and the largest heap left after any collection during
 * the run (the live set; "-" when no collection ran).
 */
@Tag("measure")
@EnabledIfSystemProperty(named = "residuum.measure", matches = "true")
class AdjointMemoryMeasure extends SeededTest {
    @Test
    void peakHeapAt100And10000Steps() throws Exception {
        Module net = new Sequential(new Linear(2, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 2, true, rng));
        ModuleField field = ModuleField.autonomous(net);
        Tensor x0 = randn(16, 2);
        AtomicLong afterGc = new AtomicLong(-1);
        NotificationListener listener = (n, h) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed)
                        .sum();
                afterGc.accumulateAndGet(used, Math::max);
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            emitters.add((NotificationEmitter) gc);
        }
        run(field, x0, 100, Gradient.ADJOINT, new AtomicLong()); // warm-up
        System.out.println("mode      steps   peak heap MB   max after GC MB   backward nfe");
        long[] adjointPeak = new long[2];
        int i = 0;
        for (Gradient mode : new Gradient[] {Gradient.ADJOINT, Gradient.BACKPROP, Gradient.CHECKPOINT}) {
            for (int steps : new int[] {100, 10_000}) {
                System.gc();
                Thread.sleep(200);
                afterGc.set(-1);
                List<MemoryPoolMXBean> heap = new ArrayList<>();
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) {
                        p.resetPeakUsage();
                        heap.add(p);
                    }
                }
                AtomicLong nfe = new AtomicLong();
                run(field, x0, steps, mode, nfe);
                long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                long live = afterGc.get();
                System.out.printf("%-9s %6d   %12.1f   %15s   %d%n", mode, steps, peak / 1e6,
                        live < 0 ? "-" : String.format("%.1f", live / 1e6), nfe.get());
                if (mode == Gradient.ADJOINT) {
                    adjointPeak[i++] = peak;
                }
            }
        }
        for (NotificationEmitter e : emitters) {
            e.removeNotificationListener(listener);
        }
        assertTrue(adjointPeak[1] > 0);
    }

    private static void run(ModuleField field, Tensor x0, int steps, Gradient mode, AtomicLong nfe) {
        Options o = Options.defaults().withMethod("rk4").withStep(1.0 / steps).withGradient(mode)
                .withCheckpointEvery(100);
        Tensor start = mode == Gradient.BACKPROP ? x0.copy().requiresGrad(true) : x0;
        Solution s = Odeint.solve(field, start, new double[] {0, 1}, o);
        Gradients g = s.gradients(states -> states.mul(states).sum());
        nfe.set(g.cost().nfe());
    }
}
