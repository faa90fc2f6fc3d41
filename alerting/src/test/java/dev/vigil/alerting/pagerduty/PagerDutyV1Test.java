package dev.vigil.alerting.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.template.NotificationTemplates;
import dev.vigil.model.Labels;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PagerDuty's v1 Events API (service_key): the event Alertmanager 0.25 encodes (its shared
 * message struct, so an empty event_action and a null payload are sent), client fields only on
 * trigger, and 403 retried.
 */
@Timeout(20)
class PagerDutyV1Test {
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

  @Test
  void triggerAndResolve() throws Exception {
    List<String> bodies = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>(List.of(200, 200, 403));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1", ex -> {
      synchronized (bodies) {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      }
      int status = statuses.isEmpty() ? 200 : statuses.remove(0);
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
    try {
      AlertmanagerConfig c = AlertmanagerConfig.parse("""
          route: {receiver: r}
          receivers:
          - name: r
            pagerduty_configs: [{service_key: sk-1, details: {extra: '{{ .CommonLabels.job }}'}}]
          """);
      PagerDutyIntegration pd = new PagerDutyIntegration(c.receivers().get(0).otherConfigs().get(0), 0,
          "http://am:9093", NotificationTemplates.defaults(), HttpClient.newHttpClient(), c.global().httpConfig(),
          "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
      pd.notify(notification(false));
      pd.notify(notification(true));
      String key = PagerDutyIntegration.dedupKey("{}:{alertname=\"Down\"}");
      assertThat(bodies.get(0)).startsWith("{\"service_key\":\"sk-1\",\"incident_key\":\"" + key
          + "\",\"event_type\":\"trigger\",\"description\":\"[FIRING:1] Down (api)\",\"event_action\":\"\","
          + "\"payload\":null,\"client\":\"Alertmanager\",\"client_url\":\"http://am:9093/#/alerts?receiver=r\","
          + "\"details\":{\"extra\":\"api\",\"firing\":\"Labels:\\n - alertname = Down\\n - job = api\\n");
      assertThat(bodies.get(1)).startsWith("{\"service_key\":\"sk-1\",\"incident_key\":\"" + key
          + "\",\"event_type\":\"resolve\",\"description\":\"[RESOLVED] Down (api)\",\"event_action\":\"\","
          + "\"payload\":null,\"details\":{").contains("\"num_resolved\":\"1\"");
      assertThatThrownBy(() -> pd.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessage("unexpected status code 403").matches(e -> ((NotifyException) e).retryable());
    } finally {
      server.stop(0);
    }
  }

  private static Notification notification(boolean resolved) {
    Alert a = new Alert(Labels.of("alertname", "Down", "job", "api"), Map.of(), T0,
        resolved ? T0.plusSeconds(5) : null, "http://gen", null, false);
    return new Notification("r", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"), List.of(a),
        T0.plusSeconds(10));
  }
}
