package dev.vigil.promql.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The helper threads an engine's queries share to evaluate wide nodes in parallel ({@link
 * SeriesFanOut}): {@code parallelism - 1} daemon threads, since a query's own thread works too.
 * Idle threads end after a while and come back on demand, so an engine needs no closing.
 * Thread-safe.
 */
final class QueryWorkers {
  private final int parallelism;
  private final int minSeries;
  private final ThreadPoolExecutor pool;

  QueryWorkers(int parallelism, int minSeries) {
    this.parallelism = parallelism;
    this.minSeries = minSeries;
    if (parallelism > 1) {
      AtomicInteger threads = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "vigil-query-worker-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      pool = new ThreadPoolExecutor(parallelism - 1, parallelism - 1, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), factory);
      pool.allowCoreThreadTimeOut(true);
    } else {
      pool = null;
    }
  }

  /** Whether queries may use helper threads at all. */
  boolean parallel() {
    return pool != null;
  }

  /** Series a node evaluates on the query's own thread before it asks for help. */
  int minSeries() {
    return minSeries;
  }

  /** Helper threads a query may ask for. */
  int helpers() {
    return parallelism - 1;
  }

  /** Runs {@code task} on a helper thread when one frees up; false if the pool refuses it. */
  boolean submit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
