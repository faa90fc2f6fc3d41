package dev.vigil.promql.functions;

import static dev.vigil.promql.functions.WindowFixtures.M;
import static dev.vigil.promql.functions.WindowFixtures.S;
import static dev.vigil.promql.functions.WindowFixtures.apply;
import static dev.vigil.promql.functions.WindowFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.model.FloatHistogram;
import org.junit.jupiter.api.Test;

/**
 * Start timestamps in the counter functions: reset detection, anchoring a series that starts
 * inside the window, the overlap warning. Expectations worked out by hand and checked against
 * Prometheus's start_timestamps.test.
 */
class StartTimestampsTest {

  private static void reset(long prevSt, long prevT, long currSt, long currT, boolean want) {
    assertThat(StartTimestamps.isReset(prevSt, prevT, currSt, currT))
        .as("reset(prevSt=%d, prevT=%d, currSt=%d, currT=%d)", prevSt, prevT, currSt, currT)
        .isEqualTo(want);
  }

  @Test
  void resetRules() {
    reset(0, 60_000, 0, 120_000, false); // no start timestamp
    reset(10_000, 60_000, 10_000, 120_000, false); // same cumulative series
    reset(10_000, 60_000, 60_001, 120_000, true); // restarted after the previous sample
    reset(0, 60_000, 60_001, 120_000, true);
    reset(10_000, 60_000, 30_000, 120_000, false); // before the previous sample: an overlap
    reset(0, 60_000, 60_000, 120_000, false); // cumulative with unknown start (OTel)
    reset(0, 60_000, 60_000, 120_000, false);
    reset(1, 60_000, 60_000, 120_000, true); // delta: covers the interval since the previous
    reset(60_000, 60_000, 60_000, 120_000, false); // previous start = its time: not a delta
    reset(90_000, 60_000, 60_000, 120_000, false); // previous start invalid (after its time)
    reset(10_000, 60_000, 120_000, 120_000, false); // empty interval: invalid
    reset(10_000, 60_000, 120_001, 120_000, false); // after the sample: invalid
  }

  /** A counter window over samples every minute from 2m, with the given start offsets. */
  private static RangeWindow counter(double[] f, long[] stOffsets, long at, long range) {
    long[] t = new long[f.length];
    long[] st = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      t[i] = (i + 2) * M;
      st[i] = stOffsets == null ? 0 : t[i] + stOffsets[i];
    }
    RangeWindow w = window("x_total", t, f, at, range);
    w.st = stOffsets == null ? null : st;
    return w;
  }

  private static void check(String fn, RangeWindow w, Double want) {
    Double got = apply(fn, w);
    if (want == null) {
      assertThat(got).as(fn).isNull();
    } else {
      assertThat(got).as(fn).isNotNull();
      assertThat(got).as(fn).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
    }
  }

  @Test
  void startInsideTheWindowReplacesLeftExtrapolation() {
    double[] f = {1, 2, 3, 4, 5};
    // Without start timestamps: extrapolated to the zero point, 5.
    check("increase", counter(f, null, 6 * M, 5 * M), 5.0);
    // Started at 1m30s (inside (1m, 6m]): counted from zero there, 5 over 4m30s, nothing to
    // extrapolate on the right.
    long[] st = {-30 * S, -90 * S, -150 * S, -210 * S, -270 * S};
    check("increase", counter(f, st, 6 * M, 5 * M), 5.0);
    // The right side is still extrapolated: samples end at 5m, range at 6m.
    double[] f4 = {1, 2, 3, 4};
    long[] st4 = {-30 * S, -90 * S, -150 * S, -210 * S};
    check("increase", counter(f4, st4, 6 * M, 5 * M), 4 * 270.0 / 210.0);
    check("rate", counter(f4, st4, 6 * M, 5 * M), 4 * 270.0 / 210.0 / 300);
  }

  @Test
  void startAtOrOutsideTheWindowStartDoesNotAnchor() {
    // A single sample at 2m: anchored only when its start lies strictly inside the window.
    check("increase", counter(new double[] {3}, new long[] {-30 * S}, 6 * M, 5 * M), 3.0);
    check("rate", counter(new double[] {3}, new long[] {-30 * S}, 6 * M, 5 * M), 3.0 / 300);
    check("increase", counter(new double[] {3}, new long[] {-60 * S}, 6 * M, 5 * M), null);
    check("increase", counter(new double[] {3}, new long[] {0}, 6 * M, 5 * M), null);
    check("increase", counter(new double[] {3}, new long[] {1}, 6 * M, 5 * M), null);
    check("increase", counter(new double[] {3}, null, 6 * M, 5 * M), null);
  }

  @Test
  void deltaIsNotAnchored() {
    long[] st = {-30 * S, -90 * S, -150 * S, -210 * S, -270 * S};
    // delta extrapolates as without start timestamps: 4 over 4m, to 5m (by 1.1 intervals).
    check("delta", counter(new double[] {1, 2, 3, 4, 5}, st, 6 * M, 5 * M), 5.0);
  }

  @Test
  void startTimestampResetsCountInIncreaseIrateAndResets() {
    // Delta-style samples: each covers the minute since the previous one.
    double[] f = {60, 60, 60, 60, 60};
    long[] st = {-M, -M, -M, -M, -M};
    // 4 resets add 240; start 1m == range start: not anchored; extrapolated by 1m to 300.
    check("increase", counter(f, st, 6 * M, 5 * M), 300.0);
    check("irate", counter(f, st, 6 * M, 5 * M), 1.0);
    check("resets", counter(f, st, 6 * M, 5 * M), 4.0);
    check("increase", counter(f, null, 6 * M, 5 * M), 0.0);
    check("irate", counter(f, null, 6 * M, 5 * M), 0.0);
    check("resets", counter(f, null, 6 * M, 5 * M), 0.0);
    // idelta and changes do not look at start timestamps.
    check("idelta", counter(f, st, 6 * M, 5 * M), 0.0);
    check("changes", counter(f, st, 6 * M, 5 * M), 0.0);
  }

  @Test
  void overlapWarnsForRateOnly() {
    double[] f = {60, 120, 180};
    long[] st = {-2 * M, -2 * M, -2 * M};
    RangeWindow w = counter(f, st, 4 * M, 3 * M);
    check("rate", w, 1.0);
    assertThat(w.ctx.annotations().warnings()).singleElement().asString()
        .startsWith("PromQL warning: sample has start time that overlaps with previous sample "
            + "timestamp for metric \"x_total\"");
    RangeWindow same = counter(f, new long[] {-30 * S, -90 * S, -150 * S}, 4 * M, 3 * M);
    check("rate", same, 1.0);
    assertThat(same.ctx.annotations().warnings()).isEmpty();
    RangeWindow delta = counter(f, st, 4 * M, 3 * M);
    check("delta", delta, 180.0);
    assertThat(delta.ctx.annotations().warnings()).isEmpty();
  }

  @Test
  void histogramsFollowTheFloatRules() {
    FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, 60,
        60, new int[0], new double[0], new int[0], new double[0], null);
    long[] t = {2 * M};
    RangeWindow w = window("x", t, new double[] {Double.NaN}, new FloatHistogram[] {h}, 3 * M,
        5 * M);
    w.st = new long[] {M};
    assertThat(RangeFunctions.get("rate").apply(w)).isTrue();
    assertThat(w.outHistogram.count()).isCloseTo(0.2, within(1e-12));
    assertThat(w.outHistogram.sum()).isCloseTo(0.2, within(1e-12));
    w.st = null;
    w.outHistogram = null;
    assertThat(RangeFunctions.get("rate").apply(w)).isFalse();
  }
}
