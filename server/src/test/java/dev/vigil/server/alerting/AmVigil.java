package dev.vigil.server.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.ServerWiring;
import dev.vigil.server.config.ConfigSource;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.StorageOptions;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.server.lifecycle.WalFsync;
import dev.vigil.server.storage.TsdbStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

/** A wired Vigil with the built-in Alertmanager on 127.0.0.1 (random port), for tests. */
final class AmVigil implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  final VigilServer server;

  private AmVigil(VigilServer server) {
    this.server = server;
  }

  /** Starts over {@code dataDir} with the Alertmanager configuration file {@code amConfig}. */
  static AmVigil start(Path dataDir, Path amConfig) throws Exception {
    return start(dataDir, amConfig, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
  }

  /** The same with the given Vigil configuration text. */
  static AmVigil start(Path dataDir, Path amConfig, String config) throws Exception {
    Path vigilConfig = dataDir.resolveSibling(dataDir.getFileName() + "-vigil.yml");
    Files.writeString(vigilConfig, config);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ServerSettings settings = new ServerSettings(ConfigSource.file(vigilConfig),
        new StorageOptions(dataDir, 15L * 86_400_000, 0, 0, WalFsync.INTERVAL),
        new InetSocketAddress("127.0.0.1", 0), URI.create("http://vigil.example:9090/"), null,
        null, 300_000, true, true, ".*", Set.of(),
        Map.of(AlertingWiring.CONFIG_FLAG, amConfig.toString()));
    TsdbStore store = new TsdbStore();
    VigilServer server = new VigilServer(settings, store, Clock.systemUTC());
    ServerWiring.wire(server, store);
    server.start();
    return new AmVigil(server);
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  Response get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET());
  }

  Response post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE());
  }

  static Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
