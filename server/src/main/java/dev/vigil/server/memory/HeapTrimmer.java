package dev.vigil.server.memory;

import dev.vigil.server.lifecycle.Component;
import java.lang.management.ManagementFactory;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the serial collector's old generation near the live data, so that the process' resident
 * memory follows what the store holds rather than how much garbage was promoted since the last
 * full collection.
 *
 * <p>Why: the serial collector (the launcher's default, see {@code scripts/jvm.options}) decides
 * whether a young collection is safe by counting the old generation's uncommitted space as
 * available, so it grows the old generation, up to {@code -Xmx}, before it ever collects it.
 * Garbage that lived long enough to be promoted (request buffers in flight during a young
 * collection, query results, replaced per-series arrays) therefore accumulates and is committed
 * memory until something else triggers a full collection. This component watches the old
 * generation after every collection and, when a collection leaves it above {@code max(floor,
 * live × growth, live + MIN_FREE_BYTES)}, runs one full collection ({@link System#gc()}), after
 * which the heap
 * shrinks to {@code MaxHeapFreeRatio} (with {@code -XX:-ShrinkHeapInSteps}, at once) and the
 * bound follows the new live size. (A pool usage threshold would be the lighter hook, but the JVM
 * does not report old-generation crossings that happen during young collections.)
 *
 * <p>Cost bound: full collections are spaced so that they take at most {@link #MAX_GC_SHARE} of
 * wall time (counting a collection's CPU time when that is less than its wall time) (a trim due
 * earlier waits). "live" is what the last full collection left plus the growth of live data
 * between the last two full collections extrapolated to now (at most {@link
 * #MAX_PREDICTION_NANOS}): while the store grows (ingest), a full collection at 1.25x the last
 * live size found mostly new live data and freed ~5 MiB for 80-360 ms. Other collectors (G1, ZGC, Parallel) size their old generations themselves: with
 * them, or with no old generation pool that supports usage thresholds, this component does
 * nothing.
 *
 * <p>Thread-safety: the JVM delivers collection notifications on its notification thread; the
 * full collection itself runs on a short-lived thread of its own, at most one at a time.
 */
public final class HeapTrimmer implements Component {
  private static final Logger log = LoggerFactory.getLogger(HeapTrimmer.class);
  /** The serial collector's old generation pool. */
  static final String SERIAL_OLD_POOL = "Tenured Gen";
  /**
   * Old generation allowed above the live data before a full collection. At 1.25 rather than 1.5
   * the old generation of the ingestion benchmark (about 40 MiB live) peaks about 10 MiB lower,
   * for one more full collection (about 0.1 s of CPU) every 10-20 s of sustained ingest.
   */
  static final double GROWTH = 1.25;
  /** Never trim an old generation smaller than this. */
  static final long FLOOR_BYTES = 32L << 20;
  /** Largest share of wall time full collections may take. */
  static final double MAX_GC_SHARE = 0.02;
  private static final long MIN_INTERVAL_NANOS = 5_000_000_000L;
  /**
   * Least garbage a trim must be expected to free: below that a full collection (80-360 ms on
   * the ingestion benchmark's 30 MiB of live data) gives back too little to be worth it.
   */
  static final long MIN_FREE_BYTES = 8L << 20;
  /** How far the growth of live data is extrapolated at most. */
  static final long MAX_PREDICTION_NANOS = 10_000_000_000L;

  private final MemoryPoolMXBean pool;
  private final LongSupplier nanoClock;
  private final LongSupplier cpuClock;
  private final long minIntervalNanos;
  private final double maxGcShare;
  private final AtomicBoolean running = new AtomicBoolean();
  private final NotificationListener listener = this::onNotification;
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private volatile long threshold = Long.MAX_VALUE;
  // live bytes after the last full collection, when (nanoClock) and how fast live data grew
  // between the last two (bytes per second, not negative): a trim is due when the old generation
  // is GROWTH above the live data expected by now, so that a heap whose store keeps growing (as
  // during ingest) is not collected in full only to find most of it alive
  private volatile long live = -1;
  private volatile long liveAt;
  private volatile double liveGrowthPerSecond;
  private volatile boolean stopped;
  private volatile long lastTrimEnd; // nanoClock value
  private volatile long lastTrimNanos; // duration of the last trim
  private volatile long trims;

  /** For the running JVM; inert unless it uses the serial collector. */
  public HeapTrimmer() {
    this(findPool(ManagementFactory.getMemoryPoolMXBeans()), System::nanoTime,
        processCpuClock(), MIN_INTERVAL_NANOS, MAX_GC_SHARE);
  }

  /**
   * {@code minIntervalNanos}: the least time between two trims, whatever they cost; {@code
   * maxGcShare}: the largest share of wall time trims may take.
   */
  HeapTrimmer(MemoryPoolMXBean pool, LongSupplier nanoClock, long minIntervalNanos,
      double maxGcShare) {
    this(pool, nanoClock, () -> -1, minIntervalNanos, maxGcShare);
  }

  /**
   * As above, with {@code cpuClock} the process' CPU time in nanoseconds (or -1 when unknown):
   * a trim costs the lesser of its wall and CPU time. The collection stops every other thread,
   * so the process' CPU time over it is the collection's; its wall time also counts the time the
   * collector waited for a core, which on a busy machine was 3-4 times its CPU time and spaced
   * trims 20 s apart.
   */
  HeapTrimmer(MemoryPoolMXBean pool, LongSupplier nanoClock, LongSupplier cpuClock,
      long minIntervalNanos, double maxGcShare) {
    this.pool = pool;
    this.nanoClock = nanoClock;
    this.cpuClock = cpuClock;
    this.minIntervalNanos = minIntervalNanos;
    this.maxGcShare = maxGcShare;
    this.lastTrimEnd = nanoClock.getAsLong() - minIntervalNanos; // the first trim may run at once
  }

  private static LongSupplier processCpuClock() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os::getProcessCpuTime;
    }
    return () -> -1;
  }

  /** What a trim cost: its CPU time when known (not negative), else its wall time. */
  static long cost(long wallNanos, long cpuNanos) {
    return cpuNanos >= 0 ? Math.min(wallNanos, cpuNanos) : wallNanos;
  }

  static MemoryPoolMXBean findPool(List<MemoryPoolMXBean> pools) {
    for (MemoryPoolMXBean p : pools) {
      if (p.getType() == MemoryType.HEAP && SERIAL_OLD_POOL.equals(p.getName())
          && p.isValid()) {
        return p;
      }
    }
    return null;
  }

  /** The old-generation use above which a trim runs, for {@code live} bytes after a full GC. */
  static long thresholdFor(long live, long max) {
    long t = Math.max(FLOOR_BYTES, Math.max((long) (live * GROWTH), live + MIN_FREE_BYTES));
    return max > 0 ? Math.min(t, max) : t;
  }

  /**
   * Live bytes expected {@code elapsedNanos} after a full collection that left {@code live},
   * when live data grows by {@code growthPerSecond}; the extrapolation is capped at {@link
   * #MAX_PREDICTION_NANOS} so that a burst of growth long ago does not postpone trims forever.
   */
  static long predictedLive(long live, double growthPerSecond, long elapsedNanos) {
    long ns = Math.min(Math.max(0, elapsedNanos), MAX_PREDICTION_NANOS);
    return live + (long) (growthPerSecond * ns / 1e9);
  }

  /** Growth of live data between two full collections, bytes per second, never negative. */
  static double liveGrowth(long before, long after, long elapsedNanos) {
    return elapsedNanos <= 0 || after <= before ? 0 : (after - before) * 1e9 / elapsedNanos;
  }

  /**
   * Nanoseconds from one trim to the next so that trims of {@code lastNanos} each stay under
   * {@code share} of wall time, and at least {@code floorNanos}.
   */
  static long minInterval(long lastNanos, long floorNanos, double share) {
    return Math.max(floorNanos, (long) (lastNanos / share));
  }

  /** Whether this JVM has an old generation to trim. */
  public boolean active() {
    return pool != null;
  }

  /** Full collections this trimmer ran. */
  public long trims() {
    return trims;
  }

  /**
   * Runs a full collection soon (on a thread of its own, within the cost bound) whatever the
   * old generation's use: for work known to leave much promoted garbage behind, such as writing
   * a block (its encoder buffers outlive a young collection), whose garbage would otherwise stay
   * committed until promotion reaches the next threshold. No-op when a trim is already running
   * or this trimmer is inactive or stopped.
   */
  public void trimSoon() {
    if (pool == null || stopped || !running.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().daemon().name("heap-trim").start(() -> trim(true));
  }

  @Override
  public String name() {
    return "heap-trimmer";
  }

  @Override
  public void start() {
    if (pool == null) {
      log.atDebug().log("no serial old generation: heap trimming off");
      return;
    }
    for (GarbageCollectorMXBean gc : collectors) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
      }
    }
    arm(false);
  }

  @Override
  public void stop() {
    stopped = true;
    if (pool == null) {
      return;
    }
    for (GarbageCollectorMXBean gc : collectors) {
      if (gc instanceof NotificationEmitter e) {
        try {
          e.removeNotificationListener(listener);
        } catch (ListenerNotFoundException ignored) {
          // never added
        }
      }
    }
  }

  private void arm(boolean observe) {
    var after = pool.getCollectionUsage();
    long used = after != null && after.getUsed() > 0 ? after.getUsed() : pool.getUsage().getUsed();
    if (observe) {
      observeLive(used, nanoClock.getAsLong(), pool.getUsage().getMax());
    } else {
      threshold = thresholdFor(used, pool.getUsage().getMax());
    }
  }

  /**
   * Records the live size a full collection left at {@code now} (of an old generation of at
   * most {@code max} bytes, or -1) and sets the next trim's threshold from it.
   */
  void observeLive(long used, long now, long max) {
    if (live >= 0) {
      liveGrowthPerSecond = liveGrowth(live, used, now - liveAt);
    }
    live = used;
    liveAt = now;
    threshold = thresholdFor(used, max);
  }

  /** Whether an old generation using {@code used} bytes at {@code now} is worth a trim. */
  boolean due(long used, long now, long max) {
    if (used <= threshold) {
      return false;
    }
    if (live < 0) {
      return true;
    }
    long expected = predictedLive(live, liveGrowthPerSecond, now - liveAt);
    return used > thresholdFor(expected, max);
  }

  private void onNotification(Notification n, Object handback) {
    if (stopped || running.get()
        || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
    if (after == null) {
      return;
    }
    if (info.getGcAction().contains("major")) { // a full collection the JVM ran: new live size
      observeLive(after.getUsed(), nanoClock.getAsLong(), after.getMax());
      return;
    }
    if (!due(after.getUsed(), nanoClock.getAsLong(), after.getMax())
        || !running.compareAndSet(false, true)) {
      return;
    }
    // a platform thread: it must run promptly even when every carrier thread is busy
    Thread.ofPlatform().daemon().name("heap-trim").start(() -> trim(false));
  }

  /** {@code forced}: whatever the old generation's use, else only when still {@link #due}. */
  private void trim(boolean forced) {
    try {
      long wait = lastTrimEnd + minInterval(lastTrimNanos, minIntervalNanos, maxGcShare) - nanoClock.getAsLong();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      MemoryUsage now = pool.getUsage();
      if (stopped || !forced && !due(now.getUsed(), nanoClock.getAsLong(), now.getMax())) {
        return; // a full collection happened meanwhile
      }
      long c0 = cpuClock.getAsLong();
      long t0 = nanoClock.getAsLong();
      System.gc();
      long t1 = nanoClock.getAsLong();
      long c1 = cpuClock.getAsLong();
      lastTrimNanos = cost(t1 - t0, c0 >= 0 && c1 >= 0 ? c1 - c0 : -1);
      lastTrimEnd = t1;
      trims++;
      log.atDebug().addKeyValue("ms", lastTrimNanos / 1_000_000)
          .addKeyValue("old_used_after", pool.getCollectionUsage().getUsed()).log("heap trimmed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!stopped) {
        arm(true);
      }
      running.set(false);
    }
  }
}
