package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.receiver.ReceiverIntegrations;
import dev.vigil.alerting.template.NotificationTemplates;
import dev.vigil.model.Labels;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver integrations against local fakes, for what the differential test cannot show:
 * Microsoft Teams (not in Alertmanager 0.25), which answers are retried, SMTP without STARTTLS,
 * PLAIN auth, refused credentials, and template errors.
 */
@Timeout(30)
class ReceiverIntegrationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
  private static SSLContext tls;

  @TempDir static Path dir;

  @BeforeAll
  static void certificate() throws Exception {
    tls = SmtpRecorder.selfSigned(dir);
  }

  private static Notification notification(boolean resolved) {
    Alert a = new Alert(Labels.of("alertname", "Down", "job", "api"), Map.of("summary", "api <down>"), T0,
        resolved ? T0.plusSeconds(5) : null, "http://gen", null, false);
    return new Notification("team", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"), List.of(a),
        T0.plusSeconds(10));
  }

  private static Integration integration(String receiverYaml) {
    AlertmanagerConfig c = AlertmanagerConfig.parse("""
        global:
          smtp_from: 'am@example.org'
        route: {receiver: team}
        receivers:
        - name: team
        """ + receiverYaml.indent(2));
    IntegrationConfig ic = c.receivers().get(0).otherConfigs().get(0);
    return new ReceiverIntegrations(NotificationTemplates.defaults(), c.global(), HttpClient.newHttpClient())
        .create("team", ic, 0, "http://am:9093");
  }

  @Test
  void teamsMessageCard() throws Exception {
    try (HttpRecorder http = new HttpRecorder()) {
      Integration teams = integration("msteams_configs: [{webhook_url: '" + http.url("/teams") + "'}]");
      assertThat(teams.type()).isEqualTo("msteams");
      assertThat(teams.sendResolved()).isTrue();
      teams.notify(notification(false));
      teams.notify(notification(true));
      List<HttpRecorder.Request> got = http.await(2, 5000);
      var firing = JSON.readTree(got.get(0).body());
      assertThat(firing.get("@context").asText()).isEqualTo("http://schema.org/extensions");
      assertThat(firing.get("type").asText()).isEqualTo("MessageCard");
      assertThat(firing.get("title").asText()).isEqualTo("[FIRING:1] Down (api)");
      assertThat(firing.get("summary").asText()).isEqualTo("[FIRING:1] Down (api)");
      assertThat(firing.get("themeColor").asText()).isEqualTo("8C1A1A");
      // Alertmanager's msteams.default.text keeps the template's line breaks around each section.
      assertThat(firing.get("text").asText()).isEqualTo("\n\n# Alerts Firing:\n\nLabels:\n  - alertname = Down\n"
          + "  - job = api\n\nAnnotations:\n  - summary = api <down>\n\nSource: http://gen\n\n\n\n\n");
      var resolved = JSON.readTree(got.get(1).body());
      assertThat(resolved.get("themeColor").asText()).isEqualTo("2DC72D");
      assertThat(resolved.get("title").asText()).isEqualTo("[RESOLVED] Down (api)");
      assertThat(got.get(0).headers().get("content-type")).isEqualTo("application/json");
    }
  }

  @Test
  void retryRulesPerIntegration() throws Exception {
    try (HttpRecorder http = new HttpRecorder()) {
      Integration slack = integration("slack_configs: [{api_url: '" + http.url("/slack") + "'}]");
      Integration pd = integration("pagerduty_configs: [{routing_key: k, url: '" + http.url("/pd") + "'}]");
      Integration og = integration("opsgenie_configs: [{api_key: k, api_url: '" + http.url("/og/") + "'}]");
      check(http, slack, 429, false, "unexpected status code 429: slow down");
      check(http, slack, 503, true, "unexpected status code 503: slow down");
      check(http, slack, 400, false, "unexpected status code 400: slow down");
      check(http, og, 429, true, "unexpected status code 429: slow down");
      check(http, og, 422, false, "unexpected status code 422: slow down");
      check(http, pd, 429, true, "unexpected status code 429");
      http.answerNext(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect\"]}");
      assertThatThrownBy(() -> pd.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessage("unexpected status code 400: Event object is invalid: Length of 'routing_key' is incorrect")
          .matches(e -> !((NotifyException) e).retryable());
    }
  }

  private static void check(HttpRecorder http, Integration in, int status, boolean retry, String message) {
    http.answerNext(status, "slow down");
    assertThatThrownBy(() -> in.notify(notification(false))).isInstanceOf(NotifyException.class)
        .hasMessage(message)
        .matches(e -> ((NotifyException) e).retryable() == retry, "retryable " + retry);
  }

  @Test
  void templateErrorsAreNotRetried() throws Exception {
    try (HttpRecorder http = new HttpRecorder()) {
      Integration slack = integration("slack_configs: [{api_url: '" + http.url("/s") + "', title: '{{ .Nope.x }}', text: '{{ nope }}'}]");
      assertThatThrownBy(() -> slack.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessageContaining("template: :1:")
          .matches(e -> !((NotifyException) e).retryable());
      assertThat(http.received()).isEmpty();
    }
  }

  @Test
  void emailPlainAuthAfterStartTls() throws Exception {
    try (SmtpRecorder smtp = new SmtpRecorder(tls, "PLAIN", "bob", "pw")) {
      Integration mail = integration("email_configs: [{to: 'a@example.org', smarthost: '127.0.0.1:" + smtp.port()
          + "', auth_username: bob, auth_password: pw, auth_identity: id, tls_config: {insecure_skip_verify: true}}]");
      assertThat(mail.sendResolved()).isFalse();
      mail.notify(notification(false));
      SmtpRecorder.Message m = smtp.await(1, 5000).get(0);
      assertThat(m.tls()).isTrue();
      assertThat(m.auth()).isEqualTo("PLAIN id|bob|pw");
      assertThat(m.helo()).isEqualTo("localhost");
      assertThat(m.rcptTo()).containsExactly("<a@example.org>");
      assertThat(m.data()).contains("Subject: [FIRING:1] Down (api)\r\n", "To: a@example.org\r\n",
          "From: am@example.org\r\n", "MIME-Version: 1.0\r\n", "Content-Type: text/html; charset=UTF-8\r\n",
          "<title>[FIRING:1] Down (api)</title>", "summary =3D api &lt;down&gt;")
          .doesNotContain("text/plain");
    }
  }

  @Test
  void emailFailures() throws Exception {
    try (SmtpRecorder smtp = new SmtpRecorder(tls, "PLAIN", "bob", "pw")) {
      // a certificate nobody trusts
      Integration untrusted = integration("email_configs: [{to: 'a@example.org', smarthost: '127.0.0.1:" + smtp.port() + "'}]");
      assertThatThrownBy(() -> untrusted.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessageStartingWith("send STARTTLS command: ");
      Integration wrongPassword = integration("email_configs: [{to: 'a@example.org', smarthost: '127.0.0.1:" + smtp.port()
          + "', auth_username: bob, auth_password: nope, tls_config: {insecure_skip_verify: true}}]");
      assertThatThrownBy(() -> wrongPassword.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessage("*smtp.plainAuth auth: 535 authentication failed");
      Integration badTo = integration("email_configs: [{to: 'nobody', smarthost: '127.0.0.1:" + smtp.port()
          + "', tls_config: {insecure_skip_verify: true}}]");
      assertThatThrownBy(() -> badTo.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessage("parse 'to' addresses: mail: missing @ in addr-spec")
          .matches(e -> !((NotifyException) e).retryable());
      assertThat(smtp.messages()).isEmpty();
    }
  }

  @Test
  void emailWithoutStartTls() throws Exception {
    try (PlainSmtp smtp = new PlainSmtp()) {
      Integration strict = integration("email_configs: [{to: 'a@example.org', smarthost: '127.0.0.1:" + smtp.port() + "'}]");
      assertThatThrownBy(() -> strict.notify(notification(false))).isInstanceOf(NotifyException.class)
          .hasMessage("'require_tls' is true (default) but \"127.0.0.1:" + smtp.port()
              + "\" does not advertise the STARTTLS extension")
          .matches(e -> ((NotifyException) e).retryable());
    }
  }

  @Test
  void templateFilesAreLoadedWithEachConfiguration(@TempDir Path tmp) throws Exception {
    java.nio.file.Files.writeString(tmp.resolve("ok.tmpl"), "{{ define \"x\" }}x{{ end }}");
    String yaml = "route: {receiver: r}\nreceivers: [{name: r}]\ntemplates: ['" + tmp + "/*.tmpl']\n";
    var scheduler = new dev.vigil.alerting.schedule.ManualScheduler(T0);
    Alertmanager am = new Alertmanager(AlertmanagerConfig.parse(yaml),
        AlertmanagerOptions.defaults(null, "http://am", scheduler));
    java.nio.file.Files.writeString(tmp.resolve("bad.tmpl"), "{{ define \"y\" }}{{ .X ");
    assertThatThrownBy(() -> am.reload(AlertmanagerConfig.parse(yaml)))
        .isInstanceOf(dev.vigil.alerting.config.ConfigException.class)
        .hasMessageStartingWith("template: bad.tmpl:1: ");
    assertThat(am.config().templates()).hasSize(1); // the running configuration stays
    am.stop();
  }

  /** An SMTP greeter that offers no extensions at all. */
  private static final class PlainSmtp implements AutoCloseable {
    private final java.net.ServerSocket server;

    PlainSmtp() throws java.io.IOException {
      server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        try (java.net.Socket s = server.accept()) {
          var out = s.getOutputStream();
          var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
          out.write("220 plain\r\n".getBytes());
          for (String l = in.readLine(); l != null; l = in.readLine()) {
            out.write((l.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n").getBytes());
          }
        } catch (java.io.IOException e) {
          // test over
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws java.io.IOException {
      server.close();
    }
  }
}
