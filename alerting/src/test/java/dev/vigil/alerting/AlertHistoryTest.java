package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.history.AlertChange;
import dev.vigil.alerting.history.HistoryEvent;
import dev.vigil.alerting.history.HistoryLog;
import dev.vigil.alerting.history.HistoryRecorder;
import dev.vigil.alerting.history.NotificationSent;
import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.alerting.schedule.ManualScheduler;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.model.Labels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The history recorder on a manual clock: state changes and notification attempts. */
@Timeout(30)
class AlertHistoryTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  @TempDir Path dir;
  WebhookRecorder hook;
  final ManualScheduler clock = new ManualScheduler(T0);
  Alertmanager am;
  HistoryRecorder recorder;
  HistoryLog log;

  @org.junit.jupiter.api.BeforeEach
  void setUp() throws Exception {
    hook = new WebhookRecorder();
  }

  @AfterEach
  void tearDown() {
    if (recorder != null) {
      recorder.stop();
      am.stop();
      log.close();
    }
    hook.close();
  }

  void start(String yaml) throws Exception {
    am = new Alertmanager(AlertmanagerConfig.parse(yaml),
        AlertmanagerOptions.defaults(dir, "", clock));
    log = new HistoryLog(dir.resolve("history"), 86_400_000L, 1 << 20, clock::now);
    recorder = new HistoryRecorder(am, log, clock, 1_000, 60_000);
    am.start();
    recorder.start();
  }

  static Alert alert(Instant end, String... labels) {
    return new Alert(Labels.of(labels), Map.of(), null, end, "", null, false);
  }

  List<String> kinds() {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e : log.query(Instant.EPOCH, T0.plusSeconds(86_400), x -> true, 1000).reversed()) {
      out.add(switch (e) {
        case AlertChange c -> c.kind().apiName() + " " + c.labels().get("alertname")
            + (c.by().isEmpty() ? "" : " by " + c.by().size());
        case NotificationSent n -> "notify " + n.receiver() + " " + n.integration() + " "
            + n.firing().size() + "/" + n.resolved().size() + (n.success() ? " ok" : " failed");
      });
    }
    return out;
  }

  @Test
  void recordsStateChangesAndNotifications() throws Exception {
    start("""
        global: {resolve_timeout: 1m}
        route:
          receiver: w
          group_by: [alertname]
          group_wait: 10s
          group_interval: 1m
        inhibit_rules:
          - source_matchers: [alertname="Outage"]
            target_matchers: [alertname="Slow"]
        receivers:
          - name: w
            webhook_configs: [{url: '%s'}]
        """.formatted(hook.url("/w")));
    am.putAlerts(List.of(alert(null, "alertname", "A")));
    recorder.sweep();
    assertThat(kinds()).containsExactly("firing A");
    recorder.sweep(); // nothing changed: nothing recorded
    assertThat(kinds()).hasSize(1);

    String id = am.silences().set(Silence.of(MatcherParser.parseList("alertname=A"), T0,
        T0.plusSeconds(3600), "me", "quiet"));
    recorder.sweep();
    am.silences().expire(id);
    clock.advance(1_000); // expired from the next instant on; the timer's sweep records it
    assertThat(kinds()).containsExactly("firing A", "silenced A by 1", "unsilenced A by 1");

    am.putAlerts(List.of(alert(null, "alertname", "Outage"), alert(null, "alertname", "Slow")));
    recorder.sweep();
    assertThat(kinds()).contains("firing Outage", "firing Slow", "inhibited Slow by 1");

    clock.advance(10_000); // group_wait: notifications for A and Outage (Slow is inhibited)
    assertThat(kinds()).filteredOn(k -> k.startsWith("notify"))
        .containsExactly("notify w webhook 1/0 ok", "notify w webhook 1/0 ok");

    // no re-send within resolve_timeout (1m): the timer sweep records the resolution by timeout
    clock.advance(61_000);
    assertThat(kinds()).contains("resolved A", "resolved Outage", "resolved Slow");
  }

  @Test
  void recordsFailedDeliveries() throws Exception {
    start("""
        route:
          receiver: w
          group_wait: 1s
        receivers:
          - name: w
            webhook_configs: [{url: 'http://127.0.0.1:1/nothing-listens'}]
        """);
    am.putAlerts(List.of(alert(null, "alertname", "A")));
    clock.advance(1_000);
    clock.advance(1_000);
    assertThat(kinds()).contains("notify w webhook 1/0 failed");
    NotificationSent n = (NotificationSent) log.query(Instant.EPOCH, T0.plusSeconds(10),
        e -> e instanceof NotificationSent, 1).getFirst();
    assertThat(n.error()).isNotEmpty();
    assertThat(n.groupKey()).isEqualTo("{}:{}");
  }
}
