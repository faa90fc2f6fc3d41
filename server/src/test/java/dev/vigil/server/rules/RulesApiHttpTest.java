package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.ServerWiring;
import dev.vigil.server.config.ConfigSource;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.StorageOptions;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.server.lifecycle.WalFsync;
import dev.vigil.server.storage.TsdbStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with a rule file and a fake external Alertmanager: rules evaluate on schedule,
 * {@code /api/v1/rules} and {@code /api/v1/alerts} answer in Prometheus's shapes, recorded series
 * are queryable, alerts reach the Alertmanager as {@code /api/v2/alerts} JSON, and a reload with
 * a broken rule file is rejected.
 */
class RulesApiHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;
  private VigilServer server;
  private HttpServer alertmanager;
  private final List<JsonNode> posted = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    if (alertmanager != null) {
      alertmanager.stop(0);
    }
  }

  private static final String RULES = """
      groups:
        - name: example
          interval: 1s
          rules:
            - record: job:one:sum
              expr: vector(1)
              labels: {team: core}
            - alert: AlwaysFiring
              expr: vector(42)
              labels: {severity: page}
              annotations:
                summary: 'value is {{ $value }} in {{ $externalLabels.cluster }}'
            - alert: Pending
              expr: vector(1)
              for: 1h
        - name: other
          interval: 1s
          rules:
            - record: other:one
              expr: vector(2)
      """;

  private void startServer() throws Exception {
    alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    alertmanager.createContext("/api/v2/alerts", ex -> {
      posted.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    alertmanager.start();
    Files.writeString(dir.resolve("rules.yml"), RULES);
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, """
        global:
          evaluation_interval: 1s
          external_labels: {cluster: c1}
        rule_files: ['*.yml.rules', 'rules.yml']
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        """.formatted(alertmanager.getAddress().getPort()));
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ServerSettings settings = new ServerSettings(ConfigSource.file(config),
        new StorageOptions(dir.resolve("data"), 15L * 86_400_000, 0, 0, WalFsync.INTERVAL),
        any, URI.create("http://vigil.example:9090/"), null, null, 300_000, true, true, ".*",
        Set.of(), Map.of());
    TsdbStore store = new TsdbStore();
    server = new VigilServer(settings, store, Clock.systemUTC());
    ServerWiring.wire(server, store);
    server.start();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = JSON.readTree(r.body());
    n = ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("httpStatus", r.statusCode());
    return n;
  }

  private JsonNode awaitEvaluated() throws Exception {
    for (int i = 0; i < 100; i++) {
      JsonNode rules = get("/api/v1/rules");
      boolean all = true;
      for (JsonNode g : rules.at("/data/groups")) {
        for (JsonNode r : g.get("rules")) {
          all &= !r.get("health").asText().equals("unknown");
        }
      }
      if (all && !posted.isEmpty()) {
        return rules;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("rules not evaluated within 10s");
  }

  @Test
  @Timeout(60)
  void rulesAlertsAndAlertmanager() throws Exception {
    startServer();
    JsonNode rules = awaitEvaluated();
    assertThat(rules.get("status").asText()).isEqualTo("success");
    JsonNode g = rules.at("/data/groups/0");
    assertThat(g.get("name").asText()).isEqualTo("example");
    assertThat(g.get("file").asText()).isEqualTo(dir.resolve("rules.yml").toString());
    assertThat(g.get("interval").asDouble()).isEqualTo(1);
    assertThat(g.get("limit").asInt()).isZero();
    assertThat(g.get("lastEvaluation").asText()).endsWith("Z").doesNotStartWith("0001");
    JsonNode rec = g.at("/rules/0");
    assertThat(rec.get("type").asText()).isEqualTo("recording");
    assertThat(rec.get("name").asText()).isEqualTo("job:one:sum");
    assertThat(rec.get("query").asText()).isEqualTo("vector(1)");
    assertThat(rec.at("/labels/team").asText()).isEqualTo("core");
    assertThat(rec.get("health").asText()).isEqualTo("ok");
    assertThat(rec.has("lastError")).isFalse();
    JsonNode alert = g.at("/rules/1");
    assertThat(alert.get("type").asText()).isEqualTo("alerting");
    assertThat(alert.get("state").asText()).isEqualTo("firing");
    assertThat(alert.get("duration").asDouble()).isZero();
    assertThat(alert.at("/alerts/0/state").asText()).isEqualTo("firing");
    assertThat(alert.at("/alerts/0/value").asText()).isEqualTo("4.2e+01");
    assertThat(alert.at("/alerts/0/annotations/summary").asText()).isEqualTo("value is 42 in c1");
    assertThat(alert.at("/alerts/0/labels/alertname").asText()).isEqualTo("AlwaysFiring");
    assertThat(g.at("/rules/2/state").asText()).isEqualTo("pending");
    assertThat(g.at("/rules/2/duration").asDouble()).isEqualTo(3600);

    assertThat(get("/api/v1/rules?type=alert").at("/data/groups/0/rules")).hasSize(2);
    assertThat(get("/api/v1/rules?type=record").at("/data/groups")).hasSize(2);
    assertThat(get("/api/v1/rules?rule_group[]=other").at("/data/groups")).hasSize(1);
    assertThat(get("/api/v1/rules?rule_name[]=Pending").at("/data/groups/0/rules/0/name").asText())
        .isEqualTo("Pending");
    assertThat(get("/api/v1/rules?file[]=nope").at("/data/groups")).isEmpty();
    assertThat(get("/api/v1/rules?exclude_alerts=true").at("/data/groups/0/rules/1").has("alerts"))
        .isFalse();
    String match = URLEncoder.encode("{severity=\"page\"}", StandardCharsets.UTF_8);
    JsonNode matched = get("/api/v1/rules?match[]=" + match);
    assertThat(matched.at("/data/groups")).hasSize(1);
    assertThat(matched.at("/data/groups/0/rules")).hasSize(1);
    JsonNode bad = get("/api/v1/rules?type=foo");
    assertThat(bad.get("httpStatus").asInt()).isEqualTo(400);
    assertThat(bad.get("errorType").asText()).isEqualTo("bad_data");

    JsonNode alerts = get("/api/v1/alerts");
    assertThat(alerts.at("/data/alerts")).hasSize(2);
    assertThat(alerts.at("/data/alerts").findValuesAsText("state"))
        .containsExactlyInAnyOrder("firing", "pending");

    JsonNode q = get("/api/v1/query?query=job:one:sum");
    assertThat(q.at("/data/result/0/metric/team").asText()).isEqualTo("core");
    // ALERTS series start once the for state has been restored, after the second evaluation.
    JsonNode alertsSeries = get("/api/v1/query?query=ALERTS");
    for (int i = 0; i < 100 && alertsSeries.at("/data/result").size() < 2; i++) {
      Thread.sleep(100);
      alertsSeries = get("/api/v1/query?query=ALERTS");
    }
    assertThat(alertsSeries.at("/data/result")).hasSize(2);

    HttpResponse<String> self = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(self.body()).contains("prometheus_rule_group_iterations_total{rule_group=\""
        + dir.resolve("rules.yml") + ";example\"}").contains("prometheus_notifications_sent_total");

    JsonNode sent = posted.getFirst();
    assertThat(sent.isArray()).isTrue();
    JsonNode a = sent.get(0);
    assertThat(a.at("/labels/alertname").asText()).isEqualTo("AlwaysFiring");
    assertThat(a.at("/labels/cluster").asText()).as("external labels added").isEqualTo("c1");
    assertThat(a.get("startsAt").asText()).endsWith("Z");
    assertThat(a.get("endsAt").asText()).endsWith("Z");
    assertThat(a.get("generatorURL").asText())
        .isEqualTo("http://vigil.example:9090/graph?g0.expr=vector%2842%29&g0.tab=1");
  }

  @Test
  @Timeout(60)
  void brokenRuleFileRejectsTheReloadAndKeepsTheRules() throws Exception {
    startServer();
    awaitEvaluated();
    Files.writeString(dir.resolve("rules.yml"), "groups:\n  - name: x\n    rules:\n      - record: y\n        expr: 'sum('\n");
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/-/reload"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("could not parse expression");
    assertThat(get("/api/v1/rules").at("/data/groups")).hasSize(2);

    Files.writeString(dir.resolve("rules.yml"), RULES.replace("other:one", "other:two"));
    r = CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/-/reload"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode groups = get("/api/v1/rules").at("/data/groups");
    assertThat(groups.at("/1/rules/0/name").asText()).isEqualTo("other:two");
    assertThat(groups.at("/0/rules/1/state").asText()).as("unchanged group keeps its alerts")
        .isEqualTo("firing");
  }
}
