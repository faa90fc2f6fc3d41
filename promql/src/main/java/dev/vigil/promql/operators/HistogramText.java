package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.value.GoFloats;
import dev.vigil.promql.value.HistogramBuckets;

/**
 * Prometheus's text form of a float histogram ({@code FloatHistogram.String()}), used as a label
 * value by {@code count_values}: {@code {count:20, sum:10, [-2,-1):2, [-0.001,0.001]:2,
 * (1,2]:2}} with negative buckets from most negative, then the zero bucket, then positive buckets;
 * empty buckets are left out. Stateless.
 */
final class HistogramText {
  private HistogramText() {}

  static String format(FloatHistogram h) {
    StringBuilder sb = new StringBuilder();
    sb.append("{count:").append(GoFloats.formatG(h.count()))
        .append(", sum:").append(GoFloats.formatG(h.sum()));
    int cap = HistogramBuckets.capacity(h);
    double[] lower = new double[cap];
    double[] upper = new double[cap];
    double[] count = new double[cap];
    int n = HistogramBuckets.all(h, lower, upper, count);
    int negatives = HistogramBuckets.len(h.negativeBuckets());
    int zero = h.zeroCount() > 0 ? negatives : -1;
    for (int i = 0; i < n; i++) {
      if (count[i] == 0) {
        continue;
      }
      String open = i < negatives || i == zero ? "[" : "(";
      String close = i == zero || i > negatives || (i == negatives && zero < 0) ? "]" : ")";
      sb.append(", ").append(open).append(GoFloats.formatG(lower[i])).append(',')
          .append(GoFloats.formatG(upper[i])).append(close).append(':')
          .append(GoFloats.formatG(count[i]));
    }
    return sb.append('}').toString();
  }
}
