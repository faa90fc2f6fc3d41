package dev.vigil.server.query;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.value.HistogramBuckets;
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

  static void write(JsonBytes j, FloatHistogram h) throws IOException {
    j.raw("{\"count\":").sampleValue(h.count()).raw(",\"sum\":").sampleValue(h.sum());
    boolean custom = HistogramBuckets.usesCustom(h);
    double zt = h.zeroThreshold();
    HistogramBuckets.Ascending b = HistogramBuckets.ascending(h);
    boolean started = false;
    for (int i = 0; i < b.size(); i++) {
      if (b.count()[i] == 0) {
        continue;
      }
      j.raw(started ? ",[" : ",\"buckets\":[[");
      started = true;
      double lo = b.lower()[i];
      double up = b.upper()[i];
      int rule;
      if (b.isZero(i)) {
        rule = 3;
      } else {
        // The rule follows the bucket's own bounds; the zero bucket then cuts into its neighbours.
        rule = rule(lo, up, custom);
        if (b.isNegative(i) && up > -zt) {
          up = -zt;
        } else if (!b.isNegative(i) && !custom && lo < zt) {
          lo = zt;
        }
      }
      j.number(rule).ch(',').sampleValue(lo).ch(',').sampleValue(up).ch(',')
          .sampleValue(b.count()[i]).ch(']');
    }
    if (started) {
      j.ch(']');
    }
    j.ch('}');
  }

  private static int rule(double lower, double upper, boolean custom) {
    boolean lowerInclusive = custom ? lower == Double.NEGATIVE_INFINITY : lower < 0;
    boolean upperInclusive = custom || upper > 0;
    if (lowerInclusive) {
      return upperInclusive ? 3 : 1;
    }
    return upperInclusive ? 0 : 2;
  }
}
