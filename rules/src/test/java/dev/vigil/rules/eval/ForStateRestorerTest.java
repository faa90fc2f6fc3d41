package dev.vigil.rules.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.rules.notify.Notifier;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restoring {@code for} state from ALERTS_FOR_STATE after a simulated restart. */
class ForStateRestorerTest {
  private static final long M = 60_000;
  private static final Labels ALERT = Labels.of("alertname", "Down", "job", "a");
  private final MemoryStorage storage = new MemoryStorage();
  private final GroupContext ctx = new GroupContext(
      new EvalEnvironment(RuleQuery.of(new PromqlEngine(EngineOptions.DEFAULT), storage::querier),
          Labels.EMPTY, ""), storage::appender, storage::querier, Notifier.NONE, M, 60 * M, 10 * M);

  /** Before the restart: the alert was active since {@code activeAt}, last written at {@code downAt}. */
  private void history(long activeAt, long downAt) {
    Appender a = storage.appender();
    for (long t = activeAt; t <= downAt; t += M) {
      a.append(0, Labels.of("__name__", "up", "job", "a"), t, 0);
      a.append(0, ALERT.with("__name__", "ALERTS_FOR_STATE"), t, activeAt / 1000);
    }
    a.commit();
  }

  /** Restarts at {@code now}: two evaluations, then the restore, as the scheduler does. */
  private Alert restart(long now, long forMs) {
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", "up", "job", "a"), now - M, 0);
    a.append(0, Labels.of("__name__", "up", "job", "a"), now, 0);
    a.commit();
    AlertingRule r = new AlertingRule("Down", "up == 0", forMs, 0, Labels.EMPTY, Map.of());
    Group g = new Group("g", "f.yml", M, 0, 0, List.of(r));
    g.eval(now - M, ctx);
    g.eval(now, ctx);
    ForStateRestorer.restore(g, now, ctx);
    assertThat(r.restored()).isTrue();
    return r.alerts().getFirst();
  }

  @Test
  void pendingTimeContinuesShiftedByTheOutage() {
    long t0 = 1_000 * M;
    history(t0, t0 + 10 * M); // pending 10m of a 30m for
    Alert a = restart(t0 + 20 * M, 30 * M); // down 10m
    assertThat(a.activeAt()).isEqualTo(t0 + 10 * M);
  }

  @Test
  void nearlyFiringAlertGetsTheGracePeriod() {
    long t0 = 1_000 * M;
    history(t0, t0 + 25 * M); // 5m left of a 30m for
    long now = t0 + 40 * M;
    Alert a = restart(now, 30 * M);
    assertThat(a.activeAt()).isEqualTo(now + 10 * M - 30 * M);
  }

  @Test
  void outageLongerThanToleranceRestoresNothing() {
    long t0 = 1_000 * M;
    history(t0, t0 + 10 * M);
    long now = t0 + 10 * M + 61 * M;
    Alert a = restart(now, 30 * M);
    assertThat(a.activeAt()).isEqualTo(now - M);
  }

  @Test
  void shortForIsNotRestored() {
    long t0 = 1_000 * M;
    history(t0, t0 + 3 * M);
    long now = t0 + 5 * M;
    Alert a = restart(now, 5 * M);
    assertThat(a.activeAt()).isEqualTo(now - M);
  }
}
