package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.value.HistogramBuckets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Arithmetic on native histograms as Prometheus defines it: sums and differences at the coarser of
 * the two schemas and the wider zero bucket, custom-bucket histograms reconciled to their common
 * bounds, results compacted (empty buckets dropped). A {@link Work} is a mutable, sparse working
 * copy; {@link FloatHistogram}s themselves are never modified. Not thread-safe per instance.
 */
final class HistogramMath {
  private HistogramMath() {}

  /** Outcome flags of {@link Work#add}. */
  static final int OK = 0;
  static final int INCOMPATIBLE_SCHEMA = 1;
  static final int RECONCILED = 2;

  static final class Work {
    CounterResetHint hint;
    int schema;
    double zeroThreshold;
    double zeroCount;
    double count;
    double sum;
    TreeMap<Integer, Double> pos = new TreeMap<>();
    TreeMap<Integer, Double> neg = new TreeMap<>();
    double[] customValues;

    static Work of(FloatHistogram h) {
      Work w = new Work();
      w.hint = h.counterResetHint();
      w.schema = h.schema();
      w.zeroThreshold = h.zeroThreshold();
      w.zeroCount = h.zeroCount();
      w.count = h.count();
      w.sum = h.sum();
      w.customValues = HistogramBuckets.customValues(h);
      fill(w.pos, h.positiveSpans(), h.positiveBuckets());
      fill(w.neg, h.negativeSpans(), h.negativeBuckets());
      return w;
    }

    /** An empty histogram with the layout of {@code h}. */
    static Work emptyLike(FloatHistogram h) {
      Work w = new Work();
      w.hint = CounterResetHint.UNKNOWN;
      w.schema = h.schema();
      w.customValues = HistogramBuckets.customValues(h);
      return w;
    }

    private static void fill(TreeMap<Integer, Double> m, int[] spans, double[] buckets) {
      if (buckets == null) {
        return;
      }
      int[] idx = HistogramBuckets.indices(spans, buckets.length);
      for (int k = 0; k < buckets.length; k++) {
        m.merge(idx[k], buckets[k], Double::sum);
      }
    }

    boolean usesCustom() {
      return schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    }

    /** Merges buckets down to the coarser {@code target} schema (no-op for custom buckets). */
    void reduceSchema(int target) {
      if (usesCustom() || target >= schema) {
        return;
      }
      int shift = schema - target;
      pos = remap(pos, shift);
      neg = remap(neg, shift);
      schema = target;
    }

    private static TreeMap<Integer, Double> remap(TreeMap<Integer, Double> m, int shift) {
      TreeMap<Integer, Double> out = new TreeMap<>();
      for (Map.Entry<Integer, Double> e : m.entrySet()) {
        out.merge(((e.getKey() - 1) >> shift) + 1, e.getValue(), Double::sum);
      }
      return out;
    }

    /**
     * Widens the zero bucket to at least {@code threshold}, absorbing the buckets it covers; a
     * populated bucket the new threshold cuts through widens it to that bucket's edge.
     */
    void widenZero(double threshold) {
      if (usesCustom() || threshold <= zeroThreshold) {
        return;
      }
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<Integer, Double> e : pos.entrySet()) {
          double lower = HistogramBuckets.bound(e.getKey() - 1, schema);
          double upper = HistogramBuckets.bound(e.getKey(), schema);
          if (lower >= threshold) {
            break;
          }
          if (upper > threshold && e.getValue() != 0) {
            threshold = upper;
            changed = true;
            break;
          }
        }
        for (Map.Entry<Integer, Double> e : neg.entrySet()) {
          double upperAbs = HistogramBuckets.bound(e.getKey(), schema);
          double lowerAbs = HistogramBuckets.bound(e.getKey() - 1, schema);
          if (lowerAbs >= threshold) {
            break;
          }
          if (upperAbs > threshold && e.getValue() != 0) {
            threshold = upperAbs;
            changed = true;
            break;
          }
        }
      }
      zeroCount += absorb(pos, threshold);
      zeroCount += absorb(neg, threshold);
      zeroThreshold = threshold;
    }

    private double absorb(TreeMap<Integer, Double> m, double threshold) {
      double absorbed = 0;
      var it = m.entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (HistogramBuckets.bound(e.getKey() - 1, schema) >= threshold) {
          break;
        }
        absorbed += e.getValue();
        it.remove();
      }
      return absorbed;
    }

    /** Re-buckets custom buckets onto {@code bounds}, a subset of the current bounds. */
    void rebucket(double[] bounds) {
      TreeMap<Integer, Double> out = new TreeMap<>();
      for (Map.Entry<Integer, Double> e : pos.entrySet()) {
        int i = e.getKey();
        double upper = i < customValues.length ? customValues[i] : Double.POSITIVE_INFINITY;
        int j = Arrays.binarySearch(bounds, upper);
        if (j < 0) {
          j = -j - 1;
        }
        out.merge(j, e.getValue(), Double::sum);
      }
      pos = out;
      customValues = bounds;
    }

    /**
     * Adds {@code sign * o}. Returns {@link #INCOMPATIBLE_SCHEMA} (and leaves this unchanged) when
     * one uses custom buckets and the other does not; {@link #RECONCILED} when custom bounds had
     * to be reduced to their common subset.
     */
    int add(Work o, double sign) {
      if (usesCustom() != o.usesCustom()) {
        return INCOMPATIBLE_SCHEMA;
      }
      int result = OK;
      if (usesCustom() && !Arrays.equals(customValues, o.customValues)) {
        double[] common = HistogramBuckets.intersect(customValues, o.customValues);
        rebucket(common);
        o = o.copy();
        o.rebucket(common);
        result = RECONCILED;
      }
      if (!usesCustom()) {
        boolean copied = result == RECONCILED;
        int target = Math.min(schema, o.schema);
        reduceSchema(target);
        if (o.schema > target) {
          o = o.copy();
          copied = true;
          o.reduceSchema(target);
        }
        while (o.zeroThreshold != zeroThreshold) {
          if (!copied) {
            o = o.copy();
            copied = true;
          }
          double zt = Math.max(zeroThreshold, o.zeroThreshold);
          widenZero(zt);
          o.widenZero(zt);
        }
      }
      zeroCount += sign * o.zeroCount;
      count += sign * o.count;
      sum += sign * o.sum;
      for (Map.Entry<Integer, Double> e : o.pos.entrySet()) {
        pos.merge(e.getKey(), sign * e.getValue(), Double::sum);
      }
      for (Map.Entry<Integer, Double> e : o.neg.entrySet()) {
        neg.merge(e.getKey(), sign * e.getValue(), Double::sum);
      }
      return result;
    }

    Work copy() {
      Work w = new Work();
      w.hint = hint;
      w.schema = schema;
      w.zeroThreshold = zeroThreshold;
      w.zeroCount = zeroCount;
      w.count = count;
      w.sum = sum;
      w.pos = new TreeMap<>(pos);
      w.neg = new TreeMap<>(neg);
      w.customValues = customValues;
      return w;
    }

    void scale(double f) {
      zeroCount *= f;
      count *= f;
      sum *= f;
      pos.replaceAll((k, v) -> v * f);
      neg.replaceAll((k, v) -> v * f);
    }

    /** The compacted histogram: buckets holding zero are dropped, runs become spans. */
    FloatHistogram build() {
      int[][] posSpans = new int[1][];
      double[] pb = compact(pos, posSpans);
      int[][] negSpans = new int[1][];
      double[] nb = compact(neg, negSpans);
      // No custom bounds (only the +Inf bucket) reads as none, as the test language writes it.
      return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, posSpans[0], pb,
          negSpans[0], nb, usesCustom() && customValues.length > 0 ? customValues : null);
    }

    private static double[] compact(TreeMap<Integer, Double> m, int[][] spansOut) {
      int n = 0;
      for (double v : m.values()) {
        if (v != 0) {
          n++;
        }
      }
      double[] b = new double[n];
      int[] spans = new int[2 * n];
      int s = 0;
      int k = 0;
      int prevEnd = 0;
      boolean first = true;
      for (Map.Entry<Integer, Double> e : m.entrySet()) {
        if (e.getValue() == 0) {
          continue;
        }
        int idx = e.getKey();
        if (!first && idx == prevEnd) {
          spans[s - 1]++;
        } else {
          spans[s++] = first ? idx : idx - prevEnd;
          spans[s++] = 1;
        }
        first = false;
        prevEnd = idx + 1;
        b[k++] = e.getValue();
      }
      spansOut[0] = Arrays.copyOf(spans, s);
      return b;
    }
  }

  /**
   * Whether {@code curr} follows a counter reset after {@code prev}: explicit hints win; else any
   * decrease (of the count, the zero bucket or any bucket once both are at a common layout,
   * custom buckets compared on their common bounds), a finer schema or a narrower zero bucket.
   */
  static boolean detectReset(FloatHistogram curr, FloatHistogram prev) {
    if (curr.counterResetHint() == CounterResetHint.COUNTER_RESET) {
      return true;
    }
    if (curr.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET) {
      return false;
    }
    if (curr.count() < prev.count()) {
      return true;
    }
    boolean cc = HistogramBuckets.usesCustom(curr);
    if (cc != HistogramBuckets.usesCustom(prev)) {
      return true;
    }
    if (cc) {
      // Different custom bounds are compared on the bounds both have.
      Work p = Work.of(prev);
      Work c = Work.of(curr);
      double[] cv = HistogramBuckets.customValues(curr);
      double[] pv = HistogramBuckets.customValues(prev);
      if (!Arrays.equals(cv, pv)) {
        double[] common = HistogramBuckets.intersect(cv, pv);
        p.rebucket(common);
        c.rebucket(common);
      }
      return decreased(p.pos, c.pos);
    }
    if (curr.schema() > prev.schema()) {
      return true;
    }
    if (curr.zeroThreshold() < prev.zeroThreshold()) {
      return true;
    }
    Work p = Work.of(prev);
    p.reduceSchema(curr.schema());
    p.widenZero(curr.zeroThreshold());
    if (p.zeroThreshold != curr.zeroThreshold()) {
      return true;
    }
    if (curr.zeroCount() < p.zeroCount) {
      return true;
    }
    Work c = Work.of(curr);
    return decreased(p.pos, c.pos) || decreased(p.neg, c.neg);
  }

  private static boolean decreased(TreeMap<Integer, Double> prev, TreeMap<Integer, Double> curr) {
    for (Map.Entry<Integer, Double> e : prev.entrySet()) {
      if (curr.getOrDefault(e.getKey(), 0.0) < e.getValue()) {
        return true;
      }
    }
    return false;
  }

  /** Equality of value (layouts may differ by empty buckets); sums compare bit for bit. */
  static boolean equal(FloatHistogram a, FloatHistogram b) {
    if (a.schema() != b.schema() || a.zeroThreshold() != b.zeroThreshold()
        || a.zeroCount() != b.zeroCount() || a.count() != b.count()
        || Double.doubleToLongBits(a.sum()) != Double.doubleToLongBits(b.sum())) {
      return false;
    }
    if (HistogramBuckets.usesCustom(a)
        && !Arrays.equals(HistogramBuckets.customValues(a), HistogramBuckets.customValues(b))) {
      return false;
    }
    Work wa = Work.of(a);
    Work wb = Work.of(b);
    wa.pos.values().removeIf(v -> v == 0);
    wb.pos.values().removeIf(v -> v == 0);
    wa.neg.values().removeIf(v -> v == 0);
    wb.neg.values().removeIf(v -> v == 0);
    return wa.pos.equals(wb.pos) && wa.neg.equals(wb.neg);
  }
}
