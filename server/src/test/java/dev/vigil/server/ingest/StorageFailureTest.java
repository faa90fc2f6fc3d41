package dev.vigil.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.vigil.ingest.otlp.OtlpMetricsTranslator;
import dev.vigil.ingest.remotewrite.RemoteWriteLimits;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.ingest.remotewrite.RemoteWriteStatus;
import dev.vigil.ingest.remotewrite.WriteRequestEncoder;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Storage;
import dev.vigil.model.StorageException;
import dev.vigil.server.http.HttpMetrics;
import dev.vigil.server.http.Readiness;
import dev.vigil.server.http.Routes;
import dev.vigil.server.http.WebServer;
import dev.vigil.server.selfmetrics.MetricRegistry;
import dev.vigil.testkit.ForwardingStorage;
import dev.vigil.testkit.MemoryStorage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store failing at commit makes every write path answer a retryable error (remote write 500,
 * OTLP/HTTP 503, OTLP/gRPC UNAVAILABLE) with the store's message, so that senders retry; and the
 * status mapping of remote write is the one {@link RemoteWriteStatus} documents.
 */
@Timeout(30)
class StorageFailureTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Server server;
  private WebServer web;

  @BeforeEach
  void start() {
    Storage failing = new FailingStorage(new MemoryStorage());
    MetricRegistry metrics = new MetricRegistry();
    OtlpMetricsWriter otlp = new OtlpMetricsWriter(failing, new OtlpMetricsTranslator(), metrics);
    Readiness ready = new Readiness();
    ready.setReady(true);
    web = new WebServer(new java.net.InetSocketAddress("127.0.0.1", 0), new Routes().post(
        "/api/v1/write", new RemoteWriteService(failing, new RemoteWriteReceiverPool(
            RemoteWriteLimits.defaults(), Clock.systemUTC(), 64, 1), metrics), 1 << 20, true),
        ready, new HttpMetrics(metrics));
    web.start();
    server = Server.builder().http(new java.net.InetSocketAddress("127.0.0.1", 0))
        .service("/v1/metrics", new OtlpHttpService(otlp, 1 << 20))
        .service(GrpcService.builder().addService(new OtlpGrpcService(otlp))
            .useBlockingTaskExecutor(true).build())
        .build();
    server.start().join();
  }

  @AfterEach
  void stop() {
    server.stop().join();
    web.stop();
  }

  @Test
  void everyPathAnswersRetryably() throws Exception {
    String base = "http://127.0.0.1:" + server.activeLocalPort();
    byte[] rw = new WriteRequestEncoder()
        .series(Labels.of("__name__", "x", "job", "j"), System.currentTimeMillis(), 1).toBody();
    HttpResponse<String> r = post("http://127.0.0.1:" + web.port() + "/api/v1/write", rw,
        "application/x-protobuf");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("disk on fire");

    r = post(base + "/v1/metrics", request().toByteArray(), "application/x-protobuf");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("disk on fire");

    MetricsServiceGrpc.MetricsServiceBlockingStub stub = GrpcClients.newClient(base + "/",
        MetricsServiceGrpc.MetricsServiceBlockingStub.class);
    assertThatThrownBy(() -> stub.export(request()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("disk on fire");
        });

    r = post(base + "/v1/metrics", "x".getBytes(), "text/plain");
    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void remoteWriteStatusMapping() {
    Map<RemoteWriteStatus, Integer> want = Map.of(RemoteWriteStatus.OK, 204,
        RemoteWriteStatus.BAD_DATA, 400, RemoteWriteStatus.LIMIT, 400,
        RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE, 415, RemoteWriteStatus.TOO_LARGE, 413,
        RemoteWriteStatus.STORAGE, 500);
    for (RemoteWriteStatus s : RemoteWriteStatus.values()) {
      int code = RemoteWriteService.status(s).code();
      assertThat(code).as(s.name()).isEqualTo(want.get(s));
      // only retryable statuses may be 5xx: senders retry exactly those
      assertThat(code >= 500).as(s.name()).isEqualTo(s.retryable());
    }
  }

  private HttpResponse<String> post(String url, byte[] body, String type) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ExportMetricsServiceRequest request() {
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
            .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("s"))))
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("g")
            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L).setAsDouble(1))))))
        .build();
  }

  /** Appends into the delegate but fails every commit, as a store with a broken disk. */
  private static final class FailingStorage extends ForwardingStorage {
    FailingStorage(Storage delegate) {
      super(delegate);
    }

    @Override
    public Appender appender() {
      Appender a = delegate.appender();
      return new Appender() {
        @Override
        public long append(long ref, Labels labels, long t, double v) {
          return a.append(ref, labels, t, v);
        }

        @Override
        public long appendExemplar(long ref, Labels labels, Exemplar e) {
          return a.appendExemplar(ref, labels, e);
        }

        @Override
        public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
          return a.updateMetadata(ref, labels, m);
        }

        @Override
        public void commit() {
          a.rollback();
          throw new StorageException("cannot write wal: disk on fire");
        }

        @Override
        public void rollback() {
          a.rollback();
        }
      };
    }
  }
}
