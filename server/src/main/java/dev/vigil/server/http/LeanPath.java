package dev.vigil.server.http;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every lean HTTP/1.1 path ({@link LeanPostPath}, {@link LeanGetPath}) shares between its
 * connections alike: the blocking executor its endpoints run on, readiness, metrics, the open
 * connections by client address (so that Armeria's answers find theirs), the requests it served
 * and has in flight, and whether the server is stopping, so that a graceful stop waits for the
 * answers it has begun. Thread-safe.
 *
 * @param <H> the path's connection handler
 */
abstract class LeanPath<H extends LeanPath.Connection> {
  /** A connection's handler, told when Armeria answers one of the requests it forwarded. */
  interface Connection {
    void armeriaAnswered();
  }

  private final Executor executor;
  private final Readiness readiness;
  private final HttpMetrics metrics;
  private final Map<SocketAddress, H> connections = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private volatile boolean closing;

  LeanPath(Executor executor, Readiness readiness, HttpMetrics metrics) {
    this.executor = executor;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  final Executor executor() {
    return executor;
  }

  final HttpMetrics metrics() {
    return metrics;
  }

  /** Whether an endpoint may take a request on this path now (else Armeria answers it). */
  final boolean admits(boolean requiresReady) {
    return !closing && (!requiresReady || readiness.isReady());
  }

  final void register(SocketAddress client, H h) {
    if (client != null) {
      connections.put(client, h);
    }
  }

  final void unregister(SocketAddress client, H h) {
    if (client != null) {
      connections.remove(client, h);
    }
  }

  /** The connection registered for this client address, or null. */
  final H connection(SocketAddress client) {
    return client == null ? null : connections.get(client);
  }

  /**
   * Armeria has answered a request from this client address: a decorator on every Armeria
   * route reports each completed request log, so a connection can return to the lean path once
   * everything it forwarded is answered (answers are never reordered). A request Armeria answers
   * without any route (a malformed head) is never reported, and its connection stays Armeria's.
   */
  final void answered(SocketAddress client) {
    H h = connection(client);
    if (h != null) {
      h.armeriaAnswered();
    }
  }

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
