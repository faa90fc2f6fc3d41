package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.testkit.MemoryStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine through query text: validation, result shapes and the name-removal modes. */
@Timeout(20)
class PromqlEngineTest {
  private final MemoryStorage store = new MemoryStorage();
  private final PromqlEngine engine = new PromqlEngine(EngineOptions.DEFAULT);

  PromqlEngineTest() {
    Appender a = store.appender();
    for (int i = 0; i <= 10; i++) {
      a.append(0, Labels.of("__name__", "a_total", "env", "1"), i * 60_000L, i);
      a.append(0, Labels.of("__name__", "b_total", "env", "1"), i * 60_000L, 2 * i);
    }
    a.commit();
  }

  private Value instant(PromqlEngine e, String q, long t) {
    return e.instantQuery(store::querier, q, t, QueryOptions.DEFAULT).exec().value();
  }

  @Test
  void rangeQueriesAcceptOnlyScalarsAndInstantVectors() {
    assertThatThrownBy(() -> engine.rangeQuery(store::querier, "a_total[5m]", 0, 60_000, 10_000,
        QueryOptions.DEFAULT))
        .isInstanceOf(PromqlException.class)
        .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or"
            + " instant Vector")
        .matches(e -> ((PromqlException) e).type() == ErrorType.BAD_DATA);
    assertThatThrownBy(() -> engine.rangeQuery(store::querier, "\"x\"", 0, 60_000, 10_000,
        QueryOptions.DEFAULT)).hasMessageContaining("\"string\" for range query");
    assertThatThrownBy(() -> engine.rangeQuery(store::querier, "a_total", 0, 60_000, 0,
        QueryOptions.DEFAULT)).hasMessageContaining("step");
    assertThatThrownBy(() -> engine.rangeQuery(store::querier, "a_total", 60_000, 0, 1000,
        QueryOptions.DEFAULT)).hasMessageContaining("end timestamp");
  }

  @Test
  void parseErrorsSurfaceWhenTheQueryIsCreated() {
    assertThatThrownBy(() -> engine.instantQuery(store::querier, "sum(", 0, QueryOptions.DEFAULT))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void instantResultShapes() {
    assertThat(instant(engine, "1 + 1", 5_000)).isEqualTo(new Value.Scalar(5_000, 2));
    assertThat(instant(engine, "\"hi\"", 5_000)).isEqualTo(new Value.StringValue(5_000, "hi"));
    Value.Matrix m = (Value.Matrix) instant(engine, "{env=\"1\"}[2m]", 600_000);
    assertThat(m.series()).extracting(s -> s.labels().metricName())
        .containsExactly("a_total", "b_total");
    assertThat(m.series().get(0).fts()).containsExactly(540_000, 600_000);
    Value.Vector v = (Value.Vector) instant(engine, "a_total", 600_000);
    assertThat(v.samples()).singleElement().satisfies(s -> {
      assertThat(s.t()).isEqualTo(600_000);
      assertThat(s.f()).isEqualTo(10);
    });
  }

  @Test
  void withoutDelayedRemovalNamesDropAtTheFunctionAndCollide() {
    // rate() drops the names at once: two series with one label set at the same step.
    assertThatThrownBy(() -> instant(engine, "rate({env=\"1\"}[5m])", 600_000))
        .hasMessage("vector cannot contain metrics with the same labelset");
    // last_over_time keeps the name.
    Value.Vector v = (Value.Vector) instant(engine, "last_over_time({env=\"1\"}[5m])", 600_000);
    assertThat(v.samples()).hasSize(2);
  }

  @Test
  void withDelayedRemovalNamesStayUntilTheEnd() {
    EngineOptions delayed = new EngineOptions(300_000, 50_000_000, Duration.ofMinutes(2), 4,
        60_000, EngineOptions.DEFAULT.parser(), true);
    PromqlEngine e = new PromqlEngine(delayed);
    // The names still tell the series apart inside the query (so grouping by the name leaves
    // two series that collide at the end, as in Prometheus)...
    assertThatThrownBy(() -> instant(e, "sum by (__name__) (rate({env=\"1\"}[5m]))", 600_000))
        .hasMessage("vector cannot contain metrics with the same labelset");
    Value.Vector v = (Value.Vector) instant(e, "sum by (env) (rate({env=\"1\"}[5m]))", 600_000);
    assertThat(v.samples()).singleElement()
        .satisfies(x -> assertThat(x.labels()).isEqualTo(Labels.of("env", "1")));
    List<Value.Sample> s = ((Value.Vector) instant(e,
        "label_replace(rate(a_total[5m]), \"__name__\", \"r_$1\", \"__name__\", \"(.+)\")",
        600_000)).samples();
    assertThat(s.get(0).labels().metricName()).isEqualTo("r_a_total");
    // ...and collide only when they are removed at the end.
    assertThatThrownBy(() -> instant(e, "rate({env=\"1\"}[5m])", 600_000))
        .hasMessage("vector cannot contain metrics with the same labelset");
    // In a range result, series that collide at different steps merge.
    Value.Matrix m = (Value.Matrix) e.rangeQuery(store::querier,
        "-a_total{env=\"1\"} offset 10m or -b_total", 300_000, 600_000, 300_000,
        QueryOptions.DEFAULT).exec().value();
    assertThat(m.series()).singleElement().satisfies(p -> {
      assertThat(p.labels()).isEqualTo(Labels.of("env", "1"));
      // 300s: only b (-10); 600s: a from 10m before (-0), which hides b.
      assertThat(p.fvs()).containsExactly(-10, -0.0);
    });
  }

  @Test
  void windowsLargerThanTheSampleLimitFailCleanly() {
    MemoryStorage big = new MemoryStorage();
    Appender a = big.appender();
    for (int i = 0; i < 1_000; i++) {
      a.append(0, Labels.of("__name__", "dense"), i * 1_000L, i);
    }
    a.commit();
    PromqlEngine small = new PromqlEngine(EngineOptions.DEFAULT.withMaxSamples(100));
    assertThatThrownBy(() -> small.instantQuery(big::querier, "count_over_time(dense[1h])",
        999_000, QueryOptions.DEFAULT).exec())
        .hasMessage(EvalContext.TOO_MANY_SAMPLES);
    // A window within the limit works on the same engine.
    Value.Vector v = (Value.Vector) small.instantQuery(big::querier,
        "count_over_time(dense[50s])", 999_000, QueryOptions.DEFAULT).exec().value();
    assertThat(v.samples().get(0).f()).isEqualTo(50);
  }
}
