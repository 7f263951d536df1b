package dev.residuum.train;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap in use right after the JVM's most recent garbage collection (the figure
 * {@code -Xlog:gc} prints after the arrow), from the collectors' notifications: what a run
 * really keeps, without the garbage between collections. {@link Trainer} records it at
 * every epoch end ({@code heap_after_gc_mb} in {@code metrics.jsonl}), so growth from one epoch to
 * the next shows a leak.
 */
public final class HeapWatch {
    private static final AtomicLong AFTER_LAST_GC = new AtomicLong(-1);
    private static final AtomicLong COLLECTIONS = new AtomicLong();

    static {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData()).getGcInfo().getMemoryUsageAfterGc();
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    AFTER_LAST_GC.set(used);
                    COLLECTIONS.incrementAndGet();
                }, null, null);
            }
        }
    }

    private HeapWatch() {
    }

    /** Starts listening (idempotent); call early so that the first collections are seen. */
    public static void start() {
        // the static initialiser registers the listeners
    }

    /** Collections notified since {@link #start()}. */
    public static long collections() {
        return COLLECTIONS.get();
    }

    /** Bytes in use after the most recent collection, or -1 before the first one. */
    public static long bytesAfterLastGc() {
        return AFTER_LAST_GC.get();
    }
}
