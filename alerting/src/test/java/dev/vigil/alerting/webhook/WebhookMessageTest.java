package dev.vigil.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.model.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  @Test
  void payloadIsAlertmanagersByteForByte() {
    Alert firing = new Alert(Labels.of("alertname", "A<b>", "job", "j"), Map.of("d", "x&y", "c", "same"),
        Instant.parse("2024-03-01T11:59:00.120Z"), null, "http://g", NOW, true);
    Alert resolved = new Alert(Labels.of("alertname", "A<b>", "job", "k"), Map.of("c", "same"),
        Instant.parse("2024-03-01T11:00:00.000000001Z"), Instant.parse("2024-03-01T11:30:00Z"), "", NOW, false);
    Notification n = new Notification("team.x", "{}:{alertname=\"A<b>\"}", Labels.of("alertname", "A<b>"),
        List.of(firing, resolved), NOW);
    String got = new String(WebhookMessage.json(n, "http://am:9093", 0), StandardCharsets.UTF_8);
    assertThat(got).isEqualTo("{\"receiver\":\"team\\\\.x\",\"status\":\"firing\",\"alerts\":["
        + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\\u003cb\\u003e\",\"job\":\"j\"},"
        + "\"annotations\":{\"c\":\"same\",\"d\":\"x\\u0026y\"},\"startsAt\":\"2024-03-01T11:59:00.12Z\","
        + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://g\",\"fingerprint\":\"" + fp(firing) + "\"},"
        + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"A\\u003cb\\u003e\",\"job\":\"k\"},"
        + "\"annotations\":{\"c\":\"same\"},\"startsAt\":\"2024-03-01T11:00:00.000000001Z\","
        + "\"endsAt\":\"2024-03-01T11:30:00Z\",\"generatorURL\":\"\",\"fingerprint\":\"" + fp(resolved) + "\"}],"
        + "\"groupLabels\":{\"alertname\":\"A\\u003cb\\u003e\"},\"commonLabels\":{\"alertname\":\"A\\u003cb\\u003e\"},"
        + "\"commonAnnotations\":{\"c\":\"same\"},\"externalURL\":\"http://am:9093\",\"version\":\"4\","
        + "\"groupKey\":\"{}:{alertname=\\\"A\\u003cb\\u003e\\\"}\",\"truncatedAlerts\":0}\n");
  }

  private static String fp(Alert a) {
    return dev.vigil.alerting.matcher.LabelSets.fingerprintString(a.labels());
  }

  @Test
  void maxAlertsTruncatesAndCounts() {
    List<Alert> alerts = List.of(
        new Alert(Labels.of("a", "1"), Map.of(), NOW, null, "", NOW, false),
        new Alert(Labels.of("a", "2"), Map.of(), NOW, null, "", NOW, false),
        new Alert(Labels.of("a", "3"), Map.of(), NOW, NOW, "", NOW, false));
    String got = new String(WebhookMessage.json(new Notification("r", "k", Labels.EMPTY, alerts, NOW), "", 2), StandardCharsets.UTF_8);
    assertThat(got).contains("\"truncatedAlerts\":1").contains("\"a\":\"2\"").doesNotContain("\"a\":\"3\"");
    // Common labels are computed over the alerts actually sent.
    assertThat(got).contains("\"commonLabels\":{}");
  }
}
