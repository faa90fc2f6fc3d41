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
    HistogramBuckets.Ascending b = HistogramBuckets.ascending(h);
    for (int i = 0; i < b.size(); i++) {
      if (b.count()[i] == 0) {
        continue;
      }
      // Negative buckets are [lower,upper), the zero bucket [lower,upper], positive (lower,upper].
      boolean negative = b.isNegative(i);
      sb.append(", ").append(negative || b.isZero(i) ? '[' : '(')
          .append(GoFloats.formatG(b.lower()[i])).append(',')
          .append(GoFloats.formatG(b.upper()[i])).append(negative ? ')' : ']').append(':')
          .append(GoFloats.formatG(b.count()[i]));
    }
    return sb.append('}').toString();
  }
}
