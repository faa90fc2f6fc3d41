package dev.vigil.promql.engine;

import static dev.vigil.promql.engine.Ast.call;
import static dev.vigil.promql.engine.Ast.num;
import static dev.vigil.promql.engine.Ast.range;
import static dev.vigil.promql.engine.Ast.sel;
import static dev.vigil.promql.engine.Ast.subquery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Samples;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.testkit.MemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EvaluatorTest {
  private final MemoryStorage store = new MemoryStorage();

  /** Appends {@code values} at 0, step, 2*step... (ms); NaN skips, STALE_NAN writes a marker. */
  private void load(Labels labels, long step, double... values) {
    Appender a = store.appender();
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i]) && !Samples.isStaleNaN(values[i])) {
        continue;
      }
      a.append(0, labels, i * step, values[i]);
    }
    a.commit();
  }

  private static final EngineOptions OPTS = EngineOptions.DEFAULT;

  private QueryResult instant(Expr e, long t) {
    return instant(e, t, OPTS);
  }

  private QueryResult instant(Expr e, long t, EngineOptions o) {
    return new PreparedQuery(o, new Semaphore(1), store::querier, "q", e, t, t, 0,
        QueryOptions.DEFAULT).exec();
  }

  private QueryResult rangeQuery(Expr e, long start, long end, long step) {
    return new PreparedQuery(OPTS, new Semaphore(1), store::querier, "q", e, start, end, step,
        QueryOptions.DEFAULT).exec();
  }

  private static List<Value.Sample> samples(QueryResult r) {
    return ((Value.Vector) r.value()).samples();
  }

  private static double single(QueryResult r) {
    List<Value.Sample> s = samples(r);
    assertThat(s).hasSize(1);
    return s.get(0).f();
  }

  @Test
  void lookbackIsLeftOpen() {
    load(Labels.of("__name__", "foo"), 60_000, 1, 2); // at 0 and 60s
    assertThat(single(instant(sel("foo"), 0))).isEqualTo(1);
    assertThat(single(instant(sel("foo"), 59_999))).isEqualTo(1);
    assertThat(single(instant(sel("foo"), 60_000))).isEqualTo(2);
    assertThat(single(instant(sel("foo"), 360_000 - 1))).isEqualTo(2);
    // (60s, 360s]: the sample at 60s is exactly at the open end of the window.
    assertThat(samples(instant(sel("foo"), 360_000))).isEmpty();
    assertThat(samples(instant(sel("foo"), -1))).isEmpty();
  }

  @Test
  void staleMarkerEndsTheSeries() {
    load(Labels.of("__name__", "foo"), 10_000, 1, 2, Samples.STALE_NAN, Double.NaN, 5);
    assertThat(single(instant(sel("foo"), 15_000))).isEqualTo(2);
    assertThat(samples(instant(sel("foo"), 20_000))).isEmpty();
    assertThat(samples(instant(sel("foo"), 35_000))).isEmpty();
    assertThat(single(instant(sel("foo"), 40_000))).isEqualTo(5);
  }

  @Test
  void offsetAndAtShiftTheReferenceTime() {
    load(Labels.of("__name__", "foo"), 10_000, 0, 1, 2, 3, 4, 5, 6);
    assertThat(single(instant(sel("foo", 20_000, null), 60_000))).isEqualTo(4);
    assertThat(single(instant(sel("foo", 0, At.at(25_000)), 60_000))).isEqualTo(2);
    assertThat(single(instant(sel("foo", 10_000, At.at(25_000)), 60_000))).isEqualTo(1);
    assertThat(single(instant(sel("foo", -20_000, null), 30_000))).isEqualTo(5);
  }

  @Test
  void rangeQueryIsSortedAndKeepsOnlyStepsWithSamples() {
    load(Labels.of("__name__", "foo", "a", "2"), 10_000, 1, 2, 3);
    load(Labels.of("__name__", "foo", "a", "1"), 10_000, 7);
    Value.Matrix m = (Value.Matrix) rangeQuery(sel("foo"), 0, 20_000, 10_000).value();
    assertThat(m.series()).extracting(s -> s.labels().get("a")).containsExactly("1", "2");
    assertThat(m.series().get(1).fvs()).containsExactly(1, 2, 3);
    assertThat(m.series().get(0).fts()).containsExactly(0, 10_000, 20_000);
    // A series with no sample in the range is left out.
    Value.Matrix none = (Value.Matrix) rangeQuery(sel("foo"), 1_000_000, 2_000_000, 10_000).value();
    assertThat(none.series()).isEmpty();
  }

  @Test
  void stepInvariantSelectorIsTheSameAtEveryStep() {
    load(Labels.of("__name__", "foo"), 10_000, 0, 1, 2, 3, 4, 5, 6);
    Value.Matrix m = (Value.Matrix) rangeQuery(sel("foo", 0, At.at(20_000)), 0, 60_000, 20_000)
        .value();
    assertThat(m.series().get(0).fvs()).containsExactly(2, 2, 2, 2);
    assertThat(m.series().get(0).fts()).containsExactly(0, 20_000, 40_000, 60_000);
  }

  @Test
  void scalarLiteralInRangeQueryIsOneSeriesWithoutLabels() {
    Value.Matrix m = (Value.Matrix) rangeQuery(num(3), 0, 20_000, 10_000).value();
    assertThat(m.series()).hasSize(1);
    assertThat(m.series().get(0).labels()).isEqualTo(Labels.EMPTY);
    assertThat(m.series().get(0).fvs()).containsExactly(3, 3, 3);
    assertThat(instant(num(4), 5).value()).isEqualTo(new Value.Scalar(5, 4));
  }

  @Test
  void topLevelMatrixSelectorReturnsRawSamplesInLeftOpenWindow() {
    load(Labels.of("__name__", "foo"), 15_000, 0, 1, 2, 3, 4, 5);
    Value.Matrix m = (Value.Matrix) instant(range(sel("foo"), 60_000), 60_000).value();
    assertThat(m.series().get(0).fts()).containsExactly(15_000, 30_000, 45_000, 60_000);
    assertThat(m.series().get(0).labels().metricName()).isEqualTo("foo");
  }

  /** Runs a range function over a range-vector argument through the evaluator's windowing. */
  private List<StepSeries> rangeCall(Expr arg, RangeFunction fn, StepGrid g) {
    EvalContext ctx = new EvalContext("q", OPTS, () -> false);
    var querier = store.querier(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    Evaluator ev = new Evaluator(ctx, () -> querier, OPTS.lookbackDeltaMs());
    Expr.Call c = call("count_over_time", ValueKind.VECTOR, arg);
    return ev.ranges.call(c, 0, fn, g, true);
  }

  private static final RangeFunction COUNT = w -> {
    w.outValue = w.to - w.from;
    return w.to > w.from;
  };

  private static final RangeFunction FIRST_T = w -> {
    w.outValue = w.t[w.from];
    return true;
  };

  @Test
  void rangeWindowsAreLeftOpenAndSlideOverAllSteps() {
    load(Labels.of("__name__", "foo"), 15_000, 0, 1, 2, 3, 4, 5, 6, 7, 8);
    List<StepSeries> out = rangeCall(range(sel("foo"), 60_000), COUNT,
        new StepGrid(0, 120_000, 30_000));
    assertThat(out).hasSize(1);
    StepSeries s = out.get(0);
    // windows (-60,0], (-30,30], (0,60], (30,90], (60,120]
    assertThat(s.values).containsExactly(1, 3, 4, 4, 4);
    assertThat(s.labels.has("__name__")).isFalse();
  }

  @Test
  void rangeWindowWithNoSamplesYieldsNoPoint() {
    load(Labels.of("__name__", "foo"), 10_000, 1);
    List<StepSeries> out = rangeCall(range(sel("foo"), 5_000), COUNT,
        new StepGrid(0, 20_000, 10_000));
    assertThat(out.get(0).has(0)).isTrue();
    assertThat(out.get(0).has(1)).isFalse();
    assertThat(out.get(0).has(2)).isFalse();
  }

  @Test
  void subqueryStepsAreAlignedToTheEpoch() {
    load(Labels.of("__name__", "foo"), 1_000, new double[200]);
    // At 70s, window (10s, 70s]; steps of 20s from the epoch: 20, 40, 60.
    List<StepSeries> out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 0, null), COUNT,
        StepGrid.instant(70_000));
    assertThat(out.get(0).values[0]).isEqualTo(3);
    out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 0, null), FIRST_T,
        StepGrid.instant(70_000));
    assertThat(out.get(0).values[0]).isEqualTo(20_000);
    // With offset 5s: window (5s, 65s] -> 20, 40, 60.
    out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 5_000, null), FIRST_T,
        StepGrid.instant(70_000));
    assertThat(out.get(0).values[0]).isEqualTo(20_000);
    // A step at exactly the window start is excluded: at 80s, (20s, 80s] -> 40, 60, 80.
    out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 0, null), FIRST_T,
        StepGrid.instant(80_000));
    assertThat(out.get(0).values[0]).isEqualTo(40_000);
    // @ pins the subquery: every step sees (40s, 100s].
    out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 0, At.at(100_000)), FIRST_T,
        new StepGrid(0, 60_000, 30_000));
    assertThat(out.get(0).values).containsExactly(60_000, 60_000, 60_000);
  }

  @Test
  void subqueryDefaultStepIsTheEngineDefault() {
    load(Labels.of("__name__", "foo"), 1_000, new double[400]);
    // default 1m: at 300s, window (0, 300s] -> 60, 120, 180, 240, 300.
    List<StepSeries> out = rangeCall(subquery(sel("foo"), 300_000, 0, 0, null), COUNT,
        StepGrid.instant(300_000));
    assertThat(out.get(0).values[0]).isEqualTo(5);
  }

  @Test
  void negativeTimesAlignLikePrometheus() {
    load(Labels.of("__name__", "foo"), 1_000, new double[10]);
    // At 5s with range 60s: window (-55s, 5s], steps of 20s: -40, -20, 0 (the last sees the sample)
    List<StepSeries> out = rangeCall(subquery(sel("foo"), 60_000, 20_000, 0, null), COUNT,
        StepGrid.instant(5_000));
    assertThat(out.get(0).values[0]).isEqualTo(1);
  }

  @Test
  void sampleLimitFailsCleanly() {
    for (int i = 0; i < 20; i++) {
      load(Labels.of("__name__", "foo", "i", "" + i), 10_000, 1, 2, 3);
    }
    EngineOptions small = OPTS.withMaxSamples(19);
    assertThatThrownBy(() -> instant(sel("foo"), 10_000, small))
        .isInstanceOf(PromqlException.class)
        .hasMessage("query processing would load too many samples into memory in query execution")
        .matches(e -> ((PromqlException) e).type() == ErrorType.EXECUTION);
    assertThat(samples(instant(sel("foo"), 10_000, OPTS.withMaxSamples(20)))).hasSize(20);
  }

  @Test
  void statsCountSamples() {
    load(Labels.of("__name__", "foo"), 10_000, 1, 2, 3);
    QueryResult r = rangeQuery(sel("foo"), 0, 20_000, 10_000);
    assertThat(r.stats().totalQueryableSamples()).isEqualTo(3);
    assertThat(r.stats().peakSamples()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void timestampReturnsTheSampleTime() {
    load(Labels.of("__name__", "foo"), 10_000, 1, 2, 3);
    Expr e = call("timestamp", ValueKind.VECTOR, sel("foo"));
    Value.Sample s = samples(instant(e, 25_000)).get(0);
    assertThat(s.f()).isEqualTo(20);
    assertThat(s.labels()).isEqualTo(Labels.EMPTY);
  }

  @Test
  void absentUsesEqualityMatchers() {
    Expr e = call("absent", ValueKind.VECTOR,
        sel("nope", Matcher.eq("job", "a"), Matcher.re("x", "y"), Matcher.eq("i", "1"),
            Matcher.eq("i", "2")));
    List<Value.Sample> s = samples(instant(e, 0));
    assertThat(s).hasSize(1);
    assertThat(s.get(0).labels()).isEqualTo(Labels.of("job", "a"));
    load(Labels.of("__name__", "foo"), 10_000, 1);
    assertThat(samples(instant(call("absent", ValueKind.VECTOR, sel("foo")), 0))).isEmpty();
  }

  @Test
  void absentOverTimeAtStepsWithoutSamples() {
    load(Labels.of("__name__", "foo"), 60_000, 1, Double.NaN, Double.NaN, 1);
    Expr e = call("absent_over_time", ValueKind.VECTOR, range(sel("foo"), 60_000));
    Value.Matrix m = (Value.Matrix) rangeQuery(e, 0, 180_000, 60_000).value();
    // windows (0,60s] and (60s,120s] hold no sample: the one at 0 is outside (left-open).
    assertThat(m.series().get(0).fts()).containsExactly(60_000, 120_000);
  }

  @Test
  void overlappingDuplicateLabelsetsFail() {
    EvalContext ctx = new EvalContext("q", OPTS, () -> false);
    Evaluator ev = new Evaluator(ctx, () -> null, 300_000);
    StepSeries a = new StepSeries(Labels.of("x", "1"), 3);
    StepSeries b = new StepSeries(Labels.of("x", "1"), 3);
    a.set(0, 1);
    b.set(1, 2);
    List<StepSeries> merged = ev.mergeSameLabels(new ArrayList<>(List.of(a, b)));
    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).values[1]).isEqualTo(2);
    StepSeries c = new StepSeries(Labels.of("x", "1"), 3);
    c.set(1, 5);
    assertThatThrownBy(() -> ev.mergeSameLabels(new ArrayList<>(List.of(a, c))))
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void sortingFunctionsAreFoundAnywhereInTheExpression() {
    Expr sort = call("sort", ValueKind.VECTOR, sel("foo"));
    assertThat(PreparedQuery.callsSort(sort)).isTrue();
    assertThat(PreparedQuery.callsSort(Ast.call("abs", ValueKind.VECTOR,
        call("sort_by_label", ValueKind.VECTOR, sel("foo"))))).isTrue();
    assertThat(PreparedQuery.callsSort(Ast.call("abs", ValueKind.VECTOR, sel("foo")))).isFalse();
  }

  @Test
  void queryBoundsFunctions() {
    Value.Matrix m = (Value.Matrix) rangeQuery(call("end", ValueKind.SCALAR), 10_000, 30_000,
        10_000).value();
    assertThat(m.series().get(0).fvs()).containsExactly(30, 30, 30);
    m = (Value.Matrix) rangeQuery(call("step", ValueKind.SCALAR), 10_000, 30_000, 10_000).value();
    assertThat(m.series().get(0).fvs()).containsExactly(10, 10, 10);
    m = (Value.Matrix) rangeQuery(call("range", ValueKind.SCALAR), 10_000, 30_000, 10_000).value();
    assertThat(m.series().get(0).fvs()).containsExactly(20, 20, 20);
    assertThat(instant(call("start", ValueKind.SCALAR), 7_000).value())
        .isEqualTo(new Value.Scalar(7_000, 7));
  }

  @Test
  void topLevelSubqueryInInstantQueryReturnsInnerSteps() {
    load(Labels.of("__name__", "foo"), 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    Value.Matrix m = (Value.Matrix) instant(subquery(sel("foo"), 60_000, 20_000, 0, null), 90_000)
        .value();
    assertThat(m.series().get(0).fts()).containsExactly(40_000, 60_000, 80_000);
    assertThat(m.series().get(0).fvs()).containsExactly(4, 6, 8);
    assertThat(m.series().get(0).labels().metricName()).isEqualTo("foo");
  }

  @Test
  void smoothedSelectorInterpolates() {
    load(Labels.of("__name__", "foo"), 10_000, 1, 2, 3);
    Expr.VectorSelector vs = new Expr.VectorSelector("foo", List.of(Matcher.eq("__name__",
        "foo")), 0, null, null, false, true, dev.vigil.promql.ast.PosRange.NONE);
    assertThat(single(instant(vs, 15_000))).isEqualTo(2.5);
    assertThat(single(instant(vs, 20_000))).isEqualTo(3);
    assertThat(single(instant(vs, 25_000))).isEqualTo(3);
  }

  @Test
  void perQueryLookbackAndPerStepStats() {
    load(Labels.of("__name__", "foo"), 60_000, 1, Double.NaN, Double.NaN, 4);
    QueryOptions shortLookback = new QueryOptions(90_000, null, true);
    QueryResult r = new PreparedQuery(OPTS, new Semaphore(1), store::querier, "q", sel("foo"),
        0, 180_000, 60_000, shortLookback).exec();
    Value.Matrix m = (Value.Matrix) r.value();
    // With a 90s lookback the sample at 0 is seen at 0 and 60s only.
    assertThat(m.series().get(0).fts()).containsExactly(0, 60_000, 180_000);
    assertThat(r.stats().perStepSamples()).containsExactly(1, 1, 0, 1);
    assertThat(r.stats().totalQueryableSamples()).isEqualTo(3);
    assertThat(r.stats().stepStartMs()).isZero();
    assertThat(r.stats().stepMs()).isEqualTo(60_000);
    // Without the option nothing is counted per step.
    assertThat(rangeQuery(sel("foo"), 0, 180_000, 60_000).stats().perStepSamples()).isNull();
  }
}
