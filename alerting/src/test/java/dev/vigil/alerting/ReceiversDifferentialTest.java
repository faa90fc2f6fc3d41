package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.schedule.SystemScheduler;
import dev.vigil.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the receivers against the real Alertmanager 0.25: one configuration with
 * Slack, PagerDuty, Opsgenie and e-mail integrations (defaults and every templated field, a user
 * template file, http_config auth, STARTTLS with LOGIN and CRAM-MD5 auth) pointed at local fakes,
 * the same alerts firing, partly resolving and resolving; the requests each side makes must be
 * equal: method, target, auth/content headers and body byte for byte; for e-mail the envelope,
 * TLS, AUTH exchange and the message (all headers but Message-Id and Date, both MIME parts) with
 * the multipart boundary masked.
 */
@Timeout(90)
class ReceiversDifferentialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXTERNAL_URL = "http://am.example:9093";

  @TempDir Path dir;

  private record Side(HttpRecorder http, SmtpRecorder smtpLogin, SmtpRecorder smtpCram) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      http.close();
      smtpLogin.close();
      smtpCram.close();
    }
  }

  private static String config(Side s, Path templates) {
    String h = s.http().url("");
    return """
        global:
          smtp_smarthost: '127.0.0.1:%d'
          smtp_from: 'Vigil Alerts <alerts@example.org>'
          smtp_hello: 'vigil.test'
          smtp_auth_username: 'bob'
          smtp_auth_password: 'pw'
          slack_api_url: '%s/slack-default'
        templates: ['%s/*.tmpl']
        route:
          receiver: slack
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
          routes:
          - {matchers: [rcv=pd], receiver: pd}
          - {matchers: [rcv=og], receiver: og}
          - {matchers: [rcv=mail], receiver: mail}
        receivers:
        - name: slack
          slack_configs:
          - send_resolved: true
          - api_url: '%s/slack-full'
            send_resolved: true
            channel: '#ops'
            username: '{{ .CommonLabels.team | toUpper }}'
            icon_emoji: ':fire:'
            link_names: true
            title: '{{ template "custom.title" . }}'
            text: "{{ range .Alerts }}{{ .Annotations.summary }} {{ .Labels.instance | reReplaceAll \\":.*\\" \\"\\" }}\\n{{ end }}"
            pretext: '{{ title "hello wORLD" }} {{ .Receiver }}'
            short_fields: true
            fields:
            - {title: Severity, value: '{{ .CommonLabels.severity }}'}
            - {title: Count, value: '{{ len .Alerts }}', short: false}
            - title: Functions
              value: >-
                {{ match "^Alert" .GroupLabels.alertname }} {{ reReplaceAll `(\\w+):(\\d+)` "$2@${1}x$$" (index .Alerts 0).Labels.instance }}
                {{ stringSlice "a" "b" | join "-" }} {{ safeHtml "<b>" }} {{ toLower "ÄB" }} {{ title "it's a dog-eat-dog_world" }}
                {{ range (.CommonLabels.Remove (stringSlice "job" "rcv")).SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}
                {{ (index .Alerts 0).StartsAt }} {{ (index .Alerts 0).EndsAt }} {{ (index .Alerts 0).Fingerprint }}
                {{ printf "%%q %%v" .Status .CommonAnnotations }} {{ .ExternalURL }} {{ .Alerts.Resolved | len }}
                {{ (index .Alerts 0).StartsAt.Unix }} {{ (index .Alerts 0).StartsAt.Format "2006-01-02T15:04" }} {{ .CommonLabels.missing }}|{{ index .GroupLabels "nope" }}|
            actions:
            - {type: button, text: 'Runbook <&>', url: '{{ (index .Alerts 0).Annotations.runbook }}', style: danger}
            - {type: button, text: Ack, name: ack, value: '{{ .GroupLabels.alertname }}', confirm: {title: 'Sure?', text: Really, ok_text: 'Yes', dismiss_text: 'No'}}
            image_url: 'http://img/x.png'
            footer: 'vigil {{ .Status }}'
            mrkdwn_in: [text, title]
            http_config: {basic_auth: {username: u, password: p}}
        - name: pd
          pagerduty_configs:
          - routing_key: rk-123
            url: '%s/pagerduty'
          - routing_key: '{{ .CommonLabels.team }}-key'
            url: '%s/pagerduty-full'
            client: 'Vigil {{ .Status }}'
            client_url: 'http://client/{{ .GroupLabels.alertname }}'
            description: '{{ .CommonAnnotations.summary }}'
            severity: '{{ .CommonLabels.severity }}'
            class: cls
            component: '{{ .CommonLabels.job }}'
            group: grp
            details: {firing: 'custom {{ len .Alerts.Firing }}', extra: '{{ .CommonLabels.job }}'}
            images: [{src: 'http://img/a.png', alt: A, href: 'http://a'}, {alt: dropped}]
            links: [{href: 'http://l', text: L}]
            http_config: {authorization: {credentials: tok}}
        - name: og
          opsgenie_configs:
          - api_key: key-1
            api_url: '%s/opsgenie/'
          - api_key: key-2
            api_url: '%s/opsgenie-full/'
            message: '{{ .GroupLabels.alertname }} on {{ .CommonLabels.job }}'
            description: 'desc {{ len .Alerts }}'
            source: src
            details: {a: '{{ .Status }}', job: overridden}
            responders: [{name: 'ops,dev', type: teams}, {username: 'bob@x', type: user}, {id: abc, type: escalation}]
            tags: ' t1,t2 ,,t3 '
            note: 'note {{ .Status }}'
            priority: P2
            entity: ent
            actions: 'restart,ping'
            update_alerts: true
        - name: mail
          email_configs:
          - to: 'ops@example.org, "Team, Dev" <dev@example.org>'
            send_resolved: true
            text: '{{ template "__text_alert_list" .Alerts }}'
            html: '<p>{{ .CommonAnnotations.summary }}</p>{{ template "__subject" . }}'
            headers: {subject: 'Subj {{ .Status }} ü', X-Custom: '{{ .GroupLabels.alertname }}'}
            tls_config: {insecure_skip_verify: true}
          - to: 'cram@example.org'
            smarthost: '127.0.0.1:%d'
            auth_secret: 'pw'
            tls_config: {insecure_skip_verify: true}
            text: '{{ template "email.default.subject" . }}'
            html: ''
        """.formatted(s.smtpLogin().port(), h, templates, h, h, h, h, h, s.smtpCram().port());
  }

  private static Alert alert(Instant start, Instant end, String rcv, String name, String instance) {
    return new Alert(Labels.of("alertname", name, "rcv", rcv, "team", "ops", "severity", "critical", "job", "api",
        "instance", instance),
        Map.of("summary", "Disk <full> & 'hot' \"x\"", "runbook", "http://runbook/a?x=1&y=2"),
        start, end, "http://gen/graph?g0.expr=up&x=1", null, false);
  }

  private static List<Alert> alerts(Instant t0, Instant end1, Instant end2) {
    List<Alert> out = new ArrayList<>();
    for (String rcv : List.of("slack", "pd", "og", "mail")) {
      String name = "Alert" + rcv.toUpperCase();
      out.add(alert(t0, end1, rcv, name, "i1:9100"));
      out.add(alert(t0, end2, rcv, name, "i2:9100"));
    }
    return out;
  }

  private static String json(List<Alert> alerts) {
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
    return arr.toString();
  }

  @Test
  void sameRequestsAsAlertmanager() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(RealAlertmanager.BINARY),
        "skipped: " + RealAlertmanager.BINARY + " is not installed (Debian package prometheus-alertmanager)");
    SSLContext tls = SmtpRecorder.selfSigned(dir);
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(templates.resolve("custom.tmpl"),
        "{{ define \"custom.title\" }}[{{ .Status | toUpper }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}"
            + " ({{ len .Alerts.Firing }} firing){{ end }}\n");
    try (Side real = side(tls); Side vigil = side(tls); SystemScheduler scheduler = new SystemScheduler()) {
      Path realDir = Files.createDirectories(dir.resolve("real"));
      Path vigilCfg = Files.createDirectories(dir.resolve("vigil")).resolve("alertmanager.yml");
      Files.writeString(vigilCfg, config(vigil, templates));
      try (RealAlertmanager am = new RealAlertmanager(realDir, config(real, templates), EXTERNAL_URL)) {
        Alertmanager v = new Alertmanager(AlertmanagerConfig.load(vigilCfg),
            AlertmanagerOptions.defaults(dir.resolve("vigil"), EXTERNAL_URL, scheduler));
        v.start();
        try {
          long t0Millis = System.currentTimeMillis();
          Instant t0 = Instant.ofEpochMilli(t0Millis).truncatedTo(ChronoUnit.MILLIS);
          am.send("POST", "/api/v2/alerts", json(alerts(t0, null, null)));
          assertThat(v.putAlerts(alerts(t0, null, null))).isEmpty();
          sleepUntil(t0Millis + 2500);
          List<Alert> partly = alerts(t0, t0.plusMillis(2500), null);
          am.send("POST", "/api/v2/alerts", json(partly));
          assertThat(v.putAlerts(partly)).isEmpty();
          sleepUntil(t0Millis + 4500);
          List<Alert> all = alerts(t0, t0.plusMillis(2500), t0.plusMillis(4500));
          am.send("POST", "/api/v2/alerts", json(all));
          assertThat(v.putAlerts(all)).isEmpty();
          sleepUntil(t0Millis + 6800);
        } finally {
          v.stop();
        }
        compareHttp(real.http(), vigil.http(), realDir);
        compareMail(real.smtpLogin(), vigil.smtpLogin(), realDir);
        compareMail(real.smtpCram(), vigil.smtpCram(), realDir);
      }
    }
  }

  private static Side side(SSLContext tls) throws Exception {
    return new Side(new HttpRecorder(), new SmtpRecorder(tls, "LOGIN CRAM-MD5 PLAIN", "bob", "pw"),
        new SmtpRecorder(tls, "CRAM-MD5 PLAIN", "bob", "pw"));
  }

  private static void compareHttp(HttpRecorder real, HttpRecorder vigil, Path realDir) throws Exception {
    Map<String, List<String>> want = byPath(real);
    Map<String, List<String>> got = byPath(vigil);
    System.out.println("alertmanager sent: " + want.keySet() + " counts " + want.values().stream().map(List::size).toList());
    assertThat(want).as("alertmanager log: %s", Files.readString(realDir.resolve("alertmanager.log"))).isNotEmpty();
    assertThat(want.keySet()).as("every integration sent (otherwise a template failed on both sides)")
        .contains("/slack-default", "/slack-full", "/pagerduty", "/pagerduty-full", "/opsgenie/v2/alerts",
            "/opsgenie-full/v2/alerts");
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String path : want.keySet()) {
      List<String> w = want.get(path);
      List<String> g = got.get(path);
      assertThat(g).as("requests to %s", path).hasSameSizeAs(w);
      for (int i = 0; i < w.size(); i++) {
        if (System.getenv("DIFF_DEBUG") != null) {
          System.out.println("=== alertmanager " + w.get(i) + "=== vigil " + g.get(i));
        }
        assertThat(g.get(i)).as("request %d to %s", i, path).isEqualTo(w.get(i));
      }
    }
  }

  private static Map<String, List<String>> byPath(HttpRecorder r) {
    Map<String, List<String>> out = new TreeMap<>();
    for (HttpRecorder.Request q : r.received()) {
      StringBuilder sb = new StringBuilder(q.method()).append(' ').append(q.target()).append('\n');
      for (String h : List.of("authorization", "content-type", "user-agent")) {
        sb.append(h).append(": ").append(q.headers().get(h)).append('\n');
      }
      sb.append(q.body());
      out.computeIfAbsent(q.path(), k -> new ArrayList<>()).add(sb.toString());
    }
    return out;
  }

  private static void compareMail(SmtpRecorder real, SmtpRecorder vigil, Path realDir) throws Exception {
    List<SmtpRecorder.Message> want = real.messages();
    List<SmtpRecorder.Message> got = vigil.messages();
    assertThat(want).as("alertmanager sent no mail; failures %s; log %s", real.failures(),
        Files.readString(realDir.resolve("alertmanager.log"))).isNotEmpty();
    assertThat(got).as("vigil mail failures %s", vigil.failures()).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      SmtpRecorder.Message w = want.get(i);
      SmtpRecorder.Message g = got.get(i);
      if (System.getenv("DIFF_DEBUG") != null) {
        System.out.println("=== alertmanager mail " + w + "\n=== vigil mail " + g);
      }
      assertThat(g.tls()).isEqualTo(w.tls());
      assertThat(g.auth()).isEqualTo(w.auth());
      assertThat(g.helo()).isEqualTo(w.helo());
      assertThat(g.mailFrom()).isEqualTo(w.mailFrom());
      assertThat(g.rcptTo()).isEqualTo(w.rcptTo());
      assertThat(normalize(g.data())).as("message %d", i).isEqualTo(normalize(w.data()));
    }
  }

  private static final Pattern BOUNDARY = Pattern.compile("boundary=([0-9a-f]+)");

  /** Headers sorted (Go writes them in map order), Message-Id and Date dropped, boundary masked. */
  static String normalize(String data) {
    Matcher m = BOUNDARY.matcher(data);
    if (m.find()) {
      data = data.replace(m.group(1), "BOUNDARY");
    }
    int split = data.indexOf("\r\n\r\n");
    List<String> headers = new ArrayList<>();
    for (String h : data.substring(0, split).split("\r\n")) {
      if (!h.startsWith("Message-Id:") && !h.startsWith("Date:")) {
        headers.add(h);
      }
    }
    headers.sort(null);
    return String.join("\n", headers) + "\n\n" + data.substring(split + 4);
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long d = millis - System.currentTimeMillis();
    if (d > 0) {
      Thread.sleep(d);
    }
  }
}
