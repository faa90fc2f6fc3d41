package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.testkit.MemoryStorage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start timestamps from the store to the functions: only with {@link
 * EngineOptions#useStartTimestamps()}, through range selectors (also over long series that make
 * the sample buffer grow and compact), never through subqueries; {@code start_timestamp()}.
 */
@Timeout(20)
class StartTimestampEngineTest {
  private static final long M = 60_000;
  private static final Labels DELTA = Labels.of("__name__", "d_total");
  private final MemoryStorage store = new MemoryStorage();

  private static final EngineOptions OFF =
      EngineOptions.DEFAULT.withParser(ParserOptions.ALL_EXPERIMENTAL);
  private static final EngineOptions ON = OFF.withStartTimestamps(true);

  /**
   * A delta-style counter: {@code n} samples of 60 every minute from 1m, each covering the minute
   * before it (start = previous sample's time).
   */
  private void loadDeltas(int n) {
    Appender a = store.appender();
    for (int i = 1; i <= n; i++) {
      a.appendWithStartTimestamp(0, DELTA, i * M, (i - 1) * M, 60);
    }
    a.commit();
  }

  private List<Value.Sample> instant(EngineOptions o, String q, long t) {
    QueryResult r = new PromqlEngine(o).instantQuery(store::querier, q, t, QueryOptions.DEFAULT)
        .exec();
    return ((Value.Vector) r.value()).samples();
  }

  private double single(EngineOptions o, String q, long t) {
    List<Value.Sample> s = instant(o, q, t);
    assertThat(s).as(q).hasSize(1);
    return s.get(0).f();
  }

  @Test
  void onlyTheOptionMakesFunctionsUseThem() {
    loadDeltas(10);
    assertThat(single(OFF, "increase(d_total[5m])", 10 * M)).isEqualTo(0);
    assertThat(single(OFF, "resets(d_total[5m])", 10 * M)).isEqualTo(0);
    assertThat(single(ON, "increase(d_total[5m])", 10 * M)).isCloseTo(300, within(1e-9));
    assertThat(single(ON, "rate(d_total[5m])", 10 * M)).isCloseTo(1, within(1e-12));
    assertThat(single(ON, "irate(d_total[5m])", 10 * M)).isCloseTo(1, within(1e-12));
    assertThat(single(ON, "resets(d_total[5m])", 10 * M)).isEqualTo(4);
  }

  @Test
  void subqueriesDropThem() {
    loadDeltas(10);
    assertThat(single(ON, "increase(d_total[5m:1m])", 10 * M)).isEqualTo(0);
    assertThat(single(ON, "resets(d_total[5m:1m])", 10 * M)).isEqualTo(0);
  }

  @Test
  void rangeQueriesOverLongSeriesKeepThemAlignedWithTheirSamples() {
    // 500 samples: the buffer grows past its first arrays and compacts as the window moves.
    loadDeltas(500);
    QueryResult r = new PromqlEngine(ON).rangeQuery(store::querier, "resets(d_total[10m])",
        20 * M, 500 * M, M, QueryOptions.DEFAULT).exec();
    Value.Matrix m = (Value.Matrix) r.value();
    assertThat(m.series()).hasSize(1);
    double[] v = m.series().get(0).fvs();
    assertThat(v).hasSize(481).containsOnly(9.0);
    QueryResult wide = new PromqlEngine(ON).rangeQuery(store::querier,
        "increase(d_total[300m])", 400 * M, 500 * M, 7 * M, QueryOptions.DEFAULT).exec();
    for (double x : ((Value.Matrix) wide.value()).series().get(0).fvs()) {
      assertThat(x).isCloseTo(300 * 60, within(1e-6));
    }
  }

  @Test
  void startTimestampFunctionReadsTheSelectedSample() {
    Labels a = Labels.of("__name__", "s", "case", "a");
    Appender app = store.appender();
    app.appendWithStartTimestamp(0, a, 10_000, 9_500, 1);
    app.append(0, a, 20_000, 2);
    app.commit();
    assertThat(instant(ON, "start_timestamp(s)", 15_000)).singleElement().satisfies(s -> {
      assertThat(s.labels()).isEqualTo(Labels.of("case", "a"));
      assertThat(s.f()).isEqualTo(9.5);
    });
    assertThat(single(ON, "start_timestamp(s)", 25_000)).isEqualTo(0);
    assertThat(instant(ON, "start_timestamp(s * 1)", 15_000)).isEmpty();
    assertThat(instant(ON, "start_timestamp(s)", 1_000)).isEmpty();
  }
}
