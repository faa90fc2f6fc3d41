package dev.vigil.promql.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import org.junit.jupiter.api.Test;

class HistogramBucketsTest {
  @Test
  void exponentialBounds() {
    assertThat(HistogramBuckets.bound(0, 0)).isEqualTo(1);
    assertThat(HistogramBuckets.bound(1, 0)).isEqualTo(2);
    assertThat(HistogramBuckets.bound(-1, 0)).isEqualTo(0.5);
    assertThat(HistogramBuckets.bound(2, 1)).isEqualTo(2);
    assertThat(HistogramBuckets.bound(1, -1)).isEqualTo(4);
    assertThat(HistogramBuckets.bound(1024, 0)).isEqualTo(Double.MAX_VALUE);
    // Go's math.Ldexp overflows to +Inf past the last finite bucket; the count_values text copy
    // capped this at MaxFloat64.
    assertThat(HistogramBuckets.bound(1025, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(HistogramBuckets.bound(600, -1)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void fractionalBoundsAreCorrectlyRounded() {
    // 2^(3/4)/2 rounds to ...145; StrictMath.pow (the query JSON's copy) gave ...146.
    assertThat(HistogramBuckets.bound(3, 2)).isEqualTo(Math.scalb(0.8408964152537145, 1));
    assertThat(HistogramBuckets.bound(5, 3)).isEqualTo(Math.scalb(0.7711054127039704, 1));
  }

  @Test
  void allBucketsAscending() {
    FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 3, 9, 10,
        new int[] {0, 2}, new double[] {1, 2}, new int[] {1, 1}, new double[] {3}, null);
    double[] lo = new double[HistogramBuckets.capacity(h)];
    double[] up = new double[lo.length];
    double[] cnt = new double[lo.length];
    int n = HistogramBuckets.all(h, lo, up, cnt);
    assertThat(n).isEqualTo(4);
    assertThat(lo).startsWith(-2, -0.001, 0.5, 1);
    assertThat(up).startsWith(-1, 0.001, 1, 2);
    assertThat(cnt).startsWith(3, 3, 1, 2);
  }

  @Test
  void intersectKeepsCommonBounds() {
    assertThat(HistogramBuckets.intersect(new double[] {1, 2, 5, 10}, new double[] {2, 3, 10}))
        .containsExactly(2, 10);
    assertThat(HistogramBuckets.intersect(new double[] {}, new double[] {1})).isEmpty();
  }

  @Test
  void kahanSumCompensatesAndStaysInfinite() {
    KahanSum k = new KahanSum();
    k.add(1e16);
    k.add(1);
    k.add(-1e16);
    assertThat(k.value()).isEqualTo(1);
    double[] c = new double[1];
    double s = KahanSum.add(Double.POSITIVE_INFINITY, 0, c, 0);
    s = KahanSum.add(1, s, c, 0);
    assertThat(s + c[0]).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void quantileSortsNaNFirst() {
    assertThat(Quantiles.quantile(0, new double[] {3, Double.NaN, 1}, 3)).isNaN();
    assertThat(Quantiles.quantile(0.5, new double[] {3, 2, 1}, 3)).isEqualTo(2);
    assertThat(Quantiles.quantile(0.75, new double[] {4, 1, 2, 3}, 4)).isEqualTo(3.25);
    assertThat(Quantiles.quantile(2, new double[] {1}, 1)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
