package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.regex.Pattern;

/**
 * The CORS headers Prometheus sets on API answers ({@code --web.cors.origin}, default
 * {@code .*}), so that browser clients such as Grafana in direct mode can call the API; and the
 * answer to preflight {@code OPTIONS} requests (204). Thread-safe.
 */
public final class Cors {
  private final Pattern origin;

  /** @param originRegex anchored regex the {@code Origin} header must match */
  public Cors(String originRegex) {
    this.origin = Pattern.compile("^(?:" + originRegex + ")$");
  }

  /** Wraps a service; the wrapper keeps the service's exchange type (e.g. unary answers). */
  public HttpService decorate(HttpService service) {
    return service.decorate((delegate, ctx, req) ->
        withHeaders(ctx, req, delegate.serve(ctx, req)));
  }

  /** The preflight answer for every API path. */
  public HttpService preflight() {
    return (ctx, req) -> withHeaders(ctx, req, HttpResponse.of(HttpStatus.NO_CONTENT));
  }

  private HttpResponse withHeaders(ServiceRequestContext ctx, HttpRequest req, HttpResponse res) {
    String o = req.headers().get(HttpHeaderNames.ORIGIN);
    if (o == null || !origin.matcher(o).matches()) {
      return res;
    }
    return res.mapHeaders(h -> h.toBuilder()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
              "Accept, Authorization, Content-Type, Origin")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Date")
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, o)
          .build());
  }
}
