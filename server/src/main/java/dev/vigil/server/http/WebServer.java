package dev.vigil.server.http;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The main HTTP port: one Armeria server carrying every route of a {@link Routes}, each guarded by
 * {@link Readiness} where asked and measured by {@link HttpMetrics}. Start/stop are called by the
 * wiring class only.
 */
public final class WebServer {
  private final Server server;

  public WebServer(InetSocketAddress address, Routes routes, Readiness readiness,
      HttpMetrics metrics) {
    ServerBuilder sb = Server.builder()
        .http(address)
        // Federation and large series queries can stream for a while; PromQL will add its own
        // query timeout below this one.
        .requestTimeout(Duration.ofMinutes(2))
        .maxRequestLength(64L << 20)
        // blocking work (decoding writes, WAL commits, queries) on virtual threads, not 200
        // platform threads; stopped with the server
        .blockingTaskExecutor(new VirtualBlockingExecutor(), true)
        // In-flight requests get up to 10s; stopping also takes ~2s for Netty's event loop
        // shutdown, which Armeria 1.36 does not let us shorten.
        .gracefulShutdownTimeout(Duration.ofMillis(200), Duration.ofSeconds(10))
        // gzip (or brotli) answers for clients that accept them, as Prometheus compresses.
        .decorator(ResponseCompression::new)
        .decorator(metrics);
    for (Routes.Binding b : routes.bindings()) {
      HttpService s = b.requiresReady() ? readiness.guard(b.service()) : b.service();
      sb.service(b.route(), s);
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

  /** Stops accepting, lets in-flight requests finish within the graceful period, then closes. */
  public void stop() {
    server.stop().join();
  }
}
