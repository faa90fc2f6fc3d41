package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.MatcherParser;
import dev.vigil.alerting.schedule.SystemScheduler;
import dev.vigil.alerting.silence.Silence;
import dev.vigil.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the real Alertmanager 0.25: the same configuration and the same
 * timeline of alerts and silences go to both; the webhook notifications each sends must be equal
 * byte for byte (payload, group keys, fingerprints), in the same order per receiver and group,
 * arriving at the same moments within a tolerance. Covers grouping, group_by '...', the timers,
 * repeat, resolve, send_resolved false, max_alerts, inhibition, silences, continue, inherited
 * group_by and mute/active time intervals.
 */
@Timeout(60)
class AlertmanagerDifferentialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXTERNAL_URL = "http://am.example:9093";
  private static final long TOLERANCE_MS = 750;

  @TempDir Path dir;

  private static String config(WebhookRecorder hook) {
    StringBuilder receivers = new StringBuilder("receivers:\n");
    for (String r : List.of("default", "all", "cont1", "cont2", "inhibit", "silence")) {
      receivers.append("- name: ").append(r).append("\n  webhook_configs: [{url: '").append(hook.url("/" + r)).append("'}]\n");
    }
    receivers.append("- name: quiet\n  webhook_configs: [{url: '").append(hook.url("/quiet")).append("', send_resolved: false}]\n");
    receivers.append("- name: few\n  webhook_configs: [{url: '").append(hook.url("/few")).append("', max_alerts: 2}]\n");
    return """
        route:
          receiver: default
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 5s
          routes:
          - matchers: [scenario="all"]
            group_by: ['...']
            receiver: all
          - matchers: [scenario="cont"]
            receiver: cont1
            continue: true
          - matchers: [scenario="cont"]
            receiver: cont2
          - matchers: [scenario="inhibit"]
            receiver: inhibit
          - matchers: [scenario="silence"]
            receiver: silence
          - matchers: [scenario="quiet"]
            receiver: quiet
          - matchers: [scenario="few"]
            receiver: few
          - matchers: [scenario="inherit"]
            group_by: []
            routes:
            - matchers: [i="1"]
              group_by: ['...']
              group_wait: 2s
          - matchers: [scenario="muted"]
            mute_time_intervals: [always]
          - matchers: [scenario="inactive"]
            active_time_intervals: [never]
          - matchers: [scenario="active"]
            active_time_intervals: [never, always]
        time_intervals:
        - name: always
          time_intervals: [{years: ['2000:2100'], location: 'Europe/Berlin'}]
        - name: never
          time_intervals: [{years: ['1990:1991']}, {months: ['february'], days_of_month: ['30:31']}]
        inhibit_rules:
        - source_matchers: [severity=critical, scenario=inhibit]
          target_matchers: [severity=warning, scenario=inhibit]
          equal: [cluster]
        """ + receivers;
  }

  /** One side of the comparison: something that takes alerts and silences. */
  private interface Target {
    void put(List<Alert> alerts) throws Exception;

    String silence(List<LabelMatcher> ms, Instant start, Instant end) throws Exception;

    void expire(String id) throws Exception;
  }

  private static final class Real implements Target {
    final RealAlertmanager am;

    Real(RealAlertmanager am) {
      this.am = am;
    }

    @Override
    public void put(List<Alert> alerts) throws Exception {
      ArrayNode arr = JSON.createArrayNode();
      for (Alert a : alerts) {
        ObjectNode o = arr.addObject();
        ObjectNode l = o.putObject("labels");
        a.labels().forEach(l::put);
        ObjectNode an = o.putObject("annotations");
        a.annotations().forEach(an::put);
        o.put("startsAt", a.startsAt().toString());
        if (a.endsAt() != null) {
          o.put("endsAt", a.endsAt().toString());
        }
        o.put("generatorURL", a.generatorUrl());
      }
      am.send("POST", "/api/v2/alerts", arr.toString());
    }

    @Override
    public String silence(List<LabelMatcher> ms, Instant start, Instant end) throws Exception {
      ObjectNode s = JSON.createObjectNode();
      ArrayNode arr = s.putArray("matchers");
      for (LabelMatcher m : ms) {
        arr.addObject().put("name", m.name()).put("value", m.value())
            .put("isRegex", m.type().isRegex()).put("isEqual", !m.type().isNegative());
      }
      s.put("startsAt", start.toString()).put("endsAt", end.toString()).put("createdBy", "test").put("comment", "diff");
      return JSON.readTree(am.send("POST", "/api/v2/silences", s.toString())).get("silenceID").asText();
    }

    @Override
    public void expire(String id) throws Exception {
      am.send("DELETE", "/api/v2/silence/" + id, null);
    }
  }

  private static final class Vigil implements Target {
    final Alertmanager am;

    Vigil(Alertmanager am) {
      this.am = am;
    }

    @Override
    public void put(List<Alert> alerts) {
      assertThat(am.putAlerts(alerts)).isEmpty();
    }

    @Override
    public String silence(List<LabelMatcher> ms, Instant start, Instant end) {
      return am.silences().set(Silence.of(ms, start, end, "test", "diff"));
    }

    @Override
    public void expire(String id) {
      am.silences().expire(id);
    }
  }

  private static Alert alert(Instant start, Instant end, String... labels) {
    return new Alert(Labels.of(labels), Map.of("summary", "s <&> " + labels[1]), start, end, "http://gen/x?a=1&b=2", null, false);
  }

  /** The timeline, run against both targets at the same wall-clock moments. */
  private static void timeline(List<Target> targets, long t0Millis) throws Exception {
    Instant t0 = Instant.ofEpochMilli(t0Millis).truncatedTo(ChronoUnit.MILLIS);
    Map<Target, String> silenceIds = new LinkedHashMap<>();
    for (Target t : targets) {
      silenceIds.put(t, t.silence(MatcherParser.parseList("scenario=silence,i=\"1\""), t0.minusSeconds(1), t0.plusSeconds(3600)));
    }
    List<Alert> first = List.of(
        alert(t0, null, "alertname", "Grp", "i", "1"),
        alert(t0, null, "alertname", "Grp", "i", "2"),
        alert(t0, null, "alertname", "All", "scenario", "all", "i", "1"),
        alert(t0, null, "alertname", "All", "scenario", "all", "i", "2"),
        alert(t0, null, "alertname", "Cont", "scenario", "cont"),
        alert(t0, null, "alertname", "Src", "scenario", "inhibit", "severity", "critical", "cluster", "a"),
        alert(t0, null, "alertname", "Tgt", "scenario", "inhibit", "severity", "warning", "cluster", "a"),
        alert(t0, null, "alertname", "Tgt2", "scenario", "inhibit", "severity", "warning", "cluster", "b"),
        alert(t0, null, "alertname", "Sil", "scenario", "silence", "i", "1"),
        alert(t0, null, "alertname", "Sil", "scenario", "silence", "i", "2"),
        alert(t0, null, "alertname", "Q", "scenario", "quiet"),
        alert(t0, null, "alertname", "Few", "scenario", "few", "i", "1"),
        alert(t0, null, "alertname", "Few", "scenario", "few", "i", "2"),
        alert(t0, null, "alertname", "Few", "scenario", "few", "i", "3"),
        alert(t0, null, "alertname", "Inh", "scenario", "inherit", "i", "1"),
        alert(t0, null, "alertname", "Inh", "scenario", "inherit", "i", "2"),
        alert(t0, null, "alertname", "Muted", "scenario", "muted"),
        alert(t0, null, "alertname", "Inactive", "scenario", "inactive"),
        alert(t0, null, "alertname", "Active", "scenario", "active"),
        alert(t0, null, "alertname", "Re", "i", "1"));
    for (Target t : targets) {
      t.put(first);
    }
    sleepUntil(t0Millis + 2000);
    Instant t2 = t0.plusSeconds(2);
    for (Target t : targets) {
      t.put(List.of(alert(t2, null, "alertname", "Grp", "i", "3"), alert(t0, t2, "alertname", "Re", "i", "1")));
    }
    sleepUntil(t0Millis + 4000);
    Instant t4 = t0.plusSeconds(4);
    for (Target t : targets) {
      t.put(List.of(
          alert(t0, t4, "alertname", "Grp", "i", "1"),
          alert(t0, t4, "alertname", "Src", "scenario", "inhibit", "severity", "critical", "cluster", "a"),
          alert(t0, t4, "alertname", "Q", "scenario", "quiet"),
          alert(t0, t4, "alertname", "All", "scenario", "all", "i", "2"),
          new Alert(Labels.of("alertname", "Re", "i", "1"), Map.of("summary", "changed"), t4, null, "", null, false)));
    }
    sleepUntil(t0Millis + 6000);
    for (Target t : targets) {
      t.expire(silenceIds.get(t));
    }
    sleepUntil(t0Millis + 9500);
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long d = millis - System.currentTimeMillis();
    if (d > 0) {
      Thread.sleep(d);
    }
  }

  private record Note(String path, String groupKey, long offsetMs, String body) {}

  private static List<Note> notes(WebhookRecorder hook, long t0) {
    List<Note> out = new ArrayList<>();
    for (WebhookRecorder.Received r : hook.received()) {
      out.add(new Note(r.path(), r.json().get("groupKey").asText(), r.atMillis() - t0, r.body()));
    }
    out.sort(Comparator.comparing(Note::path).thenComparing(Note::groupKey).thenComparingLong(Note::offsetMs));
    return out;
  }

  @Test
  void sameNotificationsAsAlertmanager() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(RealAlertmanager.BINARY),
        "skipped: " + RealAlertmanager.BINARY + " is not installed (Debian package prometheus-alertmanager)");
    try (WebhookRecorder realHook = new WebhookRecorder(); WebhookRecorder vigilHook = new WebhookRecorder();
        SystemScheduler scheduler = new SystemScheduler()) {
      Path realDir = Files.createDirectories(dir.resolve("real"));
      try (RealAlertmanager real = new RealAlertmanager(realDir, config(realHook), EXTERNAL_URL)) {
        Alertmanager vigil = new Alertmanager(AlertmanagerConfig.parse(config(vigilHook)),
            AlertmanagerOptions.defaults(dir.resolve("vigil"), EXTERNAL_URL, scheduler));
        vigil.start();
        long t0 = System.currentTimeMillis();
        try {
          timeline(List.of(new Real(real), new Vigil(vigil)), t0);
        } finally {
          vigil.stop();
        }
        List<Note> want = notes(realHook, t0);
        List<Note> got = notes(vigilHook, t0);
        StringBuilder report = new StringBuilder();
        for (Note n : want) {
          report.append(String.format("alertmanager %-9s %5dms %s%n", n.path, n.offsetMs, n.groupKey));
        }
        for (Note n : got) {
          report.append(String.format("vigil        %-9s %5dms %s%n", n.path, n.offsetMs, n.groupKey));
        }
        System.out.print(report);
        assertThat(want).as("Alertmanager sent nothing; see " + realDir.resolve("alertmanager.log")).isNotEmpty();
        assertThat(got.stream().map(n -> n.path + " " + n.groupKey).toList()).as(report.toString())
            .isEqualTo(want.stream().map(n -> n.path + " " + n.groupKey).toList());
        for (int i = 0; i < want.size(); i++) {
          Note w = want.get(i);
          Note g = got.get(i);
          assertThat(g.body).as("notification %d to %s for %s", i, w.path, w.groupKey).isEqualTo(w.body);
          assertThat(Math.abs(g.offsetMs - w.offsetMs)).as("timing of notification %d (%s %s): alertmanager %dms, vigil %dms",
              i, w.path, w.groupKey, w.offsetMs, g.offsetMs).isLessThanOrEqualTo(TOLERANCE_MS);
        }
      }
    }
  }
}
