package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.model.Labels;
import dev.vigil.rules.notify.NotifiedAlert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertingConfigTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<AlertmanagerTarget> parse(String yaml) throws Exception {
    return AlertingConfig.parse(YAML.readValue(yaml, Object.class));
  }

  @Test
  void staticTargetsWithSchemePrefixTimeoutAndAuth() throws Exception {
    List<AlertmanagerTarget> t = parse("""
        alertmanagers:
          - static_configs:
              - targets: ['am1:9093', 'am2:9093']
          - scheme: https
            path_prefix: /am/
            timeout: 3s
            basic_auth: {username: u, password: p}
            static_configs:
              - targets: ['am3:443']
        """);
    assertThat(t).extracting(a -> a.alertsUrl().toString()).containsExactly(
        "http://am1:9093/api/v2/alerts", "http://am2:9093/api/v2/alerts",
        "https://am3:443/am/api/v2/alerts");
    assertThat(t.get(0).timeoutMs()).isEqualTo(10_000);
    assertThat(t.get(2).timeoutMs()).isEqualTo(3_000);
    assertThat(t.get(2).authorization()).isEqualTo("Basic dTpw");
  }

  @Test
  void rejectsWhatItDoesNotImplement() {
    assertThatThrownBy(() -> parse("alertmanagers: [{api_version: v1}]"))
        .hasMessageContaining("one of [v2] but got v1");
    assertThatThrownBy(() -> parse("alertmanagers: [{dns_sd_configs: []}]"))
        .hasMessage("alerting.alertmanagers[0]: field dns_sd_configs not supported");
    assertThatThrownBy(() -> parse("alertmanagers: [{static_configs: [{targets: ['http://x']}]}]"))
        .hasMessageContaining("invalid target");
  }

  @Test
  void postBodyIsAlertmanagerV2Json() throws Exception {
    byte[] body = AlertmanagerSender.body(List.of(new NotifiedAlert(
        Labels.of("alertname", "A", "job", "j"), Labels.of("summary", "s"), 1_000, 241_500,
        "http://x/graph")));
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
        "[{\"labels\":{\"alertname\":\"A\",\"job\":\"j\"},\"annotations\":{\"summary\":\"s\"},"
            + "\"startsAt\":\"1970-01-01T00:00:01Z\",\"endsAt\":\"1970-01-01T00:04:01.500Z\","
            + "\"generatorURL\":\"http://x/graph\"}]");
  }
}
