package dev.vigil.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every lean HTTP/1.1 path ({@link LeanPostPath}, {@link LeanGetPath}) counts alike: the
 * requests it served and has in flight, and whether the server is stopping, so that a graceful
 * stop waits for the answers it has begun. Thread-safe.
 */
abstract class LeanPath {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private volatile boolean closing;

  /** Requests served on this path so far (for tests and diagnostics). */
  final long served() {
    return served.get();
  }

  /** A request is taken on this path (call {@link #finished()} once it is answered). */
  final void started() {
    served.incrementAndGet();
    inFlight.incrementAndGet();
  }

  final void finished() {
    inFlight.decrementAndGet();
  }

  final boolean closing() {
    return closing;
  }

  /**
   * Stops taking new requests (they go to Armeria, which is stopping too) and waits up to
   * {@code timeoutMillis} for those in flight to be answered.
   */
  final void close(long timeoutMillis) {
    closing = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
