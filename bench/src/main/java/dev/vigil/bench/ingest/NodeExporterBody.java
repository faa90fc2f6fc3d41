package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.PeerProcess;

import dev.vigil.ingest.exposition.ExpositionException;
import dev.vigil.ingest.exposition.ExpositionFormat;
import dev.vigil.ingest.exposition.ExpositionParser;
import dev.vigil.ingest.exposition.ExpositionSink;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body the workload starts from: a real node_exporter, started on a free 127.0.0.1 port and
 * scraped once in the Prometheus text format (0.0.4), and read into series with Vigil's own
 * exposition parser, each classed as counter-like or gauge-like from its family's {@code # TYPE}.
 */
final class NodeExporterBody {
  private NodeExporterBody() {}

  /** Starts node_exporter, scrapes {@code /metrics} once, stops it. */
  static byte[] scrape(Path binary, Path tmp, long clockTicks)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      throw new IOException("node_exporter is not installed at " + binary
          + " (Debian package prometheus-node-exporter); pass --node-exporter PATH");
    }
    Path work = Files.createTempDirectory(tmp, "vigil-ingest-node-exporter-");
    int port = PeerProcess.freePort();
    try (PeerProcess p = PeerProcess.start("node_exporter",
            List.of(binary.toString(), "--web.listen-address=127.0.0.1:" + port),
            work.resolve("node_exporter.log"), clockTicks);
        LocalHttp http = new LocalHttp(port)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        if (!p.alive()) {
          throw new IOException("node_exporter exited: " + p.logTail(5));
        }
        LocalHttp.Answer a = http.get("/metrics", Duration.ofSeconds(10));
        if (a.ok() && a.body().contains("node_")) {
          return a.body().getBytes(StandardCharsets.UTF_8);
        }
        Thread.sleep(200);
      }
      throw new IOException("node_exporter did not serve /metrics within 30 s: " + p.logTail(5));
    } finally {
      ReceiverRun.deleteTree(work);
    }
  }

  /** Whether a series grows monotonically (counter-like) or moves both ways (gauge-like). */
  enum Kind {
    COUNTER,
    GAUGE
  }

  /** One series of the body: its labels (with {@code __name__}), its value and its kind. */
  record Line(Labels labels, double value, Kind kind) {
    String name() {
      return labels.metricName();
    }
  }

  static List<Line> parse(byte[] body) {
    Map<String, MetricType> types = new HashMap<>();
    List<Labels> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try {
      ExpositionParser.parse(body, ExpositionFormat.PROMETHEUS_TEXT, new ExpositionSink() {
        @Override
        public void metadata(String family, MetricMetadata m) {
          types.put(family, m.type());
        }

        @Override
        public void sample(Labels l, long timestampMs, double value, Exemplar exemplar) {
          labels.add(l);
          values.add(value);
        }
      });
    } catch (ExpositionException e) {
      throw new IllegalArgumentException(
          "cannot read the node_exporter body: " + e.getMessage(), e);
    }
    List<Line> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.add(new Line(labels.get(i), values.get(i), kind(labels.get(i).metricName(), types)));
    }
    return out;
  }

  /**
   * Counters, and the _sum/_count/_bucket parts of summaries and histograms, only grow; quantiles,
   * gauges and untyped series can move either way.
   */
  private static Kind kind(String name, Map<String, MetricType> types) {
    MetricType type = types.get(name);
    if (type != null) {
      return type == MetricType.COUNTER ? Kind.COUNTER : Kind.GAUGE;
    }
    for (String suffix : new String[] {"_sum", "_count", "_bucket", "_total"}) {
      if (name.endsWith(suffix)) {
        MetricType family = types.get(name.substring(0, name.length() - suffix.length()));
        if (family == MetricType.COUNTER || family == MetricType.SUMMARY
            || family == MetricType.HISTOGRAM) {
          return Kind.COUNTER;
        }
      }
    }
    return Kind.GAUGE;
  }
}
