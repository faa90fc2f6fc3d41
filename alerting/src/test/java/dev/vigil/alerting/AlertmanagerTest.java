package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.alerting.schedule.ManualScheduler;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole core on a manual clock, notifying a real local webhook receiver. */
@Timeout(30)
class AlertmanagerTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  @TempDir Path dir;
  private WebhookRecorder hook;
  private ManualScheduler clock;
  private final List<Alertmanager> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    hook = new WebhookRecorder();
    clock = new ManualScheduler(T0);
  }

  @AfterEach
  void tearDown() {
    started.forEach(Alertmanager::stop);
    hook.close();
  }

  private Alertmanager am(String routeAndMore) {
    // Long resolve_timeout: alerts here are not re-sent every minute as Prometheus would.
    String yaml = "global:\n  resolve_timeout: 1h\n" + routeAndMore + """
        receivers:
        - name: w
          webhook_configs: [{url: '%s'}]
        - name: quiet
          webhook_configs: [{url: '%s', send_resolved: false}]
        - name: two
          webhook_configs: [{url: '%s', max_alerts: 2}]
        """.formatted(hook.url("/w"), hook.url("/quiet"), hook.url("/two"));
    Alertmanager am = new Alertmanager(AlertmanagerConfig.parse(yaml),
        AlertmanagerOptions.defaults(dir, "http://am.example:9093", clock));
    am.start();
    started.add(am);
    return am;
  }

  private static final String ROUTE = """
      route:
        receiver: w
        group_by: [alertname]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 1h
      """;

  private static Alert firing(String... labels) {
    return new Alert(Labels.of(labels), Map.of("summary", "s"), null, null, "http://gen", null, false);
  }

  private Alert resolved(String... labels) {
    return new Alert(Labels.of(labels), Map.of("summary", "s"), null, clock.now(), "http://gen", null, false);
  }

  private void advance(Duration d) {
    clock.advance(d.toMillis());
  }

  private static List<String> instances(JsonNode msg) {
    List<String> out = new ArrayList<>();
    msg.get("alerts").forEach(a -> out.add(a.get("labels").path("i").asText() + ":" + a.get("status").asText()));
    return out;
  }

  @Test
  void groupWaitGroupIntervalAndRepeat() {
    Alertmanager am = am(ROUTE);
    assertThat(am.putAlerts(List.of(firing("alertname", "X", "i", "1")))).isEmpty();
    advance(Duration.ofSeconds(10));
    am.putAlerts(List.of(firing("alertname", "X", "i", "2")));
    advance(Duration.ofSeconds(19));
    assertThat(hook.received()).isEmpty();
    advance(Duration.ofSeconds(1));
    assertThat(hook.received()).hasSize(1);
    JsonNode m = hook.received().get(0).json();
    assertThat(m.get("groupKey").asText()).isEqualTo("{}:{alertname=\"X\"}");
    assertThat(m.get("status").asText()).isEqualTo("firing");
    assertThat(m.get("receiver").asText()).isEqualTo("w");
    assertThat(m.get("version").asText()).isEqualTo("4");
    assertThat(m.get("externalURL").asText()).isEqualTo("http://am.example:9093");
    assertThat(m.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"X\"}");
    assertThat(m.get("commonLabels").toString()).isEqualTo("{\"alertname\":\"X\"}");
    assertThat(m.get("commonAnnotations").toString()).isEqualTo("{\"summary\":\"s\"}");
    assertThat(instances(m)).containsExactly("1:firing", "2:firing");
    assertThat(m.get("alerts").get(0).get("startsAt").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(m.get("alerts").get(1).get("startsAt").asText()).isEqualTo("2024-01-01T00:00:10Z");
    assertThat(m.get("alerts").get(0).get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(m.get("alerts").get(0).get("generatorURL").asText()).isEqualTo("http://gen");
    assertThat(m.get("alerts").get(0).get("fingerprint").asText()).matches("[0-9a-f]{16}");

    // Nothing changed: the next ticks are deduplicated.
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(1);
    // A new alert shows up at the next group_interval tick (t=10m30s), not after group_wait.
    am.putAlerts(List.of(firing("alertname", "X", "i", "3")));
    advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(hook.received()).hasSize(1);
    advance(Duration.ofSeconds(1));
    assertThat(hook.received()).hasSize(2);
    assertThat(instances(hook.received().get(1).json())).containsExactly("1:firing", "2:firing", "3:firing");

    // Keep the alerts alive (resolve_timeout is 5m) and wait for the repeat: the tick at
    // 70m30s is exactly 1h after the last notification (not before it), so 75m30s repeats.
    for (int i = 0; i < 12; i++) {
      am.putAlerts(List.of(firing("alertname", "X", "i", "1"), firing("alertname", "X", "i", "2"), firing("alertname", "X", "i", "3")));
      advance(Duration.ofMinutes(5));
    }
    assertThat(hook.received()).hasSize(2);
    am.putAlerts(List.of(firing("alertname", "X", "i", "1"), firing("alertname", "X", "i", "2"), firing("alertname", "X", "i", "3")));
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(3);
    assertThat(hook.received().get(2).atMillis()).isPositive();
  }

  @Test
  void resolvedAlertsAreSentOnceThenForgotten() {
    Alertmanager am = am(ROUTE);
    am.putAlerts(List.of(firing("alertname", "X", "i", "1"), firing("alertname", "X", "i", "2")));
    advance(Duration.ofSeconds(30));
    assertThat(hook.received()).hasSize(1);
    am.putAlerts(List.of(resolved("alertname", "X", "i", "1")));
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(2);
    JsonNode m = hook.received().get(1).json();
    assertThat(instances(m)).containsExactly("1:resolved", "2:firing");
    assertThat(m.get("status").asText()).isEqualTo("firing");
    assertThat(m.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2024-01-01T00:00:30Z");
    assertThat(am.groups().get(0).alerts()).hasSize(1);
    am.putAlerts(List.of(resolved("alertname", "X", "i", "2")));
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(3);
    assertThat(hook.received().get(2).json().get("status").asText()).isEqualTo("resolved");
    assertThat(am.groups()).isEmpty();
  }

  @Test
  void sendResolvedFalseSkipsResolvedOnlyNotifications() {
    Alertmanager am = am("route:\n  receiver: quiet\n  group_wait: 30s\n  group_interval: 5m\n");
    am.putAlerts(List.of(firing("alertname", "X")));
    advance(Duration.ofSeconds(30));
    am.putAlerts(List.of(resolved("alertname", "X")));
    advance(Duration.ofMinutes(10));
    assertThat(hook.received()).hasSize(1);
    assertThat(am.notificationLog().entries().get(0).firingAlerts()).isEmpty();
  }

  @Test
  void groupByAllAndContinue() {
    Alertmanager am = am("""
        route:
          receiver: w
          group_wait: 1s
          routes:
          - matchers: [team=a]
            receiver: w
            group_by: ['...']
            continue: true
          - matchers: [team=a]
            receiver: two
        """);
    am.putAlerts(List.of(firing("alertname", "X", "team", "a", "i", "1"), firing("alertname", "X", "team", "a", "i", "2"),
        firing("alertname", "X", "team", "a", "i", "3")));
    advance(Duration.ofSeconds(1));
    List<WebhookRecorder.Received> got = hook.received();
    assertThat(got).hasSize(4);
    List<String> keys = got.stream().map(r -> r.path() + " " + r.json().get("groupKey").asText()).sorted().toList();
    assertThat(keys).containsExactly(
        "/two {}/{team=\"a\"}:{}",
        "/w {}/{team=\"a\"}:{alertname=\"X\", i=\"1\", team=\"a\"}",
        "/w {}/{team=\"a\"}:{alertname=\"X\", i=\"2\", team=\"a\"}",
        "/w {}/{team=\"a\"}:{alertname=\"X\", i=\"3\", team=\"a\"}");
    JsonNode two = got.stream().filter(r -> r.path().equals("/two")).findFirst().orElseThrow().json();
    assertThat(two.get("alerts")).hasSize(2);
    assertThat(two.get("truncatedAlerts").asInt()).isEqualTo(1);
  }

  @Test
  void oldAlertsFlushAtOnce() {
    Alertmanager am = am(ROUTE);
    am.putAlerts(List.of(new Alert(Labels.of("alertname", "Old"), Map.of(), T0.minusSeconds(3600), null, "", null, false)));
    advance(Duration.ZERO);
    assertThat(hook.received()).hasSize(1);
  }

  @Test
  void silencesMuteUntilExpired() {
    Alertmanager am = am(ROUTE);
    String id = am.silences().set(Silence.of(MatcherParser.parseList("alertname=X,i=~\"1|2\""), T0, T0.plusSeconds(3600), "me", "maint"));
    am.putAlerts(List.of(firing("alertname", "X", "i", "1"), firing("alertname", "X", "i", "3")));
    assertThat(am.state(firing("alertname", "X", "i", "1")).silencedBy()).containsExactly(id);
    advance(Duration.ofSeconds(30));
    assertThat(instances(hook.received().get(0).json())).containsExactly("3:firing");
    am.silences().expire(id);
    am.putAlerts(List.of(firing("alertname", "X", "i", "1"), firing("alertname", "X", "i", "3")));
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(2);
    assertThat(instances(hook.received().get(1).json())).containsExactly("1:firing", "3:firing");
  }

  @Test
  void inhibitionNeedsAFiringSourceWithEqualLabels() {
    Alertmanager am = am(ROUTE.replace("[alertname]", "[alertname, severity]") + """
        inhibit_rules:
        - source_matchers: [severity=critical]
          target_matchers: [severity=warning]
          equal: [cluster]
        """);
    am.putAlerts(List.of(firing("alertname", "Down", "severity", "critical", "cluster", "a"),
        firing("alertname", "Slow", "severity", "warning", "cluster", "a"),
        firing("alertname", "Slow2", "severity", "warning", "cluster", "b")));
    assertThat(am.state(firing("alertname", "Slow", "severity", "warning", "cluster", "a")).inhibitedBy()).hasSize(1);
    advance(Duration.ofSeconds(30));
    List<String> names = hook.received().stream().map(r -> r.json().get("groupLabels").get("alertname").asText()).sorted().toList();
    assertThat(names).containsExactly("Down", "Slow2");
    am.putAlerts(List.of(resolved("alertname", "Down", "severity", "critical", "cluster", "a"),
        firing("alertname", "Slow", "severity", "warning", "cluster", "a")));
    advance(Duration.ofMinutes(5));
    names = hook.received().stream().skip(2).map(r -> r.json().get("groupLabels").get("alertname").asText()).sorted().toList();
    assertThat(names).containsExactly("Down", "Slow");
  }

  @Test
  void retriesServerErrorsButNotClientErrors() {
    Alertmanager am = am(ROUTE);
    hook.failNext(500, 503);
    am.putAlerts(List.of(firing("alertname", "X")));
    advance(Duration.ofSeconds(30));
    assertThat(hook.received()).hasSize(3);
    hook.failNext(400);
    am.putAlerts(List.of(firing("alertname", "Y")));
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(4); // X's tick is deduplicated; Y got a 400, not retried
    assertThat(am.notificationLog().entries()).hasSize(1);
    advance(Duration.ofMinutes(5));
    assertThat(hook.received()).hasSize(5); // Y again at its next tick, as nothing was logged for it
    assertThat(am.notificationLog().entries()).hasSize(2);
  }

  @Test
  void muteAndActiveTimeIntervals() {
    Alertmanager am = am("""
        route:
          receiver: w
          group_wait: 1s
          routes:
          - matchers: [alertname=Muted]
            mute_time_intervals: [newyear]
          - matchers: [alertname=Active]
            active_time_intervals: [newyear]
          - matchers: [alertname=Inactive]
            active_time_intervals: [later]
        time_intervals:
        - name: newyear
          time_intervals: [{months: [january], days_of_month: ['1'], times: [{start_time: '00:00', end_time: '01:00'}]}]
        - name: later
          time_intervals: [{years: ['2030:2031']}]
        """);
    am.putAlerts(List.of(firing("alertname", "Muted"), firing("alertname", "Active"), firing("alertname", "Inactive")));
    advance(Duration.ofSeconds(1));
    assertThat(hook.received()).hasSize(1);
    assertThat(hook.received().get(0).json().get("commonLabels").get("alertname").asText()).isEqualTo("Active");
  }

  @Test
  void notificationLogSurvivesARestart() {
    Alertmanager am = am(ROUTE);
    am.putAlerts(List.of(firing("alertname", "X")));
    advance(Duration.ofSeconds(30));
    assertThat(hook.received()).hasSize(1);
    am.stop();
    Alertmanager again = am(ROUTE);
    again.putAlerts(List.of(firing("alertname", "X")));
    advance(Duration.ofSeconds(30));
    assertThat(hook.received()).hasSize(1);
    assertThat(again.silences()).isNotNull();
  }

  @Test
  void invalidAlertsAreReported() {
    Alertmanager am = am(ROUTE);
    List<String> errs = am.putAlerts(List.of(
        new Alert(Labels.EMPTY, Map.of(), null, null, "", null, false),
        new Alert(Labels.of("alertname", "X"), Map.of(), T0.plusSeconds(60), T0, "", null, false),
        firing("alertname", "ok")));
    assertThat(errs).containsExactly("at least one label pair required", "start time must be before end time");
    assertThat(am.alerts()).hasSize(1);
  }

  @Test
  void reloadReroutesStoredAlerts() {
    Alertmanager am = am(ROUTE);
    am.putAlerts(List.of(firing("alertname", "X")));
    advance(Duration.ofSeconds(30));
    am.reload(AlertmanagerConfig.parse(am.config().original().replace("receiver: w\n  group_by", "receiver: two\n  group_by")));
    advance(Duration.ofSeconds(30));
    assertThat(hook.received()).hasSize(2);
    assertThat(hook.received().get(1).path()).isEqualTo("/two");
  }
}
