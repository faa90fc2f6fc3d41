package dev.vigil.promql.functions;

import static dev.vigil.promql.functions.WindowFixtures.M;
import static dev.vigil.promql.functions.WindowFixtures.S;
import static dev.vigil.promql.functions.WindowFixtures.apply;
import static dev.vigil.promql.functions.WindowFixtures.concat;
import static dev.vigil.promql.functions.WindowFixtures.series;
import static dev.vigil.promql.functions.WindowFixtures.times;
import static dev.vigil.promql.functions.WindowFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.engine.PromqlException;
import org.junit.jupiter.api.Test;

/** Expectations taken from Prometheus's functions.test and extended_vectors.test. */
class RateFunctionsTest {

  private static void check(String fn, long[] t, double[] f, long at, long range, Double want) {
    Double got = apply(fn, window("x_total", t, f, at, range));
    if (want == null) {
      assertThat(got).as("%s at %d", fn, at).isNull();
    } else {
      assertThat(got).as("%s at %d", fn, at).isNotNull();
      assertThat(got).as("%s at %d", fn, at).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
    }
  }

  @Test
  void increaseExtrapolatesAndStopsAtZero() {
    long[] t = times(5 * M, 11);
    check("increase", t, series(0, 10, 11), 50 * M, 50 * M, 100.0);
    check("increase", t, concat(series(0, 18, 6), series(0, 18, 5)), 50 * M, 50 * M, 160.0);
    check("increase", t, series(10, 10, 11), 50 * M, 100 * M, 105.0);
    check("increase", t, series(1, 10, 11), 50 * M, 100 * M, 101.0);
    check("increase", t, concat(series(0, 18, 6), series(0, 18, 5)), 50 * M, 100 * M, 162.0);
  }

  @Test
  void counterResetsAddThePreviousValue() {
    long[] t = times(5 * M, 7);
    check("increase", t, new double[] {0, 1, 2, 3, 2, 3, 4}, 30 * M, 30 * M, 7.0);
    long[] t11 = times(5 * M, 11);
    check("rate", t11, concat(series(0, 27, 5), series(0, 27, 6)), 50 * M, 50 * M, 0.08);
  }

  @Test
  void rateIsPerSecondOfTheRange() {
    long[] t = times(5 * M, 11);
    check("rate", t, series(0, 80, 11), 50 * M, 50 * M, 0.26666666666666666);
    double[] reset = concat(series(0, 10, 10), new double[] {0, 10});
    long[] t12 = times(5 * M, 12);
    check("rate", t12, reset, 50 * M, 5 * M, null);
    check("rate", t12, reset, 50 * M, 6 * M, 0.0);
  }

  @Test
  void zeroCutoffForLeftExtrapolation() {
    long[] t = times(4 * M, 11);
    double[] want = {0.5, 0.55, 0.6, 0.6, 0.6, 0.6};
    for (int k = 0; k < 6; k++) {
      check("rate", t, series(60 * k, 240, 11), 10 * M, 20 * M, want[k]);
      check("rate", t, series(60 * k, 240, 11), 50 * M, 20 * M, 0.6);
    }
  }

  @Test
  void irateUsesTheLastTwoSamples() {
    long[] t = times(5 * M, 11);
    check("irate", t, series(0, 10, 11), 50 * M, 50 * M, 0.03333333333333333);
    double[] bar = concat(series(0, 10, 6), series(0, 10, 5));
    check("irate", t, bar, 30 * M, 50 * M, 0.0);
    check("idelta", t, bar, 30 * M, 50 * M, -50.0);
  }

  @Test
  void deltaDoesNotTreatDecreasesAsResets() {
    long[] t = times(5 * M, 11);
    check("delta", t, series(0, 10, 11), 50 * M, 50 * M, 100.0);
    check("delta", t, series(100, -10, 11), 50 * M, 50 * M, -100.0);
  }

  @Test
  void notACounterInfoForRateOnly() {
    RangeWindow w = window("http_requests", times(5 * M, 11), series(0, 10, 11), 50 * M, 50 * M);
    assertThat(apply("rate", w)).isNotNull();
    assertThat(w.ctx.annotations().infos()).containsExactly("PromQL info: metric might not be a"
        + " counter, name does not end in _total/_sum/_count/_bucket: \"http_requests\" (1:6)");
    RangeWindow d = window("http_requests", times(5 * M, 11), series(0, 10, 11), 50 * M, 50 * M);
    assertThat(apply("delta", d)).isNotNull();
    assertThat(d.ctx.annotations().infos()).isEmpty();
  }

  // extended_vectors.test: metric 1+1x4 9+1x4 at 15s.
  private static final long[] EXT_T = times(15 * S, 10);
  private static final double[] EXT_F = concat(series(1, 1, 5), series(9, 1, 5));

  private static Double extended(String fn, String modifier, long at) {
    RangeWindow w = window("metric", EXT_T, EXT_F, at, M);
    w.anchored = modifier.equals("anchored");
    w.smoothed = modifier.equals("smoothed");
    return apply(fn, w);
  }

  @Test
  void plainIncreaseOnTheReferenceDataset() {
    double[] want = {Double.NaN, 1.833333333, 2.833333333, 4, 4, 8, 8, 8, 4};
    for (int k = 0; k < want.length; k++) {
      Double got = extended("increase", "", 5 * S + 15 * S * k);
      if (Double.isNaN(want[k])) {
        assertThat(got).isNull();
      } else {
        assertThat(got).as("at %ds", 5 + 15 * k).isCloseTo(want[k], within(1e-8));
      }
    }
  }

  @Test
  void anchoredIncrease() {
    double[] want = {0, 1, 2, 3, 4, 7, 7, 7, 7};
    for (int k = 0; k < want.length; k++) {
      assertThat(extended("increase", "anchored", 5 * S + 15 * S * k))
          .as("at %ds", 5 + 15 * k).isCloseTo(want[k], within(1e-8));
    }
  }

  @Test
  void smoothedIncrease() {
    double[] want = {0.333333333, 1.333333333, 2.333333333, 3.333333333, 5, 7, 7, 7, 6};
    for (int k = 0; k < want.length; k++) {
      assertThat(extended("increase", "smoothed", 5 * S + 15 * S * k))
          .as("at %ds", 5 + 15 * k).isCloseTo(want[k], within(1e-8));
    }
  }

  @Test
  void modifiersOnlyWhereSupported() {
    assertThatThrownBy(() -> RangeFunctions.checkModifiers("deriv", false, true))
        .isInstanceOf(PromqlException.class)
        .hasMessage("smoothed modifier can only be used with: delta, increase, rate - not with deriv");
    assertThatThrownBy(() -> RangeFunctions.checkModifiers("max_over_time", true, false))
        .hasMessage("anchored modifier can only be used with: changes, delta, increase, rate,"
            + " resets - not with max_over_time");
    RangeFunctions.checkModifiers("resets", true, false);
  }

  private static FloatHistogram hist(double count, double sum, double... buckets) {
    return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, count, sum,
        buckets.length == 0 ? new int[0] : new int[] {0, buckets.length}, buckets, new int[0],
        new double[0], null);
  }

  @Test
  void mixedFloatsAndHistogramsWarn() {
    long[] t = times(5 * M, 3);
    FloatHistogram[] h = {null, hist(1, 1), null};
    RangeWindow w = WindowFixtures.window("mix", t, new double[3], h, 10 * M, 20 * M);
    assertThat(apply("rate", w)).isNull();
    assertThat(w.ctx.annotations().warnings()).containsExactly(
        "PromQL warning: encountered a mix of histograms and floats for metric name \"mix\" (1:6)");
  }

  @Test
  void histogramIrate() {
    // functions.test: {{sum:2 count:2}}+{{sum:3 count:3}}x5, irate over 20m at 20m.
    long[] t = times(5 * M, 5);
    FloatHistogram[] h = new FloatHistogram[5];
    for (int i = 0; i < 5; i++) {
      h[i] = hist(2 + 3 * i, 2 + 3 * i);
    }
    RangeWindow w = WindowFixtures.window("h", t, new double[5], h, 20 * M, 20 * M);
    assertThat(RangeFunctions.get("irate").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isCloseTo(0.01, within(1e-12));
    assertThat(w.outHistogram.sum()).isCloseTo(0.01, within(1e-12));
    assertThat(w.outHistogram.counterResetHint()).isEqualTo(FloatHistogram.CounterResetHint.GAUGE);
  }

  @Test
  void histogramIncreaseAcrossAReset() {
    long[] t = times(M, 4);
    FloatHistogram[] h = {hist(4, 4, 4), hist(6, 6, 6), hist(1, 1, 1), hist(3, 3, 3)};
    RangeWindow w = WindowFixtures.window("h_total", t, new double[4], h, 3 * M, 3 * M + 30 * S);
    assertThat(RangeFunctions.get("increase").apply(w)).isTrue();
    // 3 - 4 + 6 = 5 over 3m, extrapolated by 30s at the start and nothing at the end.
    assertThat(w.outHistogram.count()).isCloseTo(5 * 3.5 / 3, within(1e-9));
    assertThat(w.outHistogram.positiveBuckets()).hasSize(1);
    assertThat(w.outHistogram.positiveBuckets()[0]).isCloseTo(5 * 3.5 / 3, within(1e-9));
  }
}
