package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.value.HistogramBuckets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The native-histogram arithmetic the operators need (scaling, adding, subtracting, exact
 * equality), with Prometheus's results: buckets are compacted afterwards (no empty buckets),
 * exponential histograms are added at the coarser of the two schemas. Stateless; inputs are never
 * modified.
 */
final class HistogramMath {
  private HistogramMath() {}

  /** Thrown when two histograms cannot be combined (exponential with custom buckets). */
  static final class IncompatibleException extends RuntimeException {
    IncompatibleException(String message) {
      super(message, null, false, false);
    }
  }

  static boolean isCustom(FloatHistogram h) {
    return h.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
  }

  static FloatHistogram scale(FloatHistogram h, double factor, boolean divide) {
    if (divide && factor == 0) {
      // Prometheus: division by zero removes all buckets.
      return new FloatHistogram(h.counterResetHint(), h.schema(), h.zeroThreshold(),
          h.zeroCount() / factor, h.count() / factor, h.sum() / factor, new int[0],
          new double[0], new int[0], new double[0], h.customValues());
    }
    double[] pos = h.positiveBuckets().clone();
    double[] neg = h.negativeBuckets().clone();
    for (int i = 0; i < pos.length; i++) {
      pos[i] = divide ? pos[i] / factor : pos[i] * factor;
    }
    for (int i = 0; i < neg.length; i++) {
      neg[i] = divide ? neg[i] / factor : neg[i] * factor;
    }
    FloatHistogram r = new FloatHistogram(h.counterResetHint(), h.schema(), h.zeroThreshold(),
        divide ? h.zeroCount() / factor : h.zeroCount() * factor,
        divide ? h.count() / factor : h.count() * factor,
        divide ? h.sum() / factor : h.sum() * factor,
        h.positiveSpans(), pos, h.negativeSpans(), neg, h.customValues());
    return compact(r);
  }

  /** {@code a + b} ({@code negate} false) or {@code a - b}; the counter-reset hints combine. */
  static FloatHistogram add(FloatHistogram a, FloatHistogram b, boolean negate) {
    if (isCustom(a) != isCustom(b)) {
      throw new IncompatibleException("histograms have incompatible schemas");
    }
    double[] bounds = isCustom(a) ? a.customValues() : null;
    if (boundsDiffer(a, b)) {
      bounds = HistogramBuckets.intersect(a.customValues(), b.customValues());
    }
    double sign = negate ? -1 : 1;
    int schema = Math.min(a.schema(), b.schema());
    double zeroThreshold = isCustom(a) ? a.zeroThreshold() : commonZeroThreshold(a, b);
    TreeMap<Integer, Double> pos = new TreeMap<>();
    TreeMap<Integer, Double> neg = new TreeMap<>();
    double[] zero = {0};
    spread(a, schema, zeroThreshold, 1, pos, neg, zero, bounds);
    spread(b, schema, zeroThreshold, sign, pos, neg, zero, bounds);
    CounterResetHint hint = combinedHint(a, b);
    return compact(new FloatHistogram(hint, schema, zeroThreshold, zero[0],
        a.count() + sign * b.count(), a.sum() + sign * b.sum(),
        spansOf(pos), valuesOf(pos), spansOf(neg), valuesOf(neg), bounds));
  }

  /**
   * True for two custom-bucket histograms with different bounds: {@link #add} then adds them in
   * the layout of the bounds both have, and Prometheus reports that with an info annotation.
   */
  static boolean boundsDiffer(FloatHistogram a, FloatHistogram b) {
    return isCustom(a) && isCustom(b) && !Arrays.equals(a.customValues(), b.customValues());
  }

  /** The bucket of the common {@code bounds} that custom bucket {@code idx} of {@code h} falls in. */
  private static int customTarget(FloatHistogram h, int idx, double[] bounds) {
    double[] cv = h.customValues();
    if (bounds == cv || Arrays.equals(bounds, cv)) {
      return idx;
    }
    double upper = idx < cv.length ? cv[idx] : Double.POSITIVE_INFINITY;
    int j = 0;
    while (j < bounds.length && bounds[j] < upper) {
      j++;
    }
    return j;
  }

  /**
   * The zero threshold both histograms can be expressed with: the larger one, raised to the
   * upper bound of any populated bucket it would cut in two (Prometheus's reconciliation).
   */
  static double commonZeroThreshold(FloatHistogram a, FloatHistogram b) {
    double t = Math.max(a.zeroThreshold(), b.zeroThreshold());
    while (true) {
      double t2 = raisedThreshold(b, raisedThreshold(a, t));
      if (t2 == t) {
        return t;
      }
      t = t2;
    }
  }

  /** {@code t}, or the bound of the populated bucket of {@code h} it falls within. */
  private static double raisedThreshold(FloatHistogram h, double t) {
    double[] out = {t};
    forEachBucket(h.positiveSpans(), h.positiveBuckets(), (idx, c) -> {
      double lower = HistogramBuckets.bound(idx - 1, h.schema());
      double upper = HistogramBuckets.bound(idx, h.schema());
      if (lower < out[0] && upper > out[0] && c != 0) {
        out[0] = upper;
      }
    });
    forEachBucket(h.negativeSpans(), h.negativeBuckets(), (idx, c) -> {
      double lower = HistogramBuckets.bound(idx - 1, h.schema());
      double upper = HistogramBuckets.bound(idx, h.schema());
      if (lower < out[0] && upper > out[0] && c != 0) {
        out[0] = upper;
      }
    });
    return out[0];
  }

  private interface BucketVisitor {
    void visit(int index, double count);
  }

  private static void forEachBucket(int[] spans, double[] buckets, BucketVisitor v) {
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < buckets.length; k++, b++, idx++) {
        v.visit(idx, buckets[b]);
      }
    }
  }

  /** True when both hints are set to the two counter-reset kinds at once. */
  static boolean hintCollision(FloatHistogram a, FloatHistogram b) {
    return (a.counterResetHint() == CounterResetHint.COUNTER_RESET
            && b.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET)
        || (a.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET
            && b.counterResetHint() == CounterResetHint.COUNTER_RESET);
  }

  private static CounterResetHint combinedHint(FloatHistogram a, FloatHistogram b) {
    CounterResetHint x = a.counterResetHint();
    CounterResetHint y = b.counterResetHint();
    if (x == y || x == CounterResetHint.GAUGE) {
      return x;
    }
    if (y == CounterResetHint.GAUGE) {
      return CounterResetHint.GAUGE;
    }
    return CounterResetHint.UNKNOWN;
  }

  private static void spread(FloatHistogram h, int schema, double zeroThreshold, double sign,
      TreeMap<Integer, Double> pos, TreeMap<Integer, Double> neg, double[] zero,
      double[] bounds) {
    zero[0] += sign * h.zeroCount();
    int delta = h.schema() - schema;
    boolean widened = zeroThreshold > h.zeroThreshold();
    walk(h.positiveSpans(), h.positiveBuckets(), delta, h, zeroThreshold, widened, sign, pos, zero,
        bounds);
    walk(h.negativeSpans(), h.negativeBuckets(), delta, h, zeroThreshold, widened, sign, neg, zero,
        bounds);
  }

  private static void walk(int[] spans, double[] buckets, int delta, FloatHistogram h,
      double zeroThreshold, boolean widened, double sign, TreeMap<Integer, Double> into,
      double[] zero, double[] bounds) {
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < buckets.length; k++, b++, idx++) {
        double c = buckets[b] * sign;
        if (widened && !isCustom(h) && lowerBound(idx, h.schema()) < zeroThreshold) {
          zero[0] += c;
          continue;
        }
        int target = isCustom(h) ? customTarget(h, idx, bounds)
            : delta == 0 ? idx : ((idx - 1) >> delta) + 1;
        into.merge(target, c, Double::sum);
      }
    }
  }

  private static double lowerBound(int idx, int schema) {
    return HistogramBuckets.bound(idx - 1, schema);
  }

  static int[] spansOf(TreeMap<Integer, Double> m) {
    int[] out = new int[m.size() * 2];
    int n = 0;
    int prevEnd = 0;
    boolean first = true;
    for (Map.Entry<Integer, Double> e : m.entrySet()) {
      int idx = e.getKey();
      if (!first && idx == prevEnd) {
        out[n - 1]++;
      } else {
        out[n++] = first ? idx : idx - prevEnd;
        out[n++] = 1;
      }
      prevEnd = idx + 1;
      first = false;
    }
    return Arrays.copyOf(out, n);
  }

  static double[] valuesOf(TreeMap<Integer, Double> m) {
    double[] out = new double[m.size()];
    int i = 0;
    for (double v : m.values()) {
      out[i++] = v;
    }
    return out;
  }

  /** Removes empty buckets, merging spans, as Prometheus's {@code Compact(0)}. */
  static FloatHistogram compact(FloatHistogram h) {
    TreeMap<Integer, Double> pos = expand(h.positiveSpans(), h.positiveBuckets());
    TreeMap<Integer, Double> neg = expand(h.negativeSpans(), h.negativeBuckets());
    return new FloatHistogram(h.counterResetHint(), h.schema(), h.zeroThreshold(),
        h.zeroCount(), h.count(), h.sum(), spansOf(pos), valuesOf(pos), spansOf(neg),
        valuesOf(neg), h.customValues());
  }

  private static TreeMap<Integer, Double> expand(int[] spans, double[] buckets) {
    TreeMap<Integer, Double> m = new TreeMap<>();
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < buckets.length; k++, b++, idx++) {
        if (buckets[b] != 0) {
          m.put(idx, buckets[b]);
        }
      }
    }
    return m;
  }

  /**
   * Prometheus's {@code FloatHistogram.Equals}: same schema, thresholds, bucket layout and values
   * (sums and counts compared by bit pattern); the counter-reset hint is not compared.
   */
  static boolean equal(FloatHistogram a, FloatHistogram b) {
    if (a.schema() != b.schema()
        || Double.doubleToLongBits(a.count()) != Double.doubleToLongBits(b.count())
        || Double.doubleToLongBits(a.sum()) != Double.doubleToLongBits(b.sum())) {
      return false;
    }
    if (isCustom(a)) {
      if (!Arrays.equals(a.customValues(), b.customValues())) {
        return false;
      }
    } else if (a.zeroThreshold() != b.zeroThreshold()
        || Double.doubleToLongBits(a.zeroCount()) != Double.doubleToLongBits(b.zeroCount())) {
      return false;
    }
    return layoutEqual(a.positiveSpans(), a.positiveBuckets(), b.positiveSpans(),
        b.positiveBuckets())
        && layoutEqual(a.negativeSpans(), a.negativeBuckets(), b.negativeSpans(),
        b.negativeBuckets());
  }

  private static boolean layoutEqual(int[] sa, double[] ba, int[] sb, double[] bb) {
    if (ba.length != bb.length) {
      return false;
    }
    int[] ia = indexes(sa, ba.length);
    int[] ib = indexes(sb, bb.length);
    for (int i = 0; i < ba.length; i++) {
      if (ia[i] != ib[i] || Double.doubleToLongBits(ba[i]) != Double.doubleToLongBits(bb[i])) {
        return false;
      }
    }
    return true;
  }

  private static int[] indexes(int[] spans, int n) {
    int[] out = new int[n];
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < n; k++, b++, idx++) {
        out[b] = idx;
      }
    }
    return out;
  }

  static FloatHistogram withHint(FloatHistogram h, CounterResetHint hint) {
    return new FloatHistogram(hint, h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(),
        h.sum(), h.positiveSpans(), h.positiveBuckets(), h.negativeSpans(), h.negativeBuckets(),
        h.customValues());
  }

  /** The largest magnitude among the counts, sum and buckets of {@code h}. */
  static double maxAbs(FloatHistogram h) {
    double m = Math.max(Math.abs(h.count()), Math.max(Math.abs(h.sum()), Math.abs(h.zeroCount())));
    for (double v : h.positiveBuckets()) {
      m = Math.max(m, Math.abs(v));
    }
    for (double v : h.negativeBuckets()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
