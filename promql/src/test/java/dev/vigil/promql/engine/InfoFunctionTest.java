package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.sel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class InfoFunctionTest {
  private final MemoryStorage store = new MemoryStorage();

  private void load(Labels l, long step, double... vs) {
    Appender a = store.appender();
    for (int i = 0; i < vs.length; i++) {
      if (!Double.isNaN(vs[i])) {
        a.append(0, l, i * step, vs[i]);
      }
    }
    a.commit();
  }

  private List<Value.SeriesPoints> range(Expr e) {
    return ((Value.Matrix) new PreparedQuery(EngineOptions.DEFAULT, new Semaphore(1),
        store::querier, "q", e, 0, 600_000, 300_000, QueryOptions.DEFAULT).exec().value())
        .series();
  }

  private static Expr info(Expr base, Matcher... selector) {
    if (selector.length == 0) {
      return Ast.call("info", ValueKind.VECTOR, base);
    }
    Expr.VectorSelector s = new Expr.VectorSelector(null, List.of(selector), 0, null, null,
        false, false, PosRange.NONE);
    return Ast.call("info", ValueKind.VECTOR, base, s);
  }

  @Test
  void addsDataLabelsOfTheMatchingTargetInfo() {
    load(Labels.of("__name__", "metric", "instance", "a", "job", "1", "label", "value"),
        300_000, 0, 1, 2);
    load(Labels.of("__name__", "other", "instance", "a", "job", "2"), 300_000, 0, 1, 2);
    load(Labels.of("__name__", "target_info", "instance", "a", "job", "1", "data", "info",
        "another_data", "x"), 300_000, 1, 1, 1);
    List<Value.SeriesPoints> all = range(info(sel("metric")));
    assertThat(all).hasSize(1);
    assertThat(all.get(0).labels()).isEqualTo(Labels.of("__name__", "metric", "instance", "a",
        "job", "1", "label", "value", "data", "info", "another_data", "x"));
    assertThat(all.get(0).fvs()).containsExactly(0, 1, 2);

    List<Value.SeriesPoints> some = range(info(sel("metric"), Matcher.re("data", ".+")));
    assertThat(some.get(0).labels().has("another_data")).isFalse();
    assertThat(some.get(0).labels().get("data")).isEqualTo("info");

    // No info series for job 2: kept unchanged unless a data matcher requires a value.
    assertThat(range(info(sel("other"))).get(0).labels().has("data")).isFalse();
    assertThat(range(info(sel("other"), Matcher.re("data", ".+")))).isEmpty();
  }

  @Test
  void newerInfoSampleWinsAndConflictsFail() {
    load(Labels.of("__name__", "metric", "instance", "a", "job", "1"), 300_000, 0, 1, 2);
    load(Labels.of("__name__", "target_info", "instance", "a", "job", "1", "v", "old"),
        300_000, 1, 1, Double.NaN);
    load(Labels.of("__name__", "target_info", "instance", "a", "job", "1", "v", "new"),
        300_000, Double.NaN, Double.NaN, 1);
    List<Value.SeriesPoints> out = range(info(sel("metric")));
    assertThat(out).extracting(s -> s.labels().get("v")).containsExactly("new", "old");
    assertThat(out.get(0).fts()).containsExactly(600_000);
    load(Labels.of("__name__", "build_info", "instance", "a", "job", "1", "v", "b"),
        300_000, 1, 1, 1);
    assertThatThrownBy(() -> range(info(sel("metric"), Matcher.re("__name__", ".+_info"))))
        .hasMessageStartingWith("conflicting label: v");
  }
}
