package dev.vigil.rules.eval;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The schedule of one group on a virtual thread: waits for the group's first aligned timestamp,
 * then evaluates every interval; after an overrun it skips to the next slot and counts the missed
 * ones. With {@code restore}, the {@code for} state is restored after the second evaluation (the
 * first may lack data), as Prometheus does.
 */
final class GroupRunner {
  private final Group group;
  private final Supplier<GroupContext> ctx;
  private final Clock clock;
  private final boolean restore;
  private final Object lock = new Object();
  private Thread thread;
  private boolean stopped;

  GroupRunner(Group group, Supplier<GroupContext> ctx, Clock clock, boolean restore) {
    this.group = group;
    this.ctx = ctx;
    this.clock = clock;
    this.restore = restore;
  }

  Group group() {
    return group;
  }

  void start() {
    synchronized (lock) {
      if (thread != null || stopped) {
        return;
      }
      thread = Thread.ofVirtual().name("rule-group-" + group.name()).start(this::run);
    }
  }

  void stop() {
    Thread t;
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long interval = group.intervalMs();
    long evalTs = group.evalTimestamp(clock.millis()) + interval;
    if (!sleepUntil(evalTs)) {
      return;
    }
    iterate(evalTs, 0);
    boolean needRestore = restore;
    while (true) {
      if (!sleepUntil(evalTs + interval)) {
        return;
      }
      long missed = (clock.millis() - evalTs) / interval - 1;
      if (missed < 0) {
        missed = 0;
      }
      evalTs += (missed + 1) * interval;
      iterate(evalTs, missed);
      if (needRestore) {
        ForStateRestorer.restore(group, clock.millis(), ctx.get());
        needRestore = false;
      }
    }
  }

  private void iterate(long evalTs, long missed) {
    long startMs = clock.millis();
    long start = System.nanoTime();
    group.eval(evalTs, ctx.get());
    group.recordIteration(startMs, System.nanoTime() - start, evalTs, missed);
  }

  /** Waits until the clock reaches {@code t}; false when stopped. */
  private boolean sleepUntil(long t) {
    synchronized (lock) {
      while (!stopped) {
        long wait = t - clock.millis();
        if (wait <= 0) {
          return true;
        }
        try {
          lock.wait(Math.min(wait, 1000));
        } catch (InterruptedException e) {
          return false;
        }
      }
      return false;
    }
  }
}
