package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Alerts from Vigil's own rule evaluation reach its built-in Alertmanager and a webhook. */
@Timeout(60)
class RuleAlertsTest {
  @TempDir Path dir;

  @Test
  void ruleAlertsReachTheBuiltInAlertmanager() throws Exception {
    HookSink hook = HookSink.start();
    List<String> received = hook.received();
    Path amCfg = dir.resolve("am.yml");
    Files.writeString(amCfg, """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d/hook
        """.formatted(hook.port()));
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: quick
            interval: 1s
            rules:
              - alert: VigilRule
                expr: vector(1) > 0
                labels:
                  severity: page
                annotations:
                  summary: "value {{ $value }}"
        """);
    String vigilCfg = """
        global:
          scrape_interval: 1m
          evaluation_interval: 1s
        rule_files: [%s]
        """.formatted(dir.resolve("rules.yml"));
    try (AmVigil vigil = AmVigil.start(dir.resolve("data"), amCfg, vigilCfg)) {
      JsonNode[] alerts = new JsonNode[1];
      PrometheusAlertingTest.waitFor(() -> {
        alerts[0] = vigil.get("/api/v2/alerts").json();
        return alerts[0].size() > 0;
      }, "the rule's alert in /api/v2/alerts", null);
      JsonNode a = alerts[0].get(0);
      assertThat(a.get("labels").toString())
          .isEqualTo("{\"alertname\":\"VigilRule\",\"severity\":\"page\"}");
      assertThat(a.get("annotations").get("summary").asText()).isEqualTo("value 1");
      assertThat(a.get("generatorURL").asText()).startsWith("http://vigil.example:9090/graph?g0.expr=");
      PrometheusAlertingTest.waitFor(() -> !received.isEmpty(), "a webhook notification", null);
      assertThat(received.getFirst()).contains("\"alertname\":\"VigilRule\"");
      assertThat(vigil.get("/api/v2/history?kind=firing").json().findValuesAsText("kind"))
          .containsExactly("firing");
    } finally {
      hook.close();
    }
  }
}
