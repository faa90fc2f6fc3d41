package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus 2.42 with Vigil as its Alertmanager (API v2): the alert of a rule that fires
 * at once shows in Vigil's {@code /api/v2/alerts}, reaches a local webhook receiver, and both
 * are in the alert history. Skips when Prometheus is absent.
 */
@Timeout(90)
class PrometheusAlertingTest {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir Path dir;

  @Test
  void prometheusDeliversItsAlertsToVigil() throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus not installed at " + PROMETHEUS);
    HookSink hook = HookSink.start();
    List<String> received = hook.received();
    Path amCfg = dir.resolve("am.yml");
    Files.writeString(amCfg, """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d/hook
        """.formatted(hook.port()));
    Process prom = null;
    try (AmVigil vigil = AmVigil.start(dir.resolve("data"), amCfg)) {
      Files.writeString(dir.resolve("rules.yml"), """
          groups:
            - name: quick
              interval: 1s
              rules:
                - alert: AlwaysFiring
                  expr: vector(1) > 0
                  for: 0s
                  labels:
                    severity: page
                  annotations:
                    summary: "value {{ $value }}"
          """);
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            evaluation_interval: 1s
            external_labels:
              replica: a
          rule_files: [rules.yml]
          alerting:
            alertmanagers:
              - api_version: v2
                static_configs:
                  - targets: ['127.0.0.1:%d']
          """.formatted(vigil.server.port()));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      prom = new ProcessBuilder(PROMETHEUS.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("prom-data"),
          // the first alerts may go out before the Alertmanager is discovered and be dropped;
          // a short resend delay sends them again at once instead of a minute later
          "--rules.alert.resend-delay=1s", "--web.enable-lifecycle",
          "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile()).start();

      JsonNode[] alerts = new JsonNode[1];
      waitFor(() -> {
        alerts[0] = vigil.get("/api/v2/alerts").json();
        return alerts[0].size() > 0;
      }, "the alert in vigil's /api/v2/alerts", dir.resolve("prometheus.log"));
      JsonNode a = alerts[0].get(0);
      assertThat(a.get("labels").toString())
          .isEqualTo("{\"alertname\":\"AlwaysFiring\",\"replica\":\"a\",\"severity\":\"page\"}");
      assertThat(a.get("annotations").get("summary").asText()).isEqualTo("value 1");
      assertThat(a.get("generatorURL").asText()).contains("/graph?g0.expr=");
      assertThat(a.get("receivers").toString()).isEqualTo("[{\"name\":\"hook\"}]");

      waitFor(() -> !received.isEmpty(), "a webhook notification", dir.resolve("prometheus.log"));
      JsonNode msg = AmVigil.JSON.readTree(received.getFirst());
      assertThat(msg.get("status").asText()).isEqualTo("firing");
      assertThat(msg.get("receiver").asText()).isEqualTo("hook");
      assertThat(msg.get("alerts").get(0).get("labels").get("alertname").asText())
          .isEqualTo("AlwaysFiring");
      assertThat(msg.get("externalURL").asText()).isEqualTo("http://vigil.example:9090");

      waitFor(() -> vigil.get("/api/v2/history?kind=notification").json().size() > 0,
          "the notification in the history", dir.resolve("prometheus.log"));
      JsonNode h = vigil.get("/api/v2/history?filter=alertname%3DAlwaysFiring").json();
      assertThat(h.findValuesAsText("kind")).contains("firing", "notification");

      // the rule stops firing: Prometheus sends the alert resolved, Vigil notifies the resolution
      Files.writeString(dir.resolve("rules.yml"), Files.readString(dir.resolve("rules.yml"))
          .replace("vector(1) > 0", "vector(0) > 0"));
      var reload = AmVigil.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          "http://127.0.0.1:" + port + "/-/reload"))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
      assertThat(reload.status()).as(reload.body()).isEqualTo(200);
      waitFor(() -> received.stream().anyMatch(b -> b.contains("\"status\":\"resolved\"")),
          "a resolved notification", dir.resolve("prometheus.log"));
      // recorded by the next sweep (within a second) when the posted end was not yet past
      waitFor(() -> vigil.get("/api/v2/history?kind=resolved").json().size() > 0,
          "the resolution in the history", dir.resolve("prometheus.log"));
      assertThat(vigil.get("/api/v2/history?kind=resolved").json().get(0).get("labels")
          .get("alertname").asText()).isEqualTo("AlwaysFiring");
      assertThat(vigil.get("/api/v2/alerts").json()).isEmpty();
    } finally {
      if (prom != null) {
        prom.destroy();
        prom.waitFor();
      }
      hook.close();
    }
  }

  static void waitFor(BooleanSupplier cond, String what, Path log) throws Exception {
    long deadline = System.nanoTime() + 45_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (cond.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what
        + (log == null ? "" : "; prometheus log:\n" + Files.readString(log)));
  }
}
