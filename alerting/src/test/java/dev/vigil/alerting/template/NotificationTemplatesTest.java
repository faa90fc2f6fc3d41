package dev.vigil.alerting.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.ConfigException;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.common.template.TemplateException;
import dev.vigil.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationTemplatesTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  static NotificationData data(String receiver) {
    Alert firing = new Alert(Labels.of("alertname", "Down", "job", "api", "instance", "a:1"),
        Map.of("summary", "api down", "runbook", "http://r"), T0, null, "http://prom/graph", null, false);
    Alert resolved = new Alert(Labels.of("alertname", "Down", "job", "api", "instance", "b:1"),
        Map.of("summary", "api down"), T0, T0.plusSeconds(10), "http://prom/graph2", null, false);
    Notification n = new Notification(receiver, "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"),
        List.of(firing, resolved), T0.plusSeconds(60));
    return NotificationData.of(n, "http://am:9093");
  }

  final NotificationTemplates t = NotificationTemplates.defaults();

  @Test
  void subjectAndLinks() throws Exception {
    NotificationData d = data("team-x (ops)");
    assertThat(t.text("{{ template \"__subject\" . }}", d)).isEqualTo("[FIRING:1] Down (api)");
    assertThat(t.text("{{ template \"slack.default.titlelink\" . }}", d))
        .isEqualTo("http://am:9093/#/alerts?receiver=team-x+%5C%28ops%5C%29");
  }

  @Test
  void alertListsAndKvMethods() throws Exception {
    NotificationData d = data("r");
    assertThat(t.text("{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}", d)).isEqualTo("""
        Labels:
         - alertname = Down
         - instance = b:1
         - job = api
        Annotations:
         - summary = api down
        Source: http://prom/graph2
        """);
    assertThat(t.text("{{ .CommonLabels.Names }} {{ .CommonLabels.job }} [{{ .CommonLabels.nope }}] {{ len .Alerts.Firing }}", d))
        .isEqualTo("[alertname job] api [] 1");
    assertThat(t.text("{{ (index .Alerts 0).StartsAt }} {{ (index .Alerts 0).EndsAt }}", d))
        .isEqualTo("2026-01-02 03:04:05 +0000 UTC 0001-01-01 00:00:00 +0000 UTC");
  }

  @Test
  void functions() throws Exception {
    NotificationData d = data("r");
    check("{{ toUpper \"abc\" }} {{ toLower \"ABC\" }} {{ title \"hello wORLD foo_bar\" }}", d, "ABC abc Hello World Foo_bar");
    check("{{ stringSlice \"a\" \"b\" | join \",\" }}", d, "a,b");
    check("{{ reReplaceAll \"(a+)(b)\" \"${2}-$1\" \"xaab aab\" }}", d, "xb-aa b-aa");
    check("{{ match \"^a.c$\" \"abc\" }} {{ match \"^a.c$\" \"abd\" }}", d, "true false");
    check("{{ trimSpace \"  x \" }}", d, "x");
    check("", d, "");
  }

  @Test
  void htmlEscapesValuesButNotSafeHtml() throws Exception {
    NotificationData d = data("r");
    assertThat(t.html("{{ \"<b>\" }}{{ safeHtml \"<i>\" }}", d)).isEqualTo("&lt;b&gt;<i>");
    assertThat(t.html("{{ template \"email.default.html\" . }}", d)).contains("<title>[FIRING:1] Down (api)</title>")
        .contains("[1] Firing").contains("[1] Resolved").contains("instance = b:1");
  }

  @Test
  void errorsAreGoTemplateErrors() {
    assertThatThrownBy(() -> t.text("{{ nope }}", data("r"))).isInstanceOf(TemplateException.class)
        .hasMessage("template: :1: function \"nope\" not defined");
    assertThatThrownBy(() -> t.text("{{ template \"missing\" . }}", data("r"))).isInstanceOf(TemplateException.class)
        .hasMessage("template: :1:12: executing \"\" at <{{template \"missing\" .}}>: template \"missing\" not defined");
  }

  @Test
  void userTemplatesFromGlobsOverrideDefaults(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.tmpl"), "{{ define \"slack.default.title\" }}custom {{ .Status }}{{ end }}");
    Files.writeString(dir.resolve("b.txt"), "{{ define \"other\" }}x{{ end }}");
    NotificationTemplates u = NotificationTemplates.load(List.of(dir.resolve("*.tmpl").toString()));
    assertThat(u.text("{{ template \"slack.default.title\" . }}", data("r"))).isEqualTo("custom firing");
    assertThatThrownBy(() -> u.text("{{ template \"other\" . }}", data("r"))).isInstanceOf(TemplateException.class);
    Files.writeString(dir.resolve("bad.tmpl"), "{{ define \"x\" }}{{ end");
    assertThatThrownBy(() -> NotificationTemplates.load(List.of(dir.resolve("*.tmpl").toString())))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("template: bad.tmpl:1:");
  }

  private void check(String tmpl, Object data, String want) throws TemplateException {
    assertThat(t.text(tmpl, data)).isEqualTo(want);
  }
}
