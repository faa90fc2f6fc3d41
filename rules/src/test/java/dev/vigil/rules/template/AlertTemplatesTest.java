package dev.vigil.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert-template preamble and Prometheus's error text for failed expansions. */
class AlertTemplatesTest {
  private static final ExpansionContext CTX =
      new ExpansionContext((q, ts) -> List.of(), 1_700_000_000_000L, URI.create("http://prom.example:9090"));

  private static final AlertTemplateData DATA = AlertTemplateData.of(
      Map.of("alertname", "HighErrorRate", "job", "api", "instance", "host-1.example.com:9100"),
      Map.of("cluster", "eu1"), "http://prom.example:9090", 0.0523);

  private static String expand(String text) {
    return AlertTemplates.expand("HighErrorRate", text, DATA, CTX);
  }

  @Test
  void variablesFromThePreamble() {
    assertThat(expand("{{ $labels.job }} error rate is {{ $value | humanizePercentage }}"))
        .isEqualTo("api error rate is 5.23%");
    assertThat(expand("{{ .Labels.instance | stripPort }} in {{ $externalLabels.cluster }}"))
        .isEqualTo("host-1.example.com in eu1");
    assertThat(expand("{{ $externalURL }}/alerts")).isEqualTo("http://prom.example:9090/alerts");
    assertThat(expand("[{{ $labels.missing }}]")).isEqualTo("[]");
    assertThat(expand("{{ $value }}")).isEqualTo("0.0523");
    assertThat(expand("{{ if gt $value 0.05 }}high{{ else }}low{{ end }}")).isEqualTo("high");
    assertThat(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}"))
        .isEqualTo("alertname=HighErrorRate,instance=host-1.example.com:9100,job=api,");
  }

  @Test
  void syntaxCheckLikePromtool() {
    assertThat(AlertTemplates.checkSyntax("InstanceDown", "Instance {{ $label.foo }} down"))
        .isEqualTo("template: __alert_InstanceDown:1: undefined variable \"$label\"");
    assertThat(AlertTemplates.checkSyntax("InstanceDown", "{{ $labels.instance }} of job {{ $labels.job }}")).isNull();
    assertThat(AlertTemplates.checkSyntax("X", "{{ query \"up\" | first | value | humanize }}")).isNull();
  }

  @Test
  void failuresBecomeTheErrorText() {
    // Columns count the preamble, as in Prometheus.
    int col = AlertTemplates.PREAMBLE.length() + 3;
    assertThat(expand("{{ humanize \"x\" }}")).isEqualTo(
        "<error expanding template: error executing template __alert_HighErrorRate: template: __alert_HighErrorRate:1:"
            + col + ": executing \"__alert_HighErrorRate\" at <humanize \"x\">: error calling humanize: "
            + "strconv.ParseFloat: parsing \"x\": invalid syntax>");
    assertThat(expand("{{ if gt $value 1 }}x{{ end }}")).isEqualTo(
        "<error expanding template: error executing template __alert_HighErrorRate: template: __alert_HighErrorRate:1:"
            + (AlertTemplates.PREAMBLE.length() + 6) + ": executing \"__alert_HighErrorRate\" at <gt $value 1>: "
            + "error calling gt: incompatible types for comparison>");
    assertThat(expand("{{ nosuch }}")).isEqualTo(
        "<error expanding template: error parsing template __alert_HighErrorRate: template: __alert_HighErrorRate:1: "
            + "function \"nosuch\" not defined>");
  }
}
