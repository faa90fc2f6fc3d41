package dev.vigil.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.ServerWiring;
import dev.vigil.server.backfill.ImportOptions;
import dev.vigil.server.backfill.ImportProgress;
import dev.vigil.server.backfill.OpenMetricsImporter;
import dev.vigil.server.config.ConfigSource;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.StorageOptions;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.server.lifecycle.WalFsync;
import dev.vigil.server.storage.TsdbStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The same OpenMetrics file backfilled into a real Prometheus 2.42 ({@code promtool tsdb
 * create-blocks-from openmetrics}, then {@code prometheus} on 127.0.0.1 and a free port) and into
 * a fully wired Vigil ({@code vigil import openmetrics}'s importer, then the server with its disk
 * store), both answering the HTTP API. Close stops both.
 */
final class ParityPeers implements AutoCloseable {
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  final String prometheus;
  final String vigil;
  private final Process prom;
  private final VigilServer server;

  private ParityPeers(String prometheus, String vigil, Process prom, VigilServer server) {
    this.prometheus = prometheus;
    this.vigil = vigil;
    this.prom = prom;
    this.server = server;
  }

  static boolean installed() {
    return Files.isExecutable(PROMTOOL) && Files.isExecutable(PROMETHEUS);
  }

  static ParityPeers start(Path dir, String openMetrics) throws Exception {
    Path input = dir.resolve("input.om");
    Files.writeString(input, openMetrics);
    Path promData = dir.resolve("prom");
    Process tool = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from",
        "openmetrics", input.toString(), promData.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
    assertThat(tool.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(tool.exitValue()).as(Files.readString(dir.resolve("promtool.log"))).isZero();

    Path vigilData = dir.resolve("vigil");
    new OpenMetricsImporter(ImportOptions.defaults(), ImportProgress.NONE)
        .importFile(input, vigilData);

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    Process prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + cfg,
        "--storage.tsdb.path=" + promData, "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prom.log").toFile()).start();
    VigilServer server = null;
    try {
      Path vcfg = dir.resolve("vigil.yml");
      Files.writeString(vcfg, "global:\n  scrape_interval: 1h\n");
      InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
      ServerSettings settings = new ServerSettings(ConfigSource.file(vcfg),
          new StorageOptions(vigilData, 0, 0, 0, WalFsync.INTERVAL), any,
          URI.create("http://127.0.0.1:9090/"), null, null, 300_000, false, false, ".*",
          Set.of(), Map.of());
      TsdbStore store = new TsdbStore();
      server = new VigilServer(settings, store, Clock.systemUTC());
      ServerWiring.wire(server, store);
      server.start();
      String promBase = "http://127.0.0.1:" + port;
      awaitReady(promBase, prom);
      return new ParityPeers(promBase, "http://127.0.0.1:" + server.port(), prom, server);
    } catch (Exception | Error e) {
      if (server != null) {
        server.stop();
      }
      stop(prom);
      throw e;
    }
  }

  private static void awaitReady(String base, Process prom) throws Exception {
    for (int i = 0; i < 600 && prom.isAlive(); i++) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/-/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus did not get ready (alive: " + prom.isAlive() + ")");
  }

  /** GET {@code base + pathAndQuery}: status and parsed body. */
  static Answer get(String base, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), JSON.readTree(r.body()));
  }

  record Answer(int status, String body, JsonNode json) {}

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      stop(prom);
    }
  }
}
