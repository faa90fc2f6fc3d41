package dev.vigil.promql.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import org.junit.jupiter.api.Test;

class HistogramMathTest {
  private static FloatHistogram h(int schema, int[] spans, double[] pos, int[] nspans,
      double[] neg, double zero) {
    double count = zero;
    for (double v : pos) {
      count += v;
    }
    for (double v : neg) {
      count += v;
    }
    return new FloatHistogram(CounterResetHint.UNKNOWN, schema, 0.001, zero, count, 10, spans,
        pos, nspans, neg, null);
  }

  @Test
  void textFormMatchesPrometheus() {
    // aggregators.test: {{schema:0 sum:10 count:20 z_bucket_w:0.001 z_bucket:2 buckets:[1 2]
    // n_buckets:[1 2]}}
    FloatHistogram x = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 2, 20, 10,
        new int[] {0, 2}, new double[] {1, 2}, new int[] {0, 2}, new double[] {1, 2}, null);
    assertThat(HistogramText.format(x)).isEqualTo(
        "{count:20, sum:10, [-2,-1):2, [-1,-0.5):1, [-0.001,0.001]:2, (0.5,1]:1, (1,2]:2}");
  }

  @Test
  void addReducesToTheCoarserSchemaAndCompacts() {
    // schema 1 buckets 1..2 cover (1,1.41],(1.41,2] = bucket 1 at schema 0.
    FloatHistogram fine = h(1, new int[] {1, 2}, new double[] {1, 2}, new int[0], new double[0],
        0);
    FloatHistogram coarse = h(0, new int[] {1, 1}, new double[] {4}, new int[0], new double[0],
        1);
    FloatHistogram sum = HistogramMath.add(fine, coarse, false);
    assertThat(sum.schema()).isEqualTo(0);
    assertThat(sum.positiveSpans()).containsExactly(1, 1);
    assertThat(sum.positiveBuckets()).containsExactly(7);
    assertThat(sum.zeroCount()).isEqualTo(1);
    assertThat(sum.count()).isEqualTo(8);

    FloatHistogram diff = HistogramMath.add(coarse, coarse, true);
    assertThat(diff.positiveBuckets()).isEmpty();
    assertThat(diff.count()).isZero();
  }

  @Test
  void customAndExponentialDoNotMix() {
    FloatHistogram exp = h(0, new int[] {0, 1}, new double[] {1}, new int[0], new double[0], 0);
    FloatHistogram custom = new FloatHistogram(CounterResetHint.UNKNOWN,
        FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 1, 1, new int[] {0, 1}, new double[] {1},
        new int[0], new double[0], new double[] {0.1});
    assertThatThrownBy(() -> HistogramMath.add(exp, custom, false))
        .isInstanceOf(HistogramMath.IncompatibleException.class);
  }

  @Test
  void equalityComparesLayoutAndBitsButNotHints() {
    FloatHistogram a = h(3, new int[] {0, 3}, new double[] {1, 2, 1}, new int[0], new double[0],
        0);
    FloatHistogram b = HistogramMath.withHint(h(3, new int[] {0, 1, 0, 2},
        new double[] {1, 2, 1}, new int[0], new double[0], 0), CounterResetHint.GAUGE);
    assertThat(HistogramMath.equal(a, b)).isTrue();
    assertThat(HistogramMath.equal(a, HistogramMath.scale(a, 2, false))).isFalse();
  }

  @Test
  void scaleByZeroDivisorDropsBuckets() {
    FloatHistogram a = h(0, new int[] {0, 2}, new double[] {1, 2}, new int[0], new double[0], 0);
    FloatHistogram d = HistogramMath.scale(a, 0, true);
    assertThat(d.positiveBuckets()).isEmpty();
    assertThat(d.count()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(HistogramMath.scale(a, 0, false).positiveBuckets()).isEmpty();
  }

  @Test
  void widerZeroBucketSwallowsBucketsAndIsRaisedOutOfPopulatedOnes() {
    // a: zero threshold 0.001; buckets at schema 0 index -1 (0.25,0.5], 0 (0.5,1], 1 (1,2].
    FloatHistogram a = h(0, new int[] {-1, 3}, new double[] {1, 2, 3}, new int[0], new double[0],
        0);
    FloatHistogram wide = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.6, 5, 5, 1,
        new int[0], new double[0], new int[0], new double[0], null);
    FloatHistogram sum = HistogramMath.add(a, wide, false);
    // 0.6 cuts (0.5,1], which is populated: the threshold becomes 1 and both buckets below go in.
    assertThat(sum.zeroThreshold()).isEqualTo(1);
    assertThat(sum.zeroCount()).isEqualTo(8);
    assertThat(sum.positiveSpans()).containsExactly(1, 1);
    assertThat(sum.positiveBuckets()).containsExactly(3);
  }

  @Test
  void customBucketsWithDifferentBoundsAddInTheCommonLayout() {
    // bounds [1 2 4] and [2 4 8]: common [2 4]; (-Inf,1] and (1,2] meet in (-Inf,2], 8 goes to +Inf.
    FloatHistogram a = new FloatHistogram(CounterResetHint.UNKNOWN,
        FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 10, 1, new int[] {0, 4},
        new double[] {1, 2, 3, 4}, new int[0], new double[0], new double[] {1, 2, 4});
    FloatHistogram b = new FloatHistogram(CounterResetHint.UNKNOWN,
        FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 4, 1, new int[] {0, 4},
        new double[] {1, 1, 1, 1}, new int[0], new double[0], new double[] {2, 4, 8});
    assertThat(HistogramMath.boundsDiffer(a, b)).isTrue();
    FloatHistogram sum = HistogramMath.add(a, b, false);
    assertThat(sum.customValues()).containsExactly(2, 4);
    assertThat(sum.positiveBuckets()).containsExactly(4, 4, 6);
    assertThat(sum.count()).isEqualTo(14);
  }
}
