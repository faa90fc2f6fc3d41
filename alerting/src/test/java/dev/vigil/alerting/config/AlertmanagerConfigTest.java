package dev.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerConfigTest {
  @TempDir Path tmp;

  private static final String RECEIVERS = "receivers:\n- name: r\n- name: w\n  webhook_configs:\n  - url: http://127.0.0.1:9/x\n";

  /** Asserts Vigil's verdict, and that amtool agrees when it is installed. */
  private void check(String yaml, String wantError) throws Exception {
    String got;
    try {
      AlertmanagerConfig.parse(yaml);
      got = null;
    } catch (ConfigException e) {
      got = e.getMessage();
    }
    assertThat(got).as(yaml).isEqualTo(wantError);
    if (AmtoolCheck.available()) {
      assertThat(AmtoolCheck.check(tmp, yaml)).as("amtool on:\n" + yaml).isEqualTo(wantError);
    }
  }

  @Test
  void validationErrorsMatchAlertmanager() throws Exception {
    check("route:\n  receiver: x\n" + RECEIVERS, "undefined receiver \"x\" used in route");
    check("route:\n  receiver: r\n  routes:\n  - receiver: nope\n" + RECEIVERS,
        "undefined receiver \"nope\" used in route");
    check("route:\n  receiver: r\n  matchers: [a=b]\n" + RECEIVERS, "root route must not have any matchers");
    check("route:\n  receiver: r\n  match: {a: b}\n" + RECEIVERS, "root route must not have any matchers");
    check("route:\n  group_by: [a]\n" + RECEIVERS, "root route must specify a default receiver");
    check(RECEIVERS, "no routes provided");
    check("", "no route provided in config");
    check("route:\n  receiver: r\n  continue: true\n" + RECEIVERS, "cannot have continue in root route");
    check("route:\n  receiver: r\n  group_by: ['...', a]\n" + RECEIVERS,
        "cannot have wildcard group_by (`...`) and other other labels at the same time");
    check("route:\n  receiver: r\n  group_by: [a, a]\n" + RECEIVERS, "duplicated label \"a\" in group_by");
    check("route:\n  receiver: r\n  group_by: [a-b]\n" + RECEIVERS, "invalid label name \"a-b\" in group_by list");
    check("route:\n  receiver: r\n  group_interval: 0s\n" + RECEIVERS, "group_interval cannot be zero");
    check("route:\n  receiver: r\n  repeat_interval: 0s\n" + RECEIVERS, "repeat_interval cannot be zero");
    check("route:\n  receiver: r\n  group_wait: 5x\n" + RECEIVERS, "not a valid duration string: \"5x\"");
    check("route:\n  receiver: r\n  routes:\n  - matchers: ['foo']\n" + RECEIVERS, "bad matcher format: foo");
    check("route:\n  receiver: r\n  routes:\n  - bogus: 1\n" + RECEIVERS,
        "yaml: unmarshal errors:\n  line 4: field bogus not found in type config.plain");
    check("route:\n  receiver: r\nreceivers:\n- name: r\n- name: r\n", "notification config name \"r\" is not unique");
    check("route:\n  receiver: r\nreceivers:\n- webhook_configs: [{url: 'http://a/'}]\n", "missing name in receiver");
    check("route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs: [{send_resolved: true}]\n",
        "missing URL in webhook config");
    check("route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs: [{url: 'ftp://a/'}]\n",
        "unsupported scheme \"ftp\" for URL");
    check("route:\n  receiver: r\n  routes:\n  - receiver: r\n    mute_time_intervals: [nope]\n" + RECEIVERS,
        "undefined time interval \"nope\" used in route");
    check("route:\n  receiver: r\n" + RECEIVERS
        + "time_intervals:\n- name: t\n  time_intervals: [{weekdays: [monday]}]\n"
        + "- name: t\n  time_intervals: [{weekdays: [monday]}]\n", "time interval \"t\" is not unique");
    check("route:\n  receiver: r\n" + RECEIVERS
        + "time_intervals:\n- name: t\n  time_intervals: [{weekdays: ['friday:monday']}]\n",
        "start day cannot be before end day");
    check("route:\n  receiver: r\n" + RECEIVERS
        + "time_intervals:\n- name: t\n  time_intervals: [{days_of_month: ['-1:5']}]\n",
        "end day must be negative if start day is negative");
    check("route:\n  receiver: r\n" + RECEIVERS
        + "time_intervals:\n- name: t\n  time_intervals: [{times: [{start_time: '10:00', end_time: '09:00'}]}]\n",
        "start time cannot be equal or greater than end time");
    check("route:\n  receiver: r\nreceivers:\n- name: r\n  slack_configs: [{channel: '#x'}]\n",
        "no global Slack API URL set either inline or in a file");
    check("route:\n  receiver: r\nreceivers:\n- name: r\n  email_configs: [{to: a@b}]\n",
        "no global SMTP smarthost set");
    check("route:\n  receiver: r\n  receiver: w\n" + RECEIVERS,
        "yaml: unmarshal errors:\n  line 3: field receiver already set in type config.plain");
    check("route:\n  receiver: r\n  routes:\n  - match: {a: b, a: c}\n" + RECEIVERS,
        "yaml: unmarshal errors:\n  line 4: key \"a\" already set in map");
    check("route:\n  receiver: r\n  routes:\n  - match: {env: yes}\n    receiver: w\n" + RECEIVERS, null);
    check("route:\n  receiver: r\n  group_by: *nope\n" + RECEIVERS,
        "yaml: unknown anchor 'nope' referenced");
    check("route:\n  receiver: r\n" + RECEIVERS + "inhibit_rules:\n- equal: ['a-b']\n",
        "\"a-b\" is not a valid label name");
  }

  @Test
  void acceptsAFullConfigAndBuildsItsParts() throws Exception {
    String yaml = """
        global:
          resolve_timeout: 1m
          smtp_smarthost: 'localhost:25'
          smtp_from: 'am@example.org'
          slack_api_url: 'https://hooks.slack.com/services/x'
        templates: ['/etc/am/*.tmpl']
        route:
          receiver: w
          group_by: ['alertname', 'cluster']
          group_wait: 10s
          routes:
          - matchers: ['severity="page"', 'team=~"a|b"']
            match: {service: api}
            match_re: {env: 'prod.*'}
            receiver: r
            continue: true
            group_by: ['...']
            mute_time_intervals: [nights]
          - receiver: w
            active_time_intervals: [weekdays]
        inhibit_rules:
        - source_match: {severity: critical}
          target_matchers: ['severity="warning"']
          equal: [alertname]
        receivers:
        - name: r
          slack_configs: [{channel: '#alerts'}]
          email_configs: [{to: 'ops@example.org'}]
        - name: w
          webhook_configs:
          - url: 'http://127.0.0.1:9/hook'
            send_resolved: false
            max_alerts: 3
            http_config:
              basic_auth: {username: u, password: p}
        time_intervals:
        - name: weekdays
          time_intervals: [{weekdays: ['monday:friday'], location: 'Europe/Berlin'}]
        mute_time_intervals:
        - name: nights
          time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]
        """;
    check(yaml, null);
    AlertmanagerConfig c = AlertmanagerConfig.parse(yaml);
    assertThat(c.original()).isEqualTo(yaml);
    assertThat(c.global().resolveTimeoutMs()).isEqualTo(60_000);
    assertThat(c.global().smtpHello()).isEqualTo("localhost");
    assertThat(c.route().groupBy()).containsExactly("alertname", "cluster");
    assertThat(c.route().groupWaitMs()).isEqualTo(10_000);
    assertThat(c.route().groupIntervalMs()).isNull();
    RouteConfig child = c.route().routes().get(0);
    assertThat(child.groupByAll()).isTrue();
    assertThat(child.continueMatching()).isTrue();
    assertThat(child.matchers().toString())
        .isEqualTo("{env=~\"prod.*\",service=\"api\",severity=\"page\",team=~\"a|b\"}");
    assertThat(c.inhibitRules().get(0).sourceMatchers().toString()).isEqualTo("{severity=\"critical\"}");
    WebhookConfig wh = c.receiver("w").webhookConfigs().get(0);
    assertThat(wh.sendResolved()).isFalse();
    assertThat(wh.maxAlerts()).isEqualTo(3);
    assertThat(wh.httpConfig().authorizationHeader()).isEqualTo("Basic dTpw");
    IntegrationConfig slack = c.receiver("r").otherConfigs().stream()
        .filter(i -> i.type().equals("slack")).findFirst().orElseThrow();
    assertThat(slack.sendResolved()).isFalse();
    assertThat(slack.settings().get("api_url").asText()).isEqualTo("https://hooks.slack.com/services/x");
    IntegrationConfig email = c.receiver("r").otherConfigs().stream()
        .filter(i -> i.type().equals("email")).findFirst().orElseThrow();
    assertThat(email.settings().get("smarthost").asText()).isEqualTo("localhost:25");
    assertThat(c.timeIntervals()).containsKeys("weekdays", "nights");
    // Saturday 2024-06-01 12:00 UTC is not a weekday; Monday is.
    assertThat(c.timeIntervals().get("weekdays").get(0).contains(Instant.parse("2024-06-01T12:00:00Z"))).isFalse();
    assertThat(c.timeIntervals().get("weekdays").get(0).contains(Instant.parse("2024-06-03T12:00:00Z"))).isTrue();
  }

  @Test
  void yamlAnchorsAndMergeKeys() throws Exception {
    String yaml = """
        route:
          receiver: r
          group_by: &g [a]
          routes:
          - &base
            receiver: w
            group_wait: 10s
            group_by: *g
          - <<: *base
            matchers: [a=b]
            group_wait: 20s
        """ + RECEIVERS;
    check(yaml, null);
    RouteConfig merged = AlertmanagerConfig.parse(yaml).route().routes().get(1);
    assertThat(merged.receiver()).isEqualTo("w");
    assertThat(merged.groupWaitMs()).isEqualTo(20_000);
    assertThat(merged.groupBy()).containsExactly("a");
    assertThat(merged.matchers().toString()).isEqualTo("{a=\"b\"}");
    RouteConfig yes = AlertmanagerConfig.parse("route:\n  receiver: r\n  routes:\n  - match: {env: yes}\n" + RECEIVERS)
        .route().routes().get(0);
    assertThat(yes.matchers().toString()).isEqualTo("{env=\"yes\"}");
  }

  @Test
  void loadResolvesTemplatePathsAgainstTheFile() throws Exception {
    Path f = tmp.resolve("am.yml");
    java.nio.file.Files.writeString(f, "templates: ['t/*.tmpl', '/abs/x.tmpl']\nroute:\n  receiver: r\n" + RECEIVERS);
    AlertmanagerConfig c = AlertmanagerConfig.load(f);
    assertThat(c.templates()).containsExactly(tmp.resolve("t/*.tmpl").toString(), "/abs/x.tmpl");
  }

  /** The example configurations shipped with Debian's package load, with amtool's counts. */
  @Test
  void acceptsTheInstalledExampleConfigs() throws Exception {
    List<Path> files = java.util.stream.Stream.of("/etc/prometheus/alertmanager.yml",
            "/usr/share/doc/prometheus-alertmanager/examples/simple.yml",
            "/usr/share/doc/prometheus-alertmanager/examples/ha/alertmanager.yml")
        .map(Path::of).filter(java.nio.file.Files::isReadable).toList();
    org.junit.jupiter.api.Assumptions.assumeFalse(files.isEmpty(), "skipped: no example alertmanager.yml installed");
    for (Path f : files) {
      AlertmanagerConfig c = AlertmanagerConfig.load(f);
      if (AmtoolCheck.available()) {
        Process p = new ProcessBuilder(AmtoolCheck.AMTOOL.toString(), "check-config", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).as(f.toString()).contains("SUCCESS")
            .contains(" - " + c.inhibitRules().size() + " inhibit rules")
            .contains(" - " + c.receivers().size() + " receivers")
            .contains(" - " + c.templates().size() + " templates");
      }
    }
  }

  @Test
  void yamlSyntaxErrorsAreConfigErrors() {
    assertThatThrownBy(() -> AlertmanagerConfig.parse("route: [\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("yaml: ");
  }
}
