package dev.vigil.alerting.schedule;

import java.time.Instant;

/**
 * Time for the alerting core: the current instant, delayed tasks and pauses. Everything in the
 * dispatcher and notification pipeline reads time only through this, so tests drive it with a
 * {@link ManualScheduler} (deterministic, instant) and production with a {@link SystemScheduler}.
 * Implementations are thread-safe.
 */
public interface Scheduler {
  Instant now();

  /** Runs {@code task} once after {@code delayMs} (0 = as soon as possible). */
  Cancellable schedule(Runnable task, long delayMs);

  /** Pauses the calling task (retry backoff). @throws InterruptedException when stopped */
  void sleep(long ms) throws InterruptedException;

  /**
   * Runs the tasks, concurrently where the implementation can (notification fan-out to a
   * receiver's integrations), and returns their results in order once all are done.
   * @throws InterruptedException when stopped while waiting
   */
  <T> java.util.List<T> runAll(java.util.List<java.util.concurrent.Callable<T>> tasks) throws InterruptedException;

  /** A scheduled task that can be called off; cancelling a task that already ran is a no-op. */
  interface Cancellable {
    void cancel();
  }
}
