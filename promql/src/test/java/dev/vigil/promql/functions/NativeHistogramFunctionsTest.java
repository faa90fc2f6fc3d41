package dev.vigil.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Native histogram functions and arithmetic; expectations from native_histograms.test. */
class NativeHistogramFunctionsTest {
  private final EvalContext ctx = new EvalContext("q", EngineOptions.DEFAULT, () -> false);

  /** {{schema:s sum:.. count:.. buckets:[..]}} with buckets from index {@code offset}. */
  static FloatHistogram exp(int schema, double count, double sum, int offset, double... buckets) {
    return new FloatHistogram(CounterResetHint.UNKNOWN, schema, 0, 0, count, sum,
        buckets.length == 0 ? new int[0] : new int[] {offset, buckets.length}, buckets,
        new int[0], new double[0], null);
  }

  static FloatHistogram negative(int schema, double count, double sum, double... buckets) {
    return new FloatHistogram(CounterResetHint.UNKNOWN, schema, 0, 0, count, sum, new int[0],
        new double[0], new int[] {0, buckets.length}, buckets, null);
  }

  private double apply(String fn, FloatHistogram h, double... scalars) {
    StepSeries s = new StepSeries(Labels.of("__name__", "h"), 1);
    s.setHistogram(0, h);
    List<Object> args = new ArrayList<>();
    if (fn.equals("histogram_fraction")) {
      args.add(new double[] {scalars[0]});
      args.add(new double[] {scalars[1]});
      args.add(new ArrayList<>(List.of(s)));
    } else if (fn.equals("histogram_quantile")) {
      args.add(new double[] {scalars[0]});
      args.add(new ArrayList<>(List.of(s)));
    } else {
      args.add(new ArrayList<>(List.of(s)));
    }
    @SuppressWarnings("unchecked")
    List<StepSeries> out = (List<StepSeries>) VectorFunctions.get(fn)
        .apply(null, args, StepGrid.instant(60_000), ctx);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).labels).isEqualTo(Labels.EMPTY);
    return out.get(0).values[0];
  }

  @Test
  void singleHistogram() {
    FloatHistogram h = exp(0, 4, 5, 0, 1, 2, 1);
    assertThat(apply("histogram_count", h)).isEqualTo(4);
    assertThat(apply("histogram_sum", h)).isEqualTo(5);
    assertThat(apply("histogram_avg", h)).isEqualTo(1.25);
    assertThat(apply("histogram_fraction", h, 1, 2)).isEqualTo(0.5);
    assertThat(apply("histogram_fraction", h, 0, 8)).isEqualTo(1);
    assertThat(apply("histogram_quantile", h, 0.5)).isCloseTo(1.414213562373095, within(1e-12));
  }

  @Test
  void negativeHistogram() {
    FloatHistogram h = negative(0, 4, -5, 1, 2, 1);
    assertThat(apply("histogram_fraction", h, -2, -1)).isEqualTo(0.5);
    assertThat(apply("histogram_quantile", h, 0.5)).isCloseTo(-1.414213562373095, within(1e-12));
  }

  @Test
  void emptyHistogram() {
    FloatHistogram h = exp(0, 0, 0, 0);
    assertThat(apply("histogram_avg", h)).isNaN();
    assertThat(apply("histogram_fraction", h, 0, 8)).isNaN();
  }

  @Test
  void stddevAndStdvar() {
    FloatHistogram h = exp(2, 4, 10, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1);
    assertThat(apply("histogram_stddev", h)).isCloseTo(1.0787993180043811, within(1e-12));
    assertThat(apply("histogram_stdvar", h)).isCloseTo(1.163807968526718, within(1e-12));
    FloatHistogram h2 = exp(8, 10, 10, 0, 1, 2, 3, 4);
    assertThat(apply("histogram_stddev", h2)).isCloseTo(0.0048960313898237465, within(1e-12));
  }

  @Test
  void nanObservations() {
    FloatHistogram some = exp(0, 15, Double.NaN, 0, 12);
    assertThat(apply("histogram_quantile", some, 0.8)).isEqualTo(1);
    assertThat(apply("histogram_quantile", some, 0.4)).isCloseTo(0.7071067811865475, within(1e-12));
    assertThat(apply("histogram_quantile", some, 0.81)).isNaN();
    assertThat(apply("histogram_fraction", some, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY)).isCloseTo(0.8, within(1e-12));
    assertThat(ctx.annotations().infos()).contains(
        "PromQL info: input to histogram_quantile has NaN observations, result is NaN for"
            + " metric name \"h\"",
        "PromQL info: input to histogram_quantile has NaN observations, result is skewed higher"
            + " for metric name \"h\"");
  }

  @Test
  void customBuckets() {
    // {{schema:-53 custom_values:[1 2 3] buckets:[1 2 3 94]}}: the classic 1,3,6,100 histogram.
    FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, -53, 0, 0, 100, 0,
        new int[] {0, 4}, new double[] {1, 2, 3, 94}, new int[0], new double[0],
        new double[] {1, 2, 3});
    assertThat(apply("histogram_fraction", h, 0, 1.5)).isCloseTo(0.02, within(1e-12));
    assertThat(apply("histogram_fraction", h, 2, 5)).isCloseTo(0.03, within(1e-12));
    assertThat(apply("histogram_quantile", h, 0.99)).isEqualTo(3); // in the +Inf bucket
  }

  @Test
  void arithmeticAtTheCoarserSchema() {
    HistogramMath.Work a = HistogramMath.Work.of(exp(1, 3, 3, 1, 1, 2)); // idx 1,2 at schema 1
    HistogramMath.Work b = HistogramMath.Work.of(exp(0, 1, 1, 1, 1)); // idx 1 at schema 0
    assertThat(a.add(b, 1)).isEqualTo(HistogramMath.OK);
    FloatHistogram sum = a.build();
    assertThat(sum.schema()).isEqualTo(0);
    assertThat(sum.count()).isEqualTo(4);
    // schema-1 indices 1 and 2 both fall into schema-0 index 1.
    assertThat(sum.positiveSpans()).containsExactly(1, 1);
    assertThat(sum.positiveBuckets()).containsExactly(4);
  }

  @Test
  void resetDetectionAndEquality() {
    FloatHistogram a = exp(0, 4, 4, 0, 1, 3);
    FloatHistogram b = exp(0, 5, 5, 0, 2, 3);
    FloatHistogram c = exp(0, 5, 5, 0, 0, 5);
    assertThat(HistogramMath.detectReset(b, a)).isFalse();
    assertThat(HistogramMath.detectReset(c, a)).isTrue(); // bucket 0 went down
    assertThat(HistogramMath.detectReset(a, b)).isTrue(); // count went down
    assertThat(HistogramMath.equal(a, exp(0, 4, 4, 0, 1, 3))).isTrue();
    FloatHistogram padded = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 4, 4,
        new int[] {0, 3}, new double[] {1, 3, 0}, new int[0], new double[0], null);
    assertThat(HistogramMath.equal(a, padded)).isTrue();
    assertThat(HistogramMath.equal(a, b)).isFalse();
  }

  @Test
  void sumOverTimeOfHistograms() {
    long[] t = WindowFixtures.times(10_000, 5);
    FloatHistogram[] h = new FloatHistogram[5];
    Arrays.fill(h, exp(0, 1, 1, 0));
    RangeWindow w = WindowFixtures.window("m", t, new double[5], h, 55_000, 60_000);
    assertThat(RangeFunctions.get("sum_over_time").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isEqualTo(5);
    assertThat(RangeFunctions.get("avg_over_time").apply(w)).isTrue();
    assertThat(w.outHistogram.sum()).isEqualTo(1);
  }

  // extended_vectors.test: hist_counter counts 1..8 every 15s from 0.
  private static RangeWindow histCounter(long at, String modifier) {
    long[] t = WindowFixtures.times(15_000, 8);
    FloatHistogram[] h = new FloatHistogram[8];
    for (int i = 0; i < 8; i++) {
      h[i] = exp(0, i + 1, i + 1, 1, i + 1);
    }
    RangeWindow w = WindowFixtures.window("hist_counter", t, new double[8], h, at, 60_000);
    w.anchored = modifier.equals("anchored");
    w.smoothed = modifier.equals("smoothed");
    return w;
  }

  private static double count(String fn, RangeWindow w) {
    assertThat(RangeFunctions.get(fn).apply(w)).as(fn).isTrue();
    return w.outHistogram.count();
  }

  @Test
  void anchoredAndSmoothedHistogramIncrease() {
    assertThat(count("increase", histCounter(50_000, ""))).isCloseTo(4, within(1e-12));
    assertThat(count("increase", histCounter(50_000, "anchored"))).isCloseTo(3, within(1e-12));
    assertThat(count("increase", histCounter(50_000, "smoothed")))
        .isCloseTo(3.333333333333333, within(1e-12));
    assertThat(count("increase", histCounter(5_000, "smoothed")))
        .isCloseTo(0.3333333333333333, within(1e-12));
    assertThat(count("rate", histCounter(50_000, "smoothed")))
        .isCloseTo(0.05555555555555555, within(1e-12));
    assertThat(count("increase", histCounter(5_000, "anchored"))).isEqualTo(0);
    RangeWindow delta = histCounter(50_000, "anchored");
    assertThat(count("delta", delta)).isCloseTo(3, within(1e-12));
    assertThat(delta.ctx.annotations().warnings()).containsExactly(
        "PromQL warning: this native histogram metric is not a gauge: \"hist_counter\" (1:6)");
  }

  @Test
  void smoothedRateAcrossAResetAtTheRightBoundary() {
    long[] t = WindowFixtures.times(10_000, 3);
    FloatHistogram reset = new FloatHistogram(CounterResetHint.COUNTER_RESET, 0, 0, 0, 3, 3,
        new int[] {0, 1}, new double[] {3}, new int[0], new double[0], null);
    FloatHistogram[] h = {exp(0, 5, 5, 0, 5), exp(0, 10, 10, 0, 10), reset};
    RangeWindow w = WindowFixtures.window("right_boundary_reset", t, new double[3], h, 15_000, 10_000);
    w.smoothed = true;
    assertThat(count("rate", w)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void anchoredWindowMixingFloatsAndHistogramsWarns() {
    long[] t = WindowFixtures.times(60_000, 3);
    FloatHistogram[] h = {null, exp(0, 1, 1, 0, 1), exp(0, 2, 2, 0, 2)};
    RangeWindow w = WindowFixtures.window("m", t, new double[3], h, 120_000, 60_000);
    w.anchored = true;
    assertThat(RangeFunctions.get("rate").apply(w)).isFalse();
    assertThat(w.ctx.annotations().warnings()).singleElement().asString()
        .startsWith("PromQL warning: encountered a mix of histograms and floats");
  }

  private static FloatHistogram zero(double count, double sum, double zeroCount) {
    return new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, zeroCount, count, sum,
        new int[0], new double[0], new int[0], new double[0], null);
  }

  @Test
  void changesAndResetsAcrossFloatsAndHistograms() {
    // functions.test: http_requests_histogram{path="/biz"} over [60m] at 50m.
    long[] t = WindowFixtures.times(300_000, 10);
    double[] f = {0, 1, 0, 2, 0, 3, 0, 0, 0, 0};
    FloatHistogram[] h = new FloatHistogram[10];
    h[7] = zero(1, 1, 2);
    h[8] = zero(2, 2, 1);
    h[9] = zero(1, 1, 2);
    RangeWindow w = WindowFixtures.window("x", t, f, h, 3_000_000, 3_600_000);
    assertThat(WindowFixtures.apply("resets", w)).isEqualTo(6);
    assertThat(WindowFixtures.apply("changes", w)).isEqualTo(9);
  }

  private static FloatHistogram custom(double count, double sum, double[] bounds, double... b) {
    return new FloatHistogram(CounterResetHint.GAUGE, -53, 0, 0, count, sum,
        new int[] {0, b.length}, b, new int[0], new double[0], bounds);
  }

  @Test
  void customBoundsChangesAreReconciledNotResets() {
    // functions.test irate /g: [1] buckets:[3] then [5 10] buckets:[3], 5m apart.
    long[] t = WindowFixtures.times(300_000, 2);
    FloatHistogram[] h = {custom(3, 3, new double[] {1}, 3), custom(3, 3, new double[] {5, 10}, 3)};
    RangeWindow w = WindowFixtures.window("g", t, new double[2], h, 600_000, 1_200_000);
    assertThat(RangeFunctions.get("irate").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isZero();
    assertThat(w.outHistogram.positiveBuckets()).isEmpty();
    assertThat(w.outHistogram.customValues()).isNull();
    // idelta /g: [1] buckets:[2] then [1 10] buckets:[1] -> custom_values:[1] buckets:[-1].
    FloatHistogram[] g = {custom(1, 1, new double[] {1}, 2), custom(1, 1, new double[] {1, 10}, 1)};
    RangeWindow d = WindowFixtures.window("g", t, new double[2], g, 600_000, 1_200_000);
    assertThat(RangeFunctions.get("idelta").apply(d)).isTrue();
    assertThat(d.outHistogram.customValues()).containsExactly(1);
    assertThat(d.outHistogram.positiveBuckets()).containsExactly(-1);
    assertThat(d.ctx.annotations().infos()).containsExactly(
        "PromQL info: mismatched custom buckets were reconciled during subtraction (1:6)");
    assertThat(d.ctx.annotations().warnings()).isEmpty();
  }

  @Test
  void exponentialThenCustomIsAResetForIrate() {
    long[] t = WindowFixtures.times(300_000, 2);
    FloatHistogram counter = new FloatHistogram(CounterResetHint.UNKNOWN, -53, 0, 0, 3, 3,
        new int[] {0, 1}, new double[] {3}, new int[0], new double[0], new double[] {5, 10});
    FloatHistogram[] h = {exp(0, 1, 1, 0), counter};
    RangeWindow w = WindowFixtures.window("f", t, new double[2], h, 600_000, 1_200_000);
    assertThat(RangeFunctions.get("irate").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isCloseTo(0.01, within(1e-12));
    assertThat(w.outHistogram.positiveBuckets()).containsExactly(0.01);
    assertThat(w.ctx.annotations().warnings()).isEmpty();
  }

  @Test
  void deltaOfHistogramsExtrapolates() {
    // functions.test: {{sum:0 count:0 buckets:[0 0 0]}}+{{sum:1 count:2 buckets:[1 1 1]}}x5, 5m.
    long[] t = WindowFixtures.times(300_000, 6);
    FloatHistogram[] gauge = new FloatHistogram[6];
    FloatHistogram[] counter = new FloatHistogram[6];
    for (int i = 0; i < 6; i++) {
      gauge[i] = new FloatHistogram(CounterResetHint.GAUGE, 0, 0, 0, 2 * i, i, new int[] {0, 3},
          new double[] {i, i, i}, new int[0], new double[0], null);
      counter[i] = exp(0, 2 * i, i, 0, i, i, i);
    }
    RangeWindow g = WindowFixtures.window("http_requests_gauge", t, new double[6], gauge,
        1_200_000, 1_200_000);
    assertThat(RangeFunctions.get("delta").apply(g)).isTrue();
    assertThat(g.outHistogram.count()).isCloseTo(8, within(1e-9));
    assertThat(g.outHistogram.sum()).isCloseTo(4, within(1e-9));
    assertThat(g.outHistogram.positiveBuckets()).containsExactly(4, 4, 4);
    assertThat(g.ctx.annotations().warnings()).isEmpty();
    RangeWindow c = WindowFixtures.window("http_requests_counter", t, new double[6], counter,
        1_200_000, 1_200_000);
    assertThat(RangeFunctions.get("delta").apply(c)).isTrue();
    assertThat(c.outHistogram.count()).isCloseTo(8, within(1e-9));
    assertThat(c.ctx.annotations().warnings()).containsExactly("PromQL warning: this native"
        + " histogram metric is not a gauge: \"http_requests_counter\" (1:6)");
  }

  @Test
  void histogramSumsAreCompensatedAndAvgSurvivesOverflow() {
    // native_histograms.test: histogram_sum_over_time_3 and _incremental_2.
    long[] t = WindowFixtures.times(60_000, 7);
    FloatHistogram[] h = {exp(0, 1, 1, 0), exp(0, 2, 1e100, 0), exp(0, 3, 1, 0),
        exp(0, 4, -1e100, 0), null, null, null};
    RangeWindow w = WindowFixtures.window("m", t, new double[7], h, 180_000, 240_000);
    w.to = 4;
    assertThat(RangeFunctions.get("sum_over_time").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isEqualTo(10);
    assertThat(w.outHistogram.sum()).isEqualTo(2);
    double max = Double.MAX_VALUE;
    FloatHistogram[] big = {exp(0, max, 5.3, 0), exp(0, 1e308, 1e100, 0), exp(0, 1e-6, 1, 0),
        exp(0, 1e-6, -1e100, 0), exp(0, 1e-6, 2, 0), exp(0, 1e-6, 0, 0), exp(0, 1e-6, 0, 0)};
    RangeWindow s = WindowFixtures.window("m", t, new double[7], big, 360_000, 420_000);
    assertThat(RangeFunctions.get("sum_over_time").apply(s)).isTrue();
    assertThat(s.outHistogram.count()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.outHistogram.sum()).isCloseTo(8.3, within(1e-12));
    assertThat(RangeFunctions.get("avg_over_time").apply(s)).isTrue();
    assertThat(s.outHistogram.count()).isCloseTo(3.9967044783747367e+307, within(1e295));
    assertThat(s.outHistogram.sum()).isCloseTo(1.1857142857142857, within(1e-12));
  }

  @Test
  void summedHintsCombineAsInPrometheus() {
    CounterResetHint g = CounterResetHint.GAUGE;
    CounterResetHint n = CounterResetHint.NOT_COUNTER_RESET;
    CounterResetHint u = CounterResetHint.UNKNOWN;
    CounterResetHint r = CounterResetHint.COUNTER_RESET;
    assertThat(HistogramOverTime.combine(n, g)).isEqualTo(g);
    assertThat(HistogramOverTime.combine(g, u)).isEqualTo(g);
    assertThat(HistogramOverTime.combine(n, n)).isEqualTo(n);
    assertThat(HistogramOverTime.combine(n, u)).isEqualTo(u);
    assertThat(HistogramOverTime.combine(r, n)).isEqualTo(u);
  }
}
