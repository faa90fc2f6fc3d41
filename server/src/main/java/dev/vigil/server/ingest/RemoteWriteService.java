package dev.vigil.server.ingest;

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
import dev.vigil.ingest.remotewrite.RemoteWriteReceiver;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.ingest.remotewrite.RemoteWriteResult;
import dev.vigil.ingest.remotewrite.RemoteWriteStatus;
import dev.vigil.model.Appender;
import dev.vigil.model.Storage;
import dev.vigil.server.selfmetrics.Counter;
import dev.vigil.server.selfmetrics.MetricRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote write 1.0 and 2.0 (chosen by the content type's
 * {@code proto} parameter), snappy bodies. One appender per request, committed or rolled back as
 * {@link RemoteWriteResult#commit()} says; the status maps to HTTP as {@link RemoteWriteStatus}
 * documents (204, 400, 413, 415, 500), errors carry the message as plain text as Prometheus's
 * receiver does, and 2.0 requests get the {@code X-Prometheus-Remote-Write-*-Written} headers.
 * Decoding and appending run on the blocking-task executor, never on the event loop. Thread-safe.
 */
public final class RemoteWriteService implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteService.class);

  private final Storage storage;
  private final RemoteWriteReceiverPool receivers;
  private final long maxBodyBytes;
  private final Counter requests;
  private final Counter samples;
  private final Counter exemplars;
  private final Counter metadata;
  private final Counter rejected;

  /** @param maxBodyBytes largest compressed body accepted; larger ones get 413 */
  public RemoteWriteService(Storage storage, RemoteWriteReceiverPool receivers,
      long maxBodyBytes, MetricRegistry metrics) {
    this.storage = storage;
    this.receivers = receivers;
    this.maxBodyBytes = maxBodyBytes;
    this.requests = metrics.counter("vigil_remote_write_requests",
        "Remote write requests received, by HTTP status code.", "code");
    this.samples = metrics.counter("vigil_remote_write_samples",
        "Samples written through remote write.");
    this.exemplars = metrics.counter("vigil_remote_write_exemplars",
        "Exemplars written through remote write.");
    this.metadata = metrics.counter("vigil_remote_write_metadata",
        "Metadata entries written through remote write.");
    this.rejected = metrics.counter("vigil_remote_write_rejected_samples",
        "Samples refused by remote write (invalid, out of order, limits).");
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ctx.setMaxRequestLength(maxBodyBytes);
    // Pooled aggregation: the body's network chunks are gathered into one pooled buffer, where
    // plain aggregation copied each chunk into a heap array of its own and then all of them into
    // another (two allocations and two copies of every body on the event loop). The receiver
    // copies it once more into a buffer it keeps, on the blocking thread, and it is released
    // right after.
    return HttpResponse.of(req.aggregate(AggregationOptions.usePooledObjects(ctx.alloc()))
        .thenApplyAsync(this::handlePooled, ctx.blockingTaskExecutor()));
  }

  private HttpResponse handlePooled(AggregatedHttpRequest req) {
    try (HttpData content = req.content()) {
      return handle(req, content);
    }
  }

  private HttpResponse handle(AggregatedHttpRequest req, HttpData content) {
    String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    Appender app = storage.appender();
    RemoteWriteResult r;
    try {
      r = receivers.write(content.byteBuf().nioBuffer(), contentType, encoding, app);
      if (r.commit()) {
        app.commit();
      } else {
        app.rollback();
      }
    } catch (RuntimeException e) {
      rollbackQuietly(app);
      log.atError().setCause(e).log("remote write failed in storage");
      r = RemoteWriteResult.refused(RemoteWriteStatus.STORAGE,
          "cannot store write request: " + e.getMessage());
    }
    if (r.commit()) {
      samples.inc(r.samples());
      exemplars.inc(r.exemplars());
      metadata.inc(r.metadata());
    }
    rejected.inc(r.rejected());
    HttpStatus status = status(r.status());
    requests.labels(Integer.toString(status.code())).inc();
    ResponseHeadersBuilder h = ResponseHeaders.builder(status);
    if (isV2(contentType)) {
      long written = r.commit() ? r.samples() : 0;
      h.set(RemoteWriteReceiver.HEADER_SAMPLES_WRITTEN, Long.toString(written))
          .set(RemoteWriteReceiver.HEADER_HISTOGRAMS_WRITTEN,
              Long.toString(r.commit() ? r.histograms() : 0))
          .set(RemoteWriteReceiver.HEADER_EXEMPLARS_WRITTEN,
              Long.toString(r.commit() ? r.exemplars() : 0));
    }
    if (r.ok()) {
      return HttpResponse.of(h.build());
    }
    h.contentType(MediaType.PLAIN_TEXT_UTF_8);
    return HttpResponse.of(h.build(), HttpData.ofUtf8(r.message() + "\n"));
  }

  /** The HTTP status for a result, as {@link RemoteWriteStatus} documents. */
  static HttpStatus status(RemoteWriteStatus s) {
    return switch (s) {
      case OK -> HttpStatus.NO_CONTENT;
      case BAD_DATA, LIMIT -> HttpStatus.BAD_REQUEST;
      case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
      case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case STORAGE -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static boolean isV2(String contentType) {
    return contentType != null
        && contentType.replace(" ", "").contains("proto=" + RemoteWriteReceiver.PROTO_V2);
  }

  private static void rollbackQuietly(Appender app) {
    try {
      app.rollback();
    } catch (RuntimeException e) {
      // the store already failed; the commit error is what the sender hears about
    }
  }
}
