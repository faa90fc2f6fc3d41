package dev.vigil.rules.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.engine.Value;
import dev.vigil.rules.notify.NotifiedAlert;
import dev.vigil.testkit.MemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Groups over a real engine and an in-memory store, at explicit timestamps. */
class GroupTest {
  private static final long M = 60_000;
  private final MemoryStorage storage = new MemoryStorage();
  private final RuleQuery query = RuleQuery.of(new PromqlEngine(EngineOptions.DEFAULT), storage::querier);
  private final List<NotifiedAlert> sent = new ArrayList<>();
  private final GroupContext ctx = new GroupContext(
      new EvalEnvironment(query, Labels.EMPTY, "http://vigil:9090"), storage::appender,
      storage::querier, sent::addAll, M, 3_600_000, 600_000);

  private void put(String metric, long t, double v) {
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", metric.split(",")[0], "job", metric.split(",")[1]), t, v);
    a.commit();
  }

  private List<Value.Sample> at(String expr, long t) throws Exception {
    return query.query(expr, t);
  }

  @Test
  void recordingRuleWritesResultsAndStalesVanishedSeries() throws Exception {
    Group g = new Group("g", "f.yml", M, 0, 0, List.of(
        new RecordingRule("job:up:sum", "sum by (job) (up)", Labels.of("team", "x"))));
    put("up,a", 0, 1);
    put("up,b", 0, 1);
    g.eval(0, ctx);
    assertThat(at("job:up:sum", 0)).hasSize(2);
    assertThat(at("job:up:sum", 0).getFirst().labels())
        .isEqualTo(Labels.of("__name__", "job:up:sum", "job", "a", "team", "x"));
    put("up,a", M, 1);
    put("up,b", M, Samples.STALE_NAN);
    g.eval(M, ctx);
    // The staleness marker hides job b at once, not after the 5m lookback.
    assertThat(at("job:up:sum", M + 1)).extracting(s -> s.labels().get("job")).containsExactly("a");
    assertThat(g.rules().getFirst().health()).isEqualTo(RuleHealth.OK);
  }

  @Test
  void failingRuleRecordsErrorAndOthersStillRun() throws Exception {
    Group g = new Group("g", "f.yml", M, 0, 0, List.of(
        new RecordingRule("bad", "up + on(x) group_left up", Labels.EMPTY),
        new RecordingRule("dup", "up", Labels.of("job", "same")),
        new RecordingRule("good", "count(up)", Labels.EMPTY)));
    put("up,a", 0, 1);
    put("up,b", 0, 1);
    g.eval(0, ctx);
    assertThat(g.rules().get(0).health()).isEqualTo(RuleHealth.ERR);
    assertThat(g.rules().get(0).lastError()).contains("many-to-many");
    assertThat(g.rules().get(1).lastError())
        .isEqualTo("vector contains metrics with the same labelset after applying rule labels");
    assertThat(g.rules().get(2).health()).isEqualTo(RuleHealth.OK);
    assertThat(at("good", 0)).hasSize(1);
  }

  @Test
  void limitOnRecordingRuleDropsAllOutput() throws Exception {
    Group g = new Group("g", "f.yml", M, 1, 0, List.of(new RecordingRule("r", "up", Labels.EMPTY)));
    put("up,a", 0, 1);
    put("up,b", 0, 1);
    g.eval(0, ctx);
    assertThat(g.rules().getFirst().lastError()).isEqualTo("exceeded limit of 1 with 2 series");
    assertThat(at("r", 0)).isEmpty();
  }

  @Test
  void alertsAreSentWithPrometheusTimes() {
    AlertingRule r = new AlertingRule("Down", "up == 0", M, 0, Labels.EMPTY, Map.of());
    Group g = new Group("g", "f.yml", 30_000, 0, 0, List.of(r));
    put("up,a", 0, 0);
    g.eval(0, ctx);
    assertThat(sent).isEmpty();
    g.eval(M, ctx);
    assertThat(sent).hasSize(1);
    NotifiedAlert a = sent.getFirst();
    assertThat(a.startsAt()).isEqualTo(M);
    assertThat(a.endsAt()).isEqualTo(M + 4 * M);
    assertThat(a.generatorUrl()).isEqualTo("http://vigil:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
    put("up,a", 90_000, 1);
    g.eval(90_000, ctx);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).endsAt()).as("resolved: the resolve time").isEqualTo(90_000);
  }

  @Test
  void alertSeriesAreWrittenAndStaledOnResolve() throws Exception {
    AlertingRule r = new AlertingRule("Down", "up == 0", 0, 0, Labels.EMPTY, Map.of());
    r.setRestored(true);
    Group g = new Group("g", "f.yml", M, 0, 0, List.of(r));
    put("up,a", 0, 0);
    g.eval(0, ctx);
    assertThat(at("ALERTS", 0)).hasSize(1);
    assertThat(at("ALERTS_FOR_STATE", 0).getFirst().f()).isZero();
    put("up,a", M, 1);
    g.eval(M, ctx);
    assertThat(at("ALERTS", M)).isEmpty();
  }

  @Test
  void evalTimestampIsAlignedWithAStablePerGroupOffset() {
    Group g = new Group("g", "f.yml", M, 0, 0, List.of());
    long t1 = g.evalTimestamp(1_000_000_000L);
    long t2 = g.evalTimestamp(1_000_000_000L + 7 * M + 5);
    assertThat(t1).isLessThanOrEqualTo(1_000_000_000L).isGreaterThan(1_000_000_000L - M);
    assertThat(Math.floorMod(t2 - t1, M)).isZero();
    Group other = new Group("h", "f.yml", M, 0, 0, List.of());
    assertThat(Math.floorMod(other.evalTimestamp(0), M)).isNotEqualTo(Math.floorMod(t1, M));
  }

  @Test
  void reloadKeepsStateOfUnchangedRulesAndStalesRemovedOnes() throws Exception {
    AlertingRule keep = new AlertingRule("Down", "up == 0", 5 * M, 0, Labels.EMPTY, Map.of());
    RecordingRule removed = new RecordingRule("gone", "up", Labels.EMPTY);
    Group old = new Group("g", "f.yml", M, 0, 0, List.of(keep, removed));
    put("up,a", 0, 0);
    old.eval(0, ctx);
    AlertingRule keep2 = new AlertingRule("Down", "up == 0", 5 * M, 0, Labels.EMPTY, Map.of());
    Group next = new Group("g", "f.yml", M, 0, 0, List.of(keep2));
    next.copyStateFrom(old);
    assertThat(keep2.alerts()).hasSize(1);
    assertThat(keep2.alerts().getFirst().activeAt()).isZero();
    put("up,a", M, 0);
    next.eval(M, ctx);
    assertThat(at("gone", M)).as("stale marker for the removed rule's series").isEmpty();
    assertThat(at("gone", M - 1)).hasSize(1);
  }
}
