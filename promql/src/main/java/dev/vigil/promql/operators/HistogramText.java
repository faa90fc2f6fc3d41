package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import java.util.ArrayList;
import java.util.List;

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
    boolean custom = h.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    if (!custom) {
      List<String> neg = new ArrayList<>();
      forEach(h.negativeSpans(), h.negativeBuckets(), (idx, c) -> {
        double lower = bound(idx - 1, h.schema());
        double upper = bound(idx, h.schema());
        neg.add("[" + GoFloats.formatG(-upper) + "," + GoFloats.formatG(-lower) + "):"
            + GoFloats.formatG(c));
      });
      for (int i = neg.size() - 1; i >= 0; i--) {
        sb.append(", ").append(neg.get(i));
      }
      if (h.zeroCount() != 0) {
        sb.append(", [").append(GoFloats.formatG(-h.zeroThreshold())).append(',')
            .append(GoFloats.formatG(h.zeroThreshold())).append("]:")
            .append(GoFloats.formatG(h.zeroCount()));
      }
    }
    forEach(h.positiveSpans(), h.positiveBuckets(), (idx, c) -> {
      double lower;
      double upper;
      if (custom) {
        double[] cv = h.customValues();
        lower = idx == 0 ? Double.NEGATIVE_INFINITY : cv[idx - 1];
        upper = idx < cv.length ? cv[idx] : Double.POSITIVE_INFINITY;
      } else {
        lower = bound(idx - 1, h.schema());
        upper = bound(idx, h.schema());
      }
      sb.append(", (").append(GoFloats.formatG(lower)).append(',')
          .append(GoFloats.formatG(upper)).append("]:").append(GoFloats.formatG(c));
    });
    return sb.append('}').toString();
  }

  private interface BucketVisitor {
    void visit(int index, double count);
  }

  private static void forEach(int[] spans, double[] buckets, BucketVisitor v) {
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < buckets.length; k++, b++, idx++) {
        if (buckets[b] != 0) {
          v.visit(idx, buckets[b]);
        }
      }
    }
  }

  /** Upper bound of exponential bucket {@code idx} at {@code schema}. */
  static double bound(int idx, int schema) {
    if (schema <= 0) {
      int exp = idx << -schema;
      if (exp >= 1024) {
        return Double.MAX_VALUE;
      }
      return Math.scalb(1.0, exp);
    }
    int fracIdx = idx & ((1 << schema) - 1);
    double frac = Math.pow(2, (double) fracIdx / (1 << schema)) / 2;
    int exp = (idx >> schema) + 1;
    if (frac == 0.5 && exp == 1025) {
      return Double.MAX_VALUE;
    }
    return Math.scalb(frac, exp);
  }
}
