package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.vigil.server.selfmetrics.Counter;
import dev.vigil.server.selfmetrics.Histogram;
import dev.vigil.server.selfmetrics.MetricRegistry;

/**
 * Counts requests by handler (the route pattern, e.g. {@code /api/v1/label/:name/values}) and
 * status code, and observes their duration: {@code vigil_http_requests_total{handler,code}},
 * {@code vigil_http_request_duration_seconds{handler}}. Thread-safe.
 */
public final class HttpMetrics implements DecoratingHttpServiceFunction {
  private final Counter requests;
  private final Histogram duration;

  public HttpMetrics(MetricRegistry registry) {
    this.requests = registry.counter("vigil_http_requests",
        "Counter of HTTP requests.", "handler", "code");
    this.duration = registry.histogram("vigil_http_request_duration_seconds",
        "Histogram of latencies for HTTP requests.", Histogram.DEFAULT_BUCKETS, "handler");
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    ctx.log().whenComplete().thenAccept(log -> {
      String handler = ctx.config().route().patternString();
      int code = log.responseHeaders().status().code();
      requests.labels(handler, Integer.toString(code)).inc();
      duration.labels(handler).observe(log.totalDurationNanos() / 1e9);
    });
    return delegate.serve(ctx, req);
  }

  /**
   * The request counter of one handler and status code, for a caller that records many requests
   * of the same kind and keeps it (looking the child up costs a label array, a string and a map
   * lookup per request).
   */
  Counter.Child requests(String handler, int code) {
    return requests.labels(handler, Integer.toString(code));
  }

  /** The duration histogram of one handler, for a caller that keeps it. */
  Histogram.Child duration(String handler) {
    return duration.labels(handler);
  }

  /** Records one request served outside Armeria (the lean path of {@link WebServer}). */
  void observe(String handler, int code, long durationNanos) {
    requests.labels(handler, Integer.toString(code)).inc();
    duration.labels(handler).observe(durationNanos / 1e9);
  }
}
