package dev.vigil.alerting.schedule;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock scheduling: one timer thread hands due tasks to virtual threads, so a task blocked
 * on a slow receiver never delays other groups' timers. Thread-safe; {@link #close} stops both.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("alerting-timer").daemon().factory());
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("alerting-", 0).factory());

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Runnable task, long delayMs) {
    ScheduledFuture<?> f = timer.schedule(() -> {
      if (!workers.isShutdown()) {
        workers.execute(task);
      }
    }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  @Override
  public <T> java.util.List<T> runAll(java.util.List<java.util.concurrent.Callable<T>> tasks)
      throws InterruptedException {
    if (tasks.size() == 1) {
      try {
        return java.util.List.of(tasks.get(0).call());
      } catch (InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    java.util.List<T> out = new java.util.ArrayList<>();
    for (java.util.concurrent.Future<T> f : workers.invokeAll(tasks)) {
      try {
        out.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
