package dev.vigil.rules.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.notify.Notifier;
import dev.vigil.testkit.MemoryStorage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler on the real clock with short intervals. */
class RuleManagerTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final List<Long> evaluatedAt = new CopyOnWriteArrayList<>();
  private volatile long queryDelayMs;

  private GroupContext ctx() {
    RuleQuery q = (expr, t) -> {
      evaluatedAt.add(t);
      Thread.sleep(queryDelayMs);
      return List.of(new Value.Sample(Labels.EMPTY, t, 1, null));
    };
    return new GroupContext(new EvalEnvironment(q, Labels.EMPTY, ""), storage::appender,
        storage::querier, Notifier.NONE, 60_000, 3_600_000, 600_000);
  }

  private static Group group(String name, long interval) {
    return new Group(name, "f.yml", interval, 0, 0,
        List.of(new RecordingRule("r_" + name, "vector(1)", Labels.EMPTY)));
  }

  private static void await(java.util.function.BooleanSupplier cond) throws InterruptedException {
    for (int i = 0; i < 200 && !cond.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
    assertThat(cond.getAsBoolean()).isTrue();
  }

  @Test
  @Timeout(20)
  void evaluatesOnTheGroupsAlignedGrid() throws Exception {
    try (RuleManager m = new RuleManager(ctx(), ParserOptions.DEFAULT, Clock.systemUTC(), 100, 0)) {
      Group g = group("grid", 100);
      m.update(List.of(g));
      await(() -> evaluatedAt.size() >= 4);
      long phase = Math.floorMod(g.evalTimestamp(0), 100);
      for (long t : evaluatedAt) {
        assertThat(Math.floorMod(t, 100)).isEqualTo(phase);
      }
      assertThat(g.rules().getFirst().health()).isEqualTo(RuleHealth.OK);
      assertThat(g.lastEvalTimestamp()).isPositive();
    }
  }

  @Test
  @Timeout(20)
  void overrunsSkipAndCountMissedIterations() throws Exception {
    queryDelayMs = 250;
    try (RuleManager m = new RuleManager(ctx(), ParserOptions.DEFAULT, Clock.systemUTC(), 100, 0)) {
      Group g = group("slow", 100);
      m.update(List.of(g));
      await(() -> g.missedIterations() >= 2);
      assertThat(g.scheduledIterations()).isGreaterThan(evaluatedAt.size());
      for (int i = 1; i < evaluatedAt.size(); i++) {
        assertThat(evaluatedAt.get(i) - evaluatedAt.get(i - 1)).isGreaterThanOrEqualTo(200);
      }
    }
  }

  @Test
  @Timeout(20)
  void reloadKeepsUnchangedGroupsAndStartsNewOnes() throws Exception {
    try (RuleManager m = new RuleManager(ctx(), ParserOptions.DEFAULT, Clock.systemUTC(), 100, 0)) {
      Group a = group("a", 100);
      m.update(List.of(a));
      await(() -> a.lastEvalTimestamp() > 0);
      AlertingRule alert = new AlertingRule("X", "vector(1)", 0, 0, Labels.EMPTY, Map.of());
      Group b = new Group("b", "f.yml", 100, 0, 0, List.of(alert));
      m.update(List.of(group("a", 100), b));
      assertThat(m.groups().getFirst()).as("unchanged group kept as is").isSameAs(a);
      await(() -> alert.state() == AlertState.FIRING);
      assertThat(alert.restored()).as("groups added by a reload need no restore").isTrue();
      m.update(List.of());
      assertThat(m.groups()).isEmpty();
    }
  }
}
