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

/** The *_over_time, changes/resets and trend functions; expectations from functions.test. */
class OverTimeFunctionsTest {
  private static final long[] T10 = times(5 * M, 10);
  private static final double[] FOO = {1, 2, 3, 0, 1, 0, 0, 1, 2, 0};
  private static final double[] BAR = {1, 2, 3, 4, 5, 1, 2, 3, 4, 5};

  private static double at50m(String fn, double[] f, long range) {
    Double v = apply(fn, window("http_requests", T10, f, 50 * M, range));
    assertThat(v).as(fn).isNotNull();
    return v;
  }

  @Test
  void resetsAndChanges() {
    assertThat(apply("resets", window("x", T10, FOO, 50 * M, 5 * M))).isNull();
    assertThat(at50m("resets", FOO, 10 * M)).isEqualTo(0);
    assertThat(at50m("resets", FOO, 20 * M)).isEqualTo(1);
    assertThat(at50m("resets", FOO, 32 * M)).isEqualTo(2);
    assertThat(at50m("resets", BAR, 32 * M)).isEqualTo(1);
    assertThat(at50m("resets", FOO, 50 * M)).isEqualTo(3);
    assertThat(at50m("changes", FOO, 20 * M)).isEqualTo(2);
    assertThat(at50m("changes", BAR, 30 * M)).isEqualTo(4);
    assertThat(at50m("changes", FOO, 50 * M)).isEqualTo(7);
    assertThat(at50m("changes", BAR, 50 * M)).isEqualTo(8);
  }

  @Test
  void nanToNanIsNoChange() {
    long[] t = times(5 * M, 3);
    double n = Double.NaN;
    assertThat(apply("changes", window("x", t, new double[] {n, n, n}, 15 * M, 20 * M))).isZero();
    assertThat(apply("changes", window("x", t, new double[] {0, n, 0}, 15 * M, 20 * M)))
        .isEqualTo(2);
  }

  @Test
  void anchoredResetsStartAtTheLastSampleBeforeTheWindow() {
    long[] t = times(M, 6);
    RangeWindow w = window("floats", t, new double[] {2, 1, 2, 1, 2, 1}, 3 * M, M);
    w.anchored = true;
    assertThat(apply("resets", w)).isEqualTo(1);
    RangeWindow c = window("floats", t, new double[] {2, 1, 2, 1, 2, 1}, 3 * M, M);
    c.anchored = true;
    assertThat(apply("changes", c)).isEqualTo(1);
  }

  @Test
  void sumAndAvgUseCompensatedSums() {
    long[] t = times(S, 4);
    double[] f = {1e100, 1, -1e100, 1};
    assertThat(apply("sum_over_time", window("x", t, f, 3 * S, 10 * S))).isEqualTo(2);
    assertThat(apply("avg_over_time", window("x", t, f, 3 * S, 10 * S))).isEqualTo(0.5);
  }

  @Test
  void avgSwitchesToIncrementalMeanOnOverflow() {
    long[] t = times(S, 3);
    double max = Double.MAX_VALUE;
    Double avg = apply("avg_over_time", window("x", t, new double[] {max, max, max}, 2 * S, 10 * S));
    assertThat(avg).isFinite().isCloseTo(max, within(max * 1e-15));
  }

  @Test
  void minMaxAndTheirTimestamps() {
    long[] t = times(10 * S, 5);
    double[] f = {Double.NaN, 3, 1, 3, 1};
    assertThat(apply("max_over_time", window("x", t, f, 40 * S, M))).isEqualTo(3);
    assertThat(apply("min_over_time", window("x", t, f, 40 * S, M))).isEqualTo(1);
    assertThat(apply("ts_of_max_over_time", window("x", t, f, 40 * S, M))).isEqualTo(30);
    assertThat(apply("ts_of_min_over_time", window("x", t, f, 40 * S, M))).isEqualTo(40);
    assertThat(apply("ts_of_first_over_time", window("x", t, f, 40 * S, M))).isEqualTo(0);
    assertThat(apply("ts_of_last_over_time", window("x", t, f, 40 * S, M))).isEqualTo(40);
    assertThat(apply("count_over_time", window("x", t, f, 40 * S, M))).isEqualTo(5);
    assertThat(apply("last_over_time", window("x", t, f, 40 * S, M))).isEqualTo(1);
    assertThat(apply("first_over_time", window("x", t, f, 40 * S, M))).isNaN();
  }

  @Test
  void quantileStddevAndMad() {
    long[] t = times(S, 4);
    double[] f = {1, 2, 3, 10};
    RangeWindow w = window("x", t, f, 3 * S, 10 * S);
    w.scalarArgs[0] = 0.5;
    assertThat(apply("quantile_over_time", w)).isEqualTo(2.5);
    assertThat(apply("stdvar_over_time", window("x", t, f, 3 * S, 10 * S)))
        .isCloseTo(12.5, within(1e-12));
    assertThat(apply("stddev_over_time", window("x", t, f, 3 * S, 10 * S)))
        .isCloseTo(Math.sqrt(12.5), within(1e-12));
    // median 2.5; deviations 1.5 0.5 0.5 7.5 -> median 1
    assertThat(apply("mad_over_time", window("x", t, f, 3 * S, 10 * S))).isEqualTo(1);
    RangeWindow bad = window("x", t, f, 3 * S, 10 * S);
    bad.scalarArgs[0] = 1.5;
    assertThat(apply("quantile_over_time", bad)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(bad.ctx.annotations().warnings()).containsExactly(
        "PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:6)");
  }

  @Test
  void histogramsInAMixedWindowAreIgnoredWithAnInfo() {
    long[] t = times(S, 3);
    FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, 1, 1,
        new int[0], new double[0], new int[0], new double[0], null);
    RangeWindow w = window("m", t, new double[] {1, 0, 3}, new FloatHistogram[] {null, h, null},
        2 * S, 10 * S);
    assertThat(apply("max_over_time", w)).isEqualTo(3);
    assertThat(w.ctx.annotations().infos()).containsExactly("PromQL info: ignored histograms in a"
        + " range containing both floats and histograms for metric name \"m\" (1:6)");
  }

  private static final double[] RESET_MIDDLE = concat(series(0, 10, 5), series(0, 10, 6));

  @Test
  void derivAndPredictLinear() {
    long[] t = times(5 * M, 11);
    assertThat(apply("deriv", window("x", t, series(0, 80, 11), 50 * M, 50 * M)))
        .isCloseTo(0.26666666666666666, within(1e-15));
    assertThat(apply("deriv", window("x", t, RESET_MIDDLE, 50 * M, 100 * M)))
        .isCloseTo(0.010606060606060607, within(1e-15));
    RangeWindow p = window("x", t, RESET_MIDDLE, 50 * M, 50 * M);
    p.scalarArgs[1] = 3600;
    assertThat(apply("predict_linear", p)).isCloseTo(70, within(1e-9));
    RangeWindow at = window("x", t, RESET_MIDDLE, 50 * M, 55 * M); // [55m] @ 3000 at 10m
    at.stepTime = 10 * M;
    at.scalarArgs[1] = 3600;
    assertThat(apply("predict_linear", at)).isCloseTo(51.36363636363637, within(1e-9));
  }

  @Test
  void infiniteValuesGiveNaNSlope() {
    long[] t = times(5 * M, 12);
    double[] f = concat(new double[] {Double.NEGATIVE_INFINITY}, series(0, 80, 10),
        new double[] {Double.POSITIVE_INFINITY});
    assertThat(apply("deriv", window("x", t, f, 100 * M, 100 * M))).isNaN();
  }

  @Test
  void doubleExponentialSmoothing() {
    long[] t = times(10 * S, 1001);
    RangeWindow w = window("x", t, series(0, 10, 1001), 8000 * S, M);
    w.scalarArgs[1] = 0.01;
    w.scalarArgs[2] = 0.1;
    assertThat(apply("double_exponential_smoothing", w)).isCloseTo(8000, within(1e-6));
    RangeWindow bad = window("x", t, series(0, 10, 1001), 8000 * S, M);
    bad.scalarArgs[1] = 1;
    bad.scalarArgs[2] = 0.1;
    assertThatThrownBy(() -> apply("double_exponential_smoothing", bad))
        .isInstanceOf(PromqlException.class)
        .hasMessage("invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000");
  }

  @Test
  void avgOverTimeTableFromFunctionsTest() {
    double inf = Double.POSITIVE_INFINITY;
    double big = 9.988465674311579e+307;
    Object[][] table = {
      {new double[] {1, 2, 3, 4, 5}, 3.0},
      {new double[] {1, 2, 3, 4, inf}, inf},
      {new double[] {1, 2, 3, 4, -inf}, -inf},
      {new double[] {1, 2, 3, inf, -inf}, Double.NaN},
      {new double[] {inf, 0, inf}, inf},
      {new double[] {inf, inf, inf, -inf}, Double.NaN},
      {new double[] {1, 2, 3, -inf, -inf}, -inf},
      {new double[] {-inf, 0, -inf}, -inf},
      {new double[] {1, 2, -inf, -inf, inf}, Double.NaN},
      {new double[] {big, big}, big},
      {new double[] {-big, -big, -big}, -big},
      {new double[] {-big, big}, 0.0},
      {new double[] {1, 2, 3, Double.NaN, Double.NaN}, Double.NaN},
    };
    for (Object[] row : table) {
      double[] f = (double[]) row[0];
      double want = (double) row[1];
      long[] t = times(10 * S, f.length);
      Double got = apply("avg_over_time", window("x", t, f, 55 * S, M));
      assertThat(got).as(java.util.Arrays.toString(f)).isEqualTo(Double.valueOf(want));
    }
  }

  @Test
  void reusedWindowScratchDoesNotLeakBetweenSteps() {
    long[] t = times(S, 40);
    double[] f = series(100, -1, 40); // 100 down to 61
    RangeWindow w = window("x", t, f, 39 * S, 60 * S); // all 40 samples
    w.scalarArgs[0] = 0;
    assertThat(apply("quantile_over_time", w)).isEqualTo(61);
    w.from = 37; // the last three samples only: 63 62 61
    w.rangeStart = 36 * S;
    w.scalarArgs[0] = 1;
    assertThat(apply("quantile_over_time", w)).isEqualTo(63);
    assertThat(apply("mad_over_time", w)).isEqualTo(1);
  }

  /**
   * avg_over_time against the compensated mean written with {@link KahanSum} throughout (the
   * form before its summation was written out on locals), bit for bit: random windows of
   * integers, decimals, huge values that overflow into the incremental mean, infinities and NaN
   * (any NaN equals any other).
   */
  @Test
  void averageBitIdenticalToTheKahanSumForm() {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e308, -1e308, 0.0, -0.0, 1e-300, 0.1, 1e16};
    for (int n = 0; n < 20_000; n++) {
      int len = 1 + r.nextInt(25);
      double[] f = new double[len];
      int kind = r.nextInt(4);
      for (int i = 0; i < len; i++) {
        f[i] = switch (kind) {
          case 0 -> r.nextInt(100);
          case 1 -> Math.round(r.nextGaussian() * 1e6) / 1000.0;
          case 2 -> r.nextDouble() * 1.7e308 * (r.nextBoolean() ? 1 : -1);
          default -> r.nextInt(5) == 0 ? specials[r.nextInt(specials.length)]
              : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        };
      }
      long[] t = times(M, len);
      Double got = apply("avg_over_time", window("x", t, f, (len - 1) * M, len * M));
      assertThat(got).isNotNull();
      // every NaN as one: which operand's NaN an addition of two passes on is up to the JIT
      // (C2 may swap the operands of a commutative operation), and no answer shows it
      assertThat(Double.doubleToLongBits(got))
          .as("avg of %s (seed %d)", java.util.Arrays.toString(f), seed)
          .isEqualTo(Double.doubleToLongBits(
              OverTimeFunctions.compensatedMean(f, 0, f.length, 1, f[0], 0)));
    }
  }
}
