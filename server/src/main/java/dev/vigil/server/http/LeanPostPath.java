package dev.vigil.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;

/**
 * What the lean HTTP/1.1 path of one {@link WebServer} shares between its connections: the
 * {@link Routes.BodyBinding}s it serves, the blocking executor, readiness, metrics, the count of
 * requests in flight and whether the server is stopping.
 *
 * <p>Why a lean path: remote-write senders post tens of thousands of ~40 KB bodies back to back
 * over a few connections, and Armeria's per-request machinery (request context, stream messages
 * and their subscribers, header conversions, decorators, request log) cost ~700 microseconds of
 * event-loop CPU per request within a benchmark-length run, mostly because hundreds of its
 * methods run interpreted or wait for the JIT; the JIT compiling them was another quarter of the
 * process's CPU. {@link LeanPostHandler} parses such requests itself and leaves every other
 * request, and every unusual one, to Armeria on the same connection. Thread-safe.
 */
final class LeanPostPath extends LeanPath<LeanPostHandler> {
  /** One served endpoint and the request line that selects it. */
  record Entry(Routes.BodyBinding binding, byte[] requestLine) {}

  private final List<Entry> entries;
  private final long idleNanos;
  private final long passIdleNanos;
  private volatile HttpDate date = new HttpDate(0, "");

  /** A formatted {@code Date} header value and the second it is for. */
  private record HttpDate(long second, String text) {}

  private volatile NoContent noContent = new NoContent(-1, Unpooled.EMPTY_BUFFER);

  private record NoContent(long second, ByteBuf bytes) {}

  /**
   * @param idleMillis a lean connection with no traffic and no request in flight for this long is
   *     closed (Armeria's own idle timeout is off: it cannot see lean requests)
   * @param passIdleMillis the same for connections left to Armeria, whose requests in flight this
   *     path cannot see: longer than the request timeout, so any request has ended by then
   */
  LeanPostPath(List<Routes.BodyBinding> bindings, Executor executor, Readiness readiness,
      HttpMetrics metrics, long idleMillis, long passIdleMillis) {
    super(executor, readiness, metrics);
    this.entries = bindings.stream().map(b -> new Entry(b,
        ("POST " + b.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII))).toList();
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.passIdleNanos = TimeUnit.MILLISECONDS.toNanos(passIdleMillis);
  }

  /**
   * The whole plain 204 answer (with its {@code Date}), rebuilt at most once a second: a
   * read-only view for one write of a direct buffer every connection shares (the JDK frees it once
   * unreachable; releasing the view does nothing).
   */
  ByteBuf noContent() {
    long ms = System.currentTimeMillis();
    NoContent n = noContent;
    if (n.second() != ms / 1000) {
      byte[] b = ("HTTP/1.1 204 No Content\r\ndate: " + date() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();
      n = new NoContent(ms / 1000,
          Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct).asReadOnly()));
      noContent = n;
    }
    return n.bytes().duplicate();
  }

  /** The {@code Date} header value for now, formatted at most once a second. */
  String date() {
    long ms = System.currentTimeMillis();
    HttpDate d = date;
    if (d.second() != ms / 1000) {
      d = new HttpDate(ms / 1000, DateFormatter.format(new Date(ms)));
      date = d;
    }
    return d.text();
  }

  List<Entry> entries() {
    return entries;
  }

  long idleNanos() {
    return idleNanos;
  }

  long passIdleNanos() {
    return passIdleNanos;
  }

  /** Whether a request for this binding may take the lean path now (else Armeria answers it). */
  boolean accepts(Routes.BodyBinding b) {
    return admits(b.requiresReady());
  }
}
