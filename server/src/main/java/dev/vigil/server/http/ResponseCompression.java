package dev.vigil.server.http;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.encoding.EncodingService;

/**
 * Compressed answers (gzip, deflate, brotli) for clients that send {@code Accept-Encoding}, as
 * Prometheus compresses, through Armeria's {@link EncodingService}; requests without that header
 * bypass it.
 *
 * <p>Why not the encoding service for every request: it declares every exchange
 * bidirectionally streaming, which makes Armeria answer through its streaming response path (a
 * flush and a socket write for the headers, another for the body, and a chain of stream
 * subscribers per answer) even for a service that says its answers are unary. Bypassed, a unary
 * service's answer goes out through Armeria's aggregated path: headers and body in one write.
 *
 * <p>Which answers are coded: those of a text, JSON, XML or JavaScript type, when their length
 * is unknown (streamed) or at least 1 KiB (the encoding service's threshold). Armeria's default
 * type list names JSON only with {@code charset=utf-8}, which left the plain
 * {@code application/json} answers of the query API uncompressed, unlike Prometheus; the list
 * here takes JSON with or without a charset. The lean GET path codes its answers by the same
 * rules ({@link LeanGetAnswer}). Thread-safe.
 */
final class ResponseCompression extends SimpleDecoratingHttpService {
  private final HttpService encoding;

  ResponseCompression(HttpService delegate) {
    super(delegate);
    this.encoding = EncodingService.builder().encodableContentTypes(ResponseCompression::encodable)
        .newDecorator().apply(delegate);
  }

  private static final MediaType[] ENCODABLE = {MediaType.ANY_TEXT_TYPE, MediaType.JSON,
      MediaType.APPLICATION_XML_UTF_8, MediaType.JAVASCRIPT_UTF_8};

  /** Whether answers of this type are worth coding (see the class comment). */
  static boolean encodable(MediaType type) {
    for (MediaType t : ENCODABLE) {
      if (type.belongsTo(t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the client names any content coding it accepts (the encoding service decides). */
  static boolean asksForEncoding(RequestHeaders headers) {
    String v = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
    return v != null && !v.isBlank();
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    HttpService target = asksForEncoding(req.headers()) ? encoding : (HttpService) unwrap();
    return target.serve(ctx, req);
  }

  @Override
  public ExchangeType exchangeType(RoutingContext routingContext) {
    return asksForEncoding(routingContext.headers())
        ? encoding.exchangeType(routingContext)
        : ((HttpService) unwrap()).exchangeType(routingContext);
  }
}
