package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.net.InetSocketAddress;
import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
  private final LeanGetPath leanGets;
  private final EventLoopGroup workers;

  public WebServer(InetSocketAddress address, Routes routes, Readiness readiness,
      HttpMetrics metrics) {
    VirtualBlockingExecutor blocking = new VirtualBlockingExecutor();
    this.workers = EventLoopGroups.newEventLoopGroup(
        eventLoops(Runtime.getRuntime().availableProcessors()), "vigil-http-loop", true);
    ServerBuilder sb = Server.builder()
        .http(address)
        .workerGroup(workers, false)
        // Netty's pooling allocators keep chunks (magazines per thread) committed for good: 5-6
        // MiB of direct memory after ./bench/run-ingest, for bodies of ~43 KB that one request
        // at a time per connection holds (LeanPostHandler reuses its body buffer). Unpooled
        // buffers are malloc'ed and freed with the request: ~2 MiB, for a few microseconds of
        // allocation per request.
        .childChannelOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
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
    List<Routes.GetBinding> gets = routes.getBindings();
    if (bodies.isEmpty() && gets.isEmpty()) {
      this.lean = null;
      this.leanGets = null;
    } else {
      // Whole-body POST endpoints (remote write) and plain query GETs also get lean HTTP/1.1
      // paths in front of Armeria on this port; the POST path takes over the idle timeout (for
      // both), see LeanPostHandler.
      long idle = Flags.defaultServerIdleTimeoutMillis();
      LeanPostPath path = new LeanPostPath(bodies, blocking, readiness, metrics, idle,
          REQUEST_TIMEOUT.toMillis() + idle);
      Set<String> postPaths = new HashSet<>();
      for (Routes.Binding b : routes.bindings()) {
        if (b.route().methods().contains(HttpMethod.POST)) {
          postPaths.add(b.route().patternString());
        }
      }
      LeanGetPath getPath = gets.isEmpty() ? null
          : new LeanGetPath(gets, postPaths, blocking, readiness, metrics, path);
      sb.idleTimeoutMillis(0)
          .childChannelPipelineCustomizer(p -> {
            // first the POST path, then the GET path, then Armeria's handlers
            if (getPath != null) {
              p.addFirst(new LeanGetHandler(getPath));
            }
            p.addFirst(new LeanPostHandler(path));
          })
          .decorator((delegate, ctx, req) -> {
            ctx.log().whenComplete().thenRun(() -> {
              path.answered(ctx.remoteAddress());
              if (getPath != null) {
                getPath.answered(ctx.remoteAddress());
              }
            });
            return delegate.serve(ctx, req);
          });
      this.lean = path;
      this.leanGets = getPath;
    }
    this.server = sb.build();
  }

  /**
   * Event loops for this port: one per two cores. Why not Armeria's shared group of two per core:
   * the loops here only move bytes (decoding, appending and querying run on virtual threads), so
   * they sleep and wake twice per request; with one loop per connection, as four remote-write
   * senders got on a 2-core machine, every wake-up was a context switch of its own, while one
   * loop serving all of them finds several connections ready per wake-up. On ./bench/run-ingest
   * (2 cores) that cut the event loops' CPU by about a quarter.
   */
  static int eventLoops(int cores) {
    return Math.max(1, cores / 2);
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

  /** Lean GET requests served so far (0 without lean GET endpoints). */
  long leanGetRequests() {
    return leanGets == null ? 0 : leanGets.served();
  }

  /** Stops accepting, lets in-flight requests finish within the graceful period, then closes. */
  public void stop() {
    if (leanGets != null) {
      leanGets.close(GRACEFUL_TIMEOUT.toMillis());
    }
    if (lean != null) {
      lean.close(GRACEFUL_TIMEOUT.toMillis());
    }
    try {
      server.stop().join();
    } finally {
      // the server has closed its connections: nothing is left for a quiet period to wait for
      workers.shutdownGracefully(0, GRACEFUL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
