package dev.vigil.server.alerting;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plumbing shared by the Alertmanager API handlers: bodies aggregated and handled on the
 * blocking executor, JSON answers with {@code Cache-Control: no-store} as Alertmanager sends,
 * and go-swagger's reading of boolean query parameters. Stateless.
 */
final class AmHttp {
  private static final Logger LOG = LoggerFactory.getLogger(AmHttp.class);
  // go-swagger (swag.ConvertBool): these read as true, anything else as false
  private static final Set<String> TRUE = Set.of("true", "yes", "1", "y", "on", "selected",
      "checked", "ok");

  /** A handler given the request context, the whole request and its query parameters. */
  @FunctionalInterface
  interface Handler {
    HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest req, QueryParams q)
        throws Exception;
  }

  private AmHttp() {}

  static HttpService service(Handler h) {
    return (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(agg -> {
      try {
        QueryParams q = ctx.query() == null ? QueryParams.of() : QueryParams.fromQueryString(ctx.query());
        return h.handle(ctx, agg, q);
      } catch (Exception e) {
        LOG.atError().setCause(e).addKeyValue("path", ctx.path()).log("alertmanager api failed");
        return json(HttpStatus.INTERNAL_SERVER_ERROR, AmJson.message(String.valueOf(e.getMessage())));
      }
    }, ctx.blockingTaskExecutor()));
  }

  static HttpResponse json(HttpStatus status, byte[] body) {
    return HttpResponse.of(ResponseHeaders.builder(status)
        .contentType(MediaType.JSON)
        .add(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .build(), HttpData.wrap(body));
  }

  static HttpResponse empty(HttpStatus status) {
    return HttpResponse.of(ResponseHeaders.builder(status)
        .add(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .build());
  }

  static HttpResponse badRequest(String message) {
    return json(HttpStatus.BAD_REQUEST, AmJson.message(message));
  }

  static boolean bool(QueryParams q, String name, boolean dflt) {
    String v = q.get(name);
    return v == null ? dflt : TRUE.contains(v.toLowerCase(Locale.ROOT));
  }
}
