package dev.vigil.rules.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert state machine under a scripted query result and explicit timestamps. */
class AlertingRuleTest {
  private static final long M = 60_000;
  private final List<Value.Sample> result = new ArrayList<>();
  private final List<Long> queriedAt = new ArrayList<>();
  private final EvalEnvironment env = new EvalEnvironment((expr, t) -> {
    queriedAt.add(t);
    return List.copyOf(result);
  }, Labels.of("cluster", "c1"), "http://vigil:9090");

  private void firing(String... labels) {
    result.clear();
    result.add(new Value.Sample(Labels.of(labels), 0, 7, null));
  }

  private void clear() {
    result.clear();
  }

  private static AlertingRule rule(long forMs, long keepMs) {
    return new AlertingRule("HighErrors", "errors > 0", forMs, keepMs, Labels.of("severity", "page"),
        Map.of("summary", "{{ $labels.job }} at {{ $value }} in {{ $externalLabels.cluster }}"));
  }

  @Test
  void pendingThenFiringAfterFor() throws Exception {
    AlertingRule r = rule(5 * M, 0);
    r.setRestored(true);
    firing("__name__", "errors", "job", "api");
    assertThat(r.eval(0, 0, env, 0)).hasSize(2);
    assertThat(r.state()).isEqualTo(AlertState.PENDING);
    r.eval(4 * M, 0, env, 0);
    assertThat(r.state()).isEqualTo(AlertState.PENDING);
    List<Value.Sample> out = r.eval(5 * M, 0, env, 0);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    Alert a = r.alerts().getFirst();
    assertThat(a.activeAt()).isZero();
    assertThat(a.firedAt()).isEqualTo(5 * M);
    assertThat(a.labels()).isEqualTo(Labels.of("alertname", "HighErrors", "job", "api", "severity", "page"));
    assertThat(a.annotations().get("summary")).isEqualTo("api at 7 in c1");
    assertThat(out).extracting(s -> s.labels().toString()).containsExactly(
        "ALERTS{alertname=\"HighErrors\", alertstate=\"firing\", job=\"api\", severity=\"page\"}",
        "ALERTS_FOR_STATE{alertname=\"HighErrors\", job=\"api\", severity=\"page\"}");
    assertThat(out.get(1).f()).isZero();
  }

  @Test
  void pendingAlertThatClearsIsDropped() throws Exception {
    AlertingRule r = rule(5 * M, 0);
    firing("job", "api");
    r.eval(0, 0, env, 0);
    clear();
    r.eval(M, 0, env, 0);
    assertThat(r.alerts()).isEmpty();
    firing("job", "api");
    r.eval(2 * M, 0, env, 0);
    assertThat(r.alerts().getFirst().activeAt()).isEqualTo(2 * M);
  }

  @Test
  void resolvedAlertKeptFifteenMinutesThenDropped() throws Exception {
    AlertingRule r = rule(0, 0);
    firing("job", "api");
    r.eval(0, 0, env, 0);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    clear();
    r.eval(M, 0, env, 0);
    Alert a = r.alerts().getFirst();
    assertThat(a.state()).isEqualTo(AlertState.INACTIVE);
    assertThat(a.resolvedAt()).isEqualTo(M);
    r.eval(16 * M, 0, env, 0);
    assertThat(r.alerts()).hasSize(1);
    r.eval(16 * M + 1, 0, env, 0);
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void keepFiringForHoldsTheAlert() throws Exception {
    AlertingRule r = rule(0, 3 * M);
    r.setRestored(true);
    firing("job", "api");
    r.eval(0, 0, env, 0);
    clear();
    assertThat(r.eval(M, 0, env, 0)).hasSize(2);
    assertThat(r.alerts().getFirst().keepFiringSince()).isEqualTo(M);
    r.eval(3 * M, 0, env, 0);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    r.eval(4 * M, 0, env, 0);
    assertThat(r.state()).isEqualTo(AlertState.INACTIVE);
    assertThat(r.alerts().getFirst().resolvedAt()).isEqualTo(4 * M);
  }

  @Test
  void returningConditionResetsKeepFiringSince() throws Exception {
    AlertingRule r = rule(0, 3 * M);
    firing("job", "api");
    r.eval(0, 0, env, 0);
    clear();
    r.eval(M, 0, env, 0);
    firing("job", "api");
    r.eval(2 * M, 0, env, 0);
    assertThat(r.alerts().getFirst().keepFiringSince()).isZero();
    assertThat(r.alerts().getFirst().firedAt()).isZero();
  }

  @Test
  void noAlertSeriesBeforeRestore() throws Exception {
    AlertingRule r = rule(0, 0);
    firing("job", "api");
    assertThat(r.eval(0, 0, env, 0)).isEmpty();
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void duplicateLabelSetsAfterTemplatingAreAnError() {
    AlertingRule r = new AlertingRule("Dup", "x", 0, 0, Labels.of("instance", "same"), Map.of());
    result.add(new Value.Sample(Labels.of("instance", "a"), 0, 1, null));
    result.add(new Value.Sample(Labels.of("instance", "b"), 0, 1, null));
    assertThatThrownBy(() -> r.eval(0, 0, env, 0)).isInstanceOf(RuleEvaluationException.class)
        .hasMessage("vector contains metrics with the same labelset after applying alert labels");
  }

  @Test
  void limitDropsAllAlerts() throws Exception {
    AlertingRule r = rule(0, 0);
    result.add(new Value.Sample(Labels.of("job", "a"), 0, 1, null));
    result.add(new Value.Sample(Labels.of("job", "b"), 0, 1, null));
    assertThat(r.eval(0, 0, env, 2)).isEmpty();
    assertThatThrownBy(() -> r.eval(M, 0, env, 1))
        .hasMessage("exceeded limit of 1 with 2 alerts");
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void templateFailureYieldsTheErrorText() throws Exception {
    AlertingRule r = new AlertingRule("T", "x", 0, 0, Labels.EMPTY,
        Map.of("bad", "{{ template \"nope\" }}", "ok", "{{ humanizePercentage 0.5 }}"));
    firing("job", "api");
    r.eval(0, 0, env, 0);
    Labels ann = r.alerts().getFirst().annotations();
    assertThat(ann.get("ok")).isEqualTo("50%");
    assertThat(ann.get("bad")).startsWith("<error expanding template: ").contains("\"nope\" not defined");
  }

  @Test
  void queryOffsetShiftsQueryAndSampleTimes() throws Exception {
    AlertingRule r = rule(0, 0);
    r.setRestored(true);
    firing("job", "api");
    List<Value.Sample> out = r.eval(10 * M, M, env, 0);
    assertThat(queriedAt).containsExactly(9 * M);
    assertThat(out).allSatisfy(s -> assertThat(s.t()).isEqualTo(9 * M));
  }

  @Test
  void resendRules() throws Exception {
    AlertingRule r = rule(M, 0);
    firing("job", "api");
    r.eval(0, 0, env, 0);
    assertThat(r.alertsToSend(0, M, 30_000)).as("pending alerts are never sent").isEmpty();
    r.eval(M, 0, env, 0);
    List<Alert> sent = r.alertsToSend(M, M, 30_000);
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().validUntil()).isEqualTo(M + 4 * M);
    assertThat(r.alertsToSend(M + 30_000, M, 30_000)).as("within the resend delay").isEmpty();
    assertThat(r.alertsToSend(2 * M, M, 30_000)).as("not after exactly the delay").isEmpty();
    assertThat(r.alertsToSend(2 * M + 1, M, 30_000)).hasSize(1);
    clear();
    r.eval(2 * M + 2, 0, env, 0);
    List<Alert> resolved = r.alertsToSend(2 * M + 2, M, 30_000);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.getFirst().resolvedAt()).isEqualTo(2 * M + 2);
    assertThat(r.alertsToSend(2 * M + 3, M, 5 * M).isEmpty()).isTrue();
    List<Alert> again = r.alertsToSend(4 * M, M, 5 * M);
    assertThat(again).as("resolved alerts are re-sent every resend delay").hasSize(1);
    assertThat(again.getFirst().validUntil()).isEqualTo(4 * M + 20 * M);
  }
}
