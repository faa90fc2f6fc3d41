package dev.vigil.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.FloatHistogram;
import java.io.IOException;

/**
 * A native histogram as the Prometheus API writes it: {@code {"count":"..","sum":"..",
 * "buckets":[[boundaryRule, "lower", "upper", "count"], ...]}}, buckets in ascending order
 * (negative, zero, positive), empty buckets left out, the boundary rule 0 (lower exclusive, upper
 * inclusive), 1 (lower inclusive, upper exclusive), 2 (both exclusive) or 3 (both inclusive).
 * Stateless.
 */
final class HistogramJson {
  private HistogramJson() {}

  static void write(JsonGenerator g, FloatHistogram h) throws IOException {
    g.writeStartObject();
    g.writeStringField("count", JsonNumbers.sampleValue(h.count()));
    g.writeStringField("sum", JsonNumbers.sampleValue(h.sum()));
    boolean custom = h.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    double zt = h.zeroThreshold();
    boolean[] started = {false};
    // Negative buckets from the most negative up: the span walk yields ascending indexes, i.e.
    // ascending absolute values, so collect and then write in reverse.
    int negCount = count(h.negativeSpans());
    if (negCount > 0) {
      int[] idx = new int[negCount];
      double[] cnt = new double[negCount];
      walk(h.negativeSpans(), h.negativeBuckets(), idx, cnt);
      for (int i = negCount - 1; i >= 0; i--) {
        double lower = -bound(idx[i], h.schema(), h.customValues());
        double upper = -bound(idx[i] - 1, h.schema(), h.customValues());
        int rule = rule(lower, upper, custom);
        if (upper > -zt) {
          upper = -zt;
        }
        bucket(g, started, rule, lower, upper, cnt[i]);
      }
    }
    if (h.zeroCount() > 0) {
      bucket(g, started, 3, -zt, zt, h.zeroCount());
    }
    int posCount = count(h.positiveSpans());
    if (posCount > 0) {
      int[] idx = new int[posCount];
      double[] cnt = new double[posCount];
      walk(h.positiveSpans(), h.positiveBuckets(), idx, cnt);
      for (int i = 0; i < posCount; i++) {
        double lower = bound(idx[i] - 1, h.schema(), h.customValues());
        double upper = bound(idx[i], h.schema(), h.customValues());
        int rule = rule(lower, upper, custom);
        if (!custom && lower < zt) {
          lower = zt;
        }
        bucket(g, started, rule, lower, upper, cnt[i]);
      }
    }
    if (started[0]) {
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void bucket(JsonGenerator g, boolean[] started, int rule, double lower,
      double upper, double count) throws IOException {
    if (count == 0) {
      return;
    }
    if (!started[0]) {
      g.writeFieldName("buckets");
      g.writeStartArray();
      started[0] = true;
    }
    g.writeStartArray();
    g.writeNumber(rule);
    g.writeString(JsonNumbers.sampleValue(lower));
    g.writeString(JsonNumbers.sampleValue(upper));
    g.writeString(JsonNumbers.sampleValue(count));
    g.writeEndArray();
  }

  private static int rule(double lower, double upper, boolean custom) {
    boolean lowerInclusive = custom ? lower == Double.NEGATIVE_INFINITY : lower < 0;
    boolean upperInclusive = custom || upper > 0;
    if (lowerInclusive) {
      return upperInclusive ? 3 : 1;
    }
    return upperInclusive ? 0 : 2;
  }

  private static int count(int[] spans) {
    int n = 0;
    if (spans != null) {
      for (int i = 1; i < spans.length; i += 2) {
        n += spans[i];
      }
    }
    return n;
  }

  /** Spans are (offset, length) pairs; the first offset is absolute, later ones are gaps. */
  private static void walk(int[] spans, double[] buckets, int[] idx, double[] cnt) {
    int k = 0;
    int index = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      index += spans[s];
      for (int j = 0; j < spans[s + 1]; j++) {
        idx[k] = index++;
        cnt[k] = buckets[k];
        k++;
      }
    }
  }

  /** Upper bound of bucket {@code idx} at {@code schema}, as Prometheus computes it. */
  static double bound(int idx, int schema, double[] customValues) {
    if (schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA) {
      if (idx < 0) {
        return Double.NEGATIVE_INFINITY;
      }
      return idx < customValues.length ? customValues[idx] : Double.POSITIVE_INFINITY;
    }
    if (schema < 0) {
      long exp = (long) idx << -schema;
      if (exp == 1024) {
        return Double.MAX_VALUE; // the last finite bucket; the next one counts ±Inf
      }
      return Math.scalb(1.0, (int) Math.max(Math.min(exp, 2000), -2000));
    }
    int fracIdx = idx & ((1 << schema) - 1);
    double frac = StrictMath.pow(2, (double) fracIdx / (1 << schema)) / 2;
    int exp = (idx >> schema) + 1;
    if (frac == 0.5 && exp == 1025) {
      return Double.MAX_VALUE;
    }
    return Math.scalb(frac, exp);
  }
}
