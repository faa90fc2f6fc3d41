package dev.vigil.server.ingest;

import com.linecorp.armeria.common.HttpStatus;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiver;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.ingest.remotewrite.RemoteWriteResult;
import dev.vigil.ingest.remotewrite.RemoteWriteStatus;
import dev.vigil.model.Appender;
import dev.vigil.model.Storage;
import dev.vigil.server.http.BodyHandler;
import dev.vigil.server.http.PlainResponse;
import dev.vigil.server.selfmetrics.Counter;
import dev.vigil.server.selfmetrics.MetricRegistry;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote write 1.0 and 2.0 (chosen by the content type's
 * {@code proto} parameter), snappy bodies. One appender per request, committed or rolled back as
 * {@link RemoteWriteResult#commit()} says; the status maps to HTTP as {@link RemoteWriteStatus}
 * documents (204, 400, 413, 415, 500), errors carry the message as plain text as Prometheus's
 * receiver does, and 2.0 requests get the {@code X-Prometheus-Remote-Write-*-Written} headers.
 * Registered with {@link dev.vigil.server.http.Routes#post}, so the body size limit (413) is the
 * route's and both Armeria and the lean HTTP/1.1 path call it, on a virtual thread. Thread-safe.
 */
public final class RemoteWriteService implements BodyHandler {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteService.class);

  private final Storage storage;
  private final RemoteWriteReceiverPool receivers;
  private final Counter requests;
  private final Counter samples;
  private final Counter exemplars;
  private final Counter metadata;
  private final Counter rejected;
  // The children of the unlabelled counters and of the usual status, looked up once: a family
  // lookup per request (a varargs array, a string and a map probe each) was per-request work
  // and hot JDK code for the JIT to compile.
  private final Counter.Child samplesChild;
  private final Counter.Child exemplarsChild;
  private final Counter.Child metadataChild;
  private final Counter.Child rejectedChild;
  private final Counter.Child noContentRequests;

  public RemoteWriteService(Storage storage, RemoteWriteReceiverPool receivers,
      MetricRegistry metrics) {
    this.storage = storage;
    this.receivers = receivers;
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
    this.samplesChild = samples.labels();
    this.exemplarsChild = exemplars.labels();
    this.metadataChild = metadata.labels();
    this.rejectedChild = rejected.labels();
    this.noContentRequests = requests.labels(Integer.toString(HttpStatus.NO_CONTENT.code()));
  }

  @Override
  public PlainResponse handle(ByteBuffer body, String contentType, String encoding) {
    Appender app = storage.appender();
    RemoteWriteResult r;
    try {
      r = receivers.write(body, contentType, encoding, app);
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
      samplesChild.inc(r.samples());
      if (r.exemplars() > 0) {
        exemplarsChild.inc(r.exemplars());
      }
      if (r.metadata() > 0) {
        metadataChild.inc(r.metadata());
      }
    }
    if (r.rejected() > 0) {
      rejectedChild.inc(r.rejected());
    }
    int status = status(r.status()).code();
    (status == 204 ? noContentRequests : requests.labels(Integer.toString(status))).inc();
    Map<String, String> headers = Map.of();
    if (RemoteWriteReceiver.isV2(contentType)) {
      headers = new LinkedHashMap<>();
      headers.put(RemoteWriteReceiver.HEADER_SAMPLES_WRITTEN.toLowerCase(Locale.ROOT),
          Long.toString(r.commit() ? r.samples() : 0));
      headers.put(RemoteWriteReceiver.HEADER_HISTOGRAMS_WRITTEN.toLowerCase(Locale.ROOT),
          Long.toString(r.commit() ? r.histograms() : 0));
      headers.put(RemoteWriteReceiver.HEADER_EXEMPLARS_WRITTEN.toLowerCase(Locale.ROOT),
          Long.toString(r.commit() ? r.exemplars() : 0));
    }
    return r.ok() ? PlainResponse.empty(status, headers)
        : PlainResponse.text(status, headers, r.message() + "\n");
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

  private static void rollbackQuietly(Appender app) {
    try {
      app.rollback();
    } catch (RuntimeException e) {
      // the store already failed; the commit error is what the sender hears about
    }
  }
}
