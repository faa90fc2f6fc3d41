package dev.vigil.server.http;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.encoding.StreamEncoderFactory;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.encoding.EncodingService;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

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
 * rules ({@link LeanGetAnswer}), and like it codes gzip and deflate at level 1 (see
 * {@link LeanGetGzip} for the figures: level 6 cost ~16 ms of CPU on a 377 KB range answer).
 * Thread-safe.
 */
final class ResponseCompression extends SimpleDecoratingHttpService {
  private final HttpService encoding;

  ResponseCompression(HttpService delegate) {
    super(delegate);
    // the first encoding service of the process loads brotli4j, which leaves a file behind
    this.encoding = BrotliScratch.removeAfter(() -> EncodingService.builder()
        .encodableContentTypes(ResponseCompression::encodable).encoderFactories(encoders())
        .newDecorator().apply(delegate));
  }

  private static final MediaType[] ENCODABLE = {MediaType.ANY_TEXT_TYPE, MediaType.JSON,
      MediaType.APPLICATION_XML_UTF_8, MediaType.JAVASCRIPT_UTF_8};

  /** Armeria's encoders in its order (which picks for a wildcard), gzip and deflate at level 1. */
  private static List<StreamEncoderFactory> encoders() {
    List<StreamEncoderFactory> out = new ArrayList<>();
    for (StreamEncoderFactory f : StreamEncoderFactory.all()) {
      out.add(switch (f.encodingHeaderValue()) {
        case "gzip" -> new Fast("gzip", true);
        case "deflate" -> new Fast("deflate", false);
        default -> f;
      });
    }
    return out;
  }

  /** A gzip or zlib ("deflate") encoder at deflate level 1. */
  private record Fast(String encodingHeaderValue, boolean gzip) implements StreamEncoderFactory {
    @Override
    public OutputStream newEncoder(ByteBufOutputStream out) {
      if (!gzip) {
        return new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED), true) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              def.end(); // a deflater passed in is not ended by close()
            }
          }
        };
      }
      try {
        return new GZIPOutputStream(out, true) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
      } catch (IOException e) {
        throw new UncheckedIOException(e); // writes the header to a buffer: does not happen
      }
    }
  }

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
