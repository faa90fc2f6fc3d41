package dev.vigil.alerting.schedule;

import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A scheduler whose clock moves only when told: {@link #advance} runs every task that falls due,
 * in due-time order (ties in scheduling order), on the caller's thread, setting the clock to each
 * task's due time first. {@link #sleep} just moves the clock. Deterministic; meant for tests
 * and simulations. Thread-safe, but tasks run on whichever thread calls {@link #advance}.
 */
public final class ManualScheduler implements Scheduler {
  private record Task(long dueNanos, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
  private long nowNanos;
  private long seq;

  public ManualScheduler(Instant start) {
    this.nowNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
  }

  @Override
  public synchronized Instant now() {
    return Instant.ofEpochSecond(0, nowNanos);
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayMs) {
    boolean[] cancelled = {false};
    queue.add(new Task(nowNanos + Math.max(0, delayMs) * 1_000_000L, seq++, task, cancelled));
    return () -> {
      synchronized (ManualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  @Override
  public synchronized void sleep(long ms) {
    nowNanos += ms * 1_000_000L;
  }

  /** Runs the tasks one after the other on the calling thread (deterministic). */
  @Override
  public <T> java.util.List<T> runAll(java.util.List<java.util.concurrent.Callable<T>> tasks)
      throws InterruptedException {
    java.util.List<T> out = new java.util.ArrayList<>();
    for (java.util.concurrent.Callable<T> t : tasks) {
      try {
        out.add(t.call());
      } catch (InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Moves the clock forward by {@code ms}, running every task due on the way. */
  public void advance(long ms) {
    long target;
    synchronized (this) {
      target = nowNanos + ms * 1_000_000L;
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.dueNanos > target) {
          nowNanos = Math.max(nowNanos, target);
          return;
        }
        queue.poll();
        if (t.cancelled[0]) {
          continue;
        }
        nowNanos = Math.max(nowNanos, t.dueNanos);
      }
      t.run.run();
    }
  }

  /** Number of tasks waiting (cancelled ones included until they come due). */
  public synchronized int pending() {
    return queue.size();
  }
}
