package dev.vigil.server.http;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.net.InetSocketAddress;
import com.linecorp.armeria.common.Flags;
import java.time.Duration;
import java.util.List;

/**
 * The main HTTP port: one Armeria server carrying every route of a {@link Routes}, each guarded by
 * {@link Readiness} where asked and measured by {@link HttpMetrics}. Start/stop are called by the
 * wiring class only.
 */
public final class WebServer {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(10);

  private final Server server;
  private final LeanPostPath lean;

  public WebServer(InetSocketAddress address, Routes routes, Readiness readiness,
      HttpMetrics metrics) {
    VirtualBlockingExecutor blocking = new VirtualBlockingExecutor();
    ServerBuilder sb = Server.builder()
        .http(address)
        // Federation and large series queries can stream for a while; PromQL will add its own
        // query timeout below this one.
        .requestTimeout(REQUEST_TIMEOUT)
        .maxRequestLength(64L << 20)
        // blocking work (decoding writes, WAL commits, queries) on virtual threads, not 200
        // platform threads; stopped with the server
        .blockingTaskExecutor(blocking, true)
        // In-flight requests get up to 10s; stopping also takes ~2s for Netty's event loop
        // shutdown, which Armeria 1.36 does not let us shorten.
        .gracefulShutdownTimeout(Duration.ofMillis(200), GRACEFUL_TIMEOUT)
        // gzip (or brotli) answers for clients that accept them, as Prometheus compresses.
        .decorator(ResponseCompression::new)
        .decorator(metrics);
    for (Routes.Binding b : routes.bindings()) {
      HttpService s = b.requiresReady() ? readiness.guard(b.service()) : b.service();
      sb.service(b.route(), s);
    }
    List<Routes.BodyBinding> bodies = routes.bodyBindings();
    if (bodies.isEmpty()) {
      this.lean = null;
    } else {
      // Whole-body POST endpoints (remote write) also get the lean HTTP/1.1 path in front of
      // Armeria on this port; it takes over the idle timeout, see LeanPostHandler.
      long idle = Flags.defaultServerIdleTimeoutMillis();
      LeanPostPath path = new LeanPostPath(bodies, blocking, readiness, metrics, idle,
          REQUEST_TIMEOUT.toMillis() + idle);
      sb.idleTimeoutMillis(0)
          .childChannelPipelineCustomizer(p -> p.addFirst(new LeanPostHandler(path)))
          .decorator((delegate, ctx, req) -> {
            ctx.log().whenComplete().thenRun(() -> path.answered(ctx.remoteAddress()));
            return delegate.serve(ctx, req);
          });
      this.lean = path;
    }
    this.server = sb.build();
  }

  public void start() {
    server.start().join();
  }

  /** The bound port (useful when listening on port 0). */
  public int port() {
    return server.activeLocalPort();
  }

  /** Requests the lean HTTP/1.1 path has served (0 without body endpoints). */
  long leanRequests() {
    return lean == null ? 0 : lean.served();
  }

  /** Stops accepting, lets in-flight requests finish within the graceful period, then closes. */
  public void stop() {
    if (lean != null) {
      lean.close(GRACEFUL_TIMEOUT.toMillis());
    }
    server.stop().join();
  }
}
