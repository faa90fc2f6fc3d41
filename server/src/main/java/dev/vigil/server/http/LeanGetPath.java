package dev.vigil.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What the lean GET path of one {@link WebServer} shares between its connections: the
 * {@link Routes.GetBinding}s it serves, the blocking executor, readiness, metrics, the lean POST
 * path it sits behind, the count of requests in flight and whether the server is stopping.
 *
 * <p>Why: a small PromQL query (80 series) took ~2.4 ms in the default query benchmark run
 * against Prometheus's 1.7, and a trivial endpoint ({@code /api/v1/status/buildinfo}) ~1 ms: the
 * floor was Armeria's per-request machinery (request context, stream messages, decorators,
 * request log), hundreds of methods that a server answering a few hundred requests still runs
 * interpreted. {@link LeanGetHandler} parses plain query GETs itself. Thread-safe.
 */
final class LeanGetPath extends LeanPath<LeanGetHandler> {
  /**
   * One served endpoint and the request-line starts that select it, for GET and form POST (null
   * when Armeria's service at the path takes no POST: then neither does the lean path).
   */
  record Entry(Routes.GetBinding binding, byte[] withQuery, byte[] bare, byte[] postWithQuery,
      byte[] postBare) {}

  private final List<Entry> entries;
  private final LeanPostPath front;

  /**
   * @param postPaths the paths whose Armeria service takes POSTs (form bodies)
   * @param front the lean POST path in front of this one in every pipeline
   */
  LeanGetPath(List<Routes.GetBinding> bindings, Set<String> postPaths, Executor executor,
      Readiness readiness, HttpMetrics metrics, LeanPostPath front) {
    super(executor, readiness, metrics);
    this.entries = bindings.stream().map(b -> new Entry(b,
        ("GET " + b.path() + "?").getBytes(StandardCharsets.US_ASCII),
        ("GET " + b.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII),
        postPaths.contains(b.path())
            ? ("POST " + b.path() + "?").getBytes(StandardCharsets.US_ASCII) : null,
        postPaths.contains(b.path())
            ? ("POST " + b.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII)
            : null)).toList();
    this.front = front;
  }

  List<Entry> entries() {
    return entries;
  }

  LeanPostPath front() {
    return front;
  }

  /** Whether a request for this binding may take the lean path now (else Armeria answers it). */
  boolean accepts(Routes.GetBinding b) {
    return admits(b.requiresReady());
  }
}
