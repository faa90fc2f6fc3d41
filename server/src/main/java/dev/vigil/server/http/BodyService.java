package dev.vigil.server.http;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregationOptions;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Map;

/**
 * Armeria's side of a {@link BodyHandler}: the body is aggregated into one pooled buffer (plain
 * aggregation copied each network chunk into a heap array of its own and then all of them into
 * another), handed to the handler on the blocking-task executor and released right after.
 * Bodies over the limit get Armeria's 413. Thread-safe.
 */
final class BodyService implements HttpService {
  private final BodyHandler handler;
  private final long maxBodyBytes;

  BodyService(BodyHandler handler, long maxBodyBytes) {
    this.handler = handler;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ctx.setMaxRequestLength(maxBodyBytes);
    return HttpResponse.of(req.aggregate(AggregationOptions.usePooledObjects(ctx.alloc()))
        .thenApplyAsync(this::handle, ctx.blockingTaskExecutor()));
  }

  private HttpResponse handle(AggregatedHttpRequest req) {
    PlainResponse r;
    try (HttpData content = req.content()) {
      r = handler.handle(content.byteBuf().nioBuffer(),
          req.headers().get(HttpHeaderNames.CONTENT_TYPE),
          req.headers().get(HttpHeaderNames.CONTENT_ENCODING));
    }
    return toArmeria(r);
  }

  static HttpResponse toArmeria(PlainResponse r) {
    ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.valueOf(r.status()));
    for (Map.Entry<String, String> e : r.headers().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    if (r.text() == null) {
      return HttpResponse.of(h.build());
    }
    h.contentType(MediaType.PLAIN_TEXT_UTF_8);
    return HttpResponse.of(h.build(), HttpData.ofUtf8(r.text()));
  }
}
