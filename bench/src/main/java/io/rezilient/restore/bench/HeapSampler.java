package io.rezilient.restore.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The used heap of this JVM while a phase runs, the way {@link ServiceJvm.Main} samples the service's: after a
 * {@code System.gc()}, {@link MemoryMXBean#getHeapMemoryUsage()}{@code .getUsed()} every 2 ms (garbage included: what
 * the heap had to hold), and from GC notifications the largest heap occupancy right after a collection (what was
 * live; 0 when no collection ran).
 */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final long baseline;
    private final Thread thread;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && usage != null) {
                after += usage.getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(after, Math::max);
    };

    private HeapSampler() {
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        peak.set(baseline);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) gc;
            emitter.addNotificationListener(listener, null, null);
            emitters.add(emitter);
        }
        thread = Thread.ofPlatform().daemon().name("rez-bench-agent-heap-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(Duration.ofMillis(2));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Collects, then samples until {@link #close()}. */
    static HeapSampler start() {
        return new HeapSampler();
    }

    /** Used heap right after the collection before the phase. */
    long baseline() {
        return baseline;
    }

    long peak() {
        return peak.get();
    }

    long peakAfterGc() {
        return peakAfterGc.get();
    }

    long committed() {
        return memory.getHeapMemoryUsage().getCommitted();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
    }
}
