package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.value.HistogramBuckets;
import dev.vigil.promql.value.KahanSum;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A running sum (or mean) of native histograms with a Kahan–Neumaier compensation term per
 * field and per bucket, as Prometheus's {@code sum}/{@code avg} aggregations keep it, so that
 * {@code 3.1 + 1e100 - 1e100 + 1.3} sums to 4.4 in every bucket as in the float case. Schemas,
 * zero thresholds and custom bounds are reconciled as {@link HistogramMath#add} does. Not
 * thread-safe; one per group and step.
 */
final class HistogramAccumulator {
  private int schema;
  private double zeroThreshold;
  private double[] customValues;
  private CounterResetHint hint;
  private final double[] count = new double[2];
  private final double[] sum = new double[2];
  private final double[] zero = new double[2];
  private TreeMap<Integer, double[]> pos = new TreeMap<>();
  private TreeMap<Integer, double[]> neg = new TreeMap<>();

  HistogramAccumulator(FloatHistogram first) {
    schema = first.schema();
    zeroThreshold = first.zeroThreshold();
    customValues = first.customValues();
    hint = first.counterResetHint();
    count[0] = first.count();
    sum[0] = first.sum();
    zero[0] = first.zeroCount();
    load(first.positiveSpans(), first.positiveBuckets(), pos, 1);
    load(first.negativeSpans(), first.negativeBuckets(), neg, 1);
  }

  private HistogramAccumulator(HistogramAccumulator o) {
    schema = o.schema;
    zeroThreshold = o.zeroThreshold;
    customValues = o.customValues;
    hint = o.hint;
    System.arraycopy(o.count, 0, count, 0, 2);
    System.arraycopy(o.sum, 0, sum, 0, 2);
    System.arraycopy(o.zero, 0, zero, 0, 2);
    pos = deepCopy(o.pos);
    neg = deepCopy(o.neg);
  }

  HistogramAccumulator copy() {
    return new HistogramAccumulator(this);
  }

  private static TreeMap<Integer, double[]> deepCopy(TreeMap<Integer, double[]> m) {
    TreeMap<Integer, double[]> c = new TreeMap<>();
    m.forEach((k, v) -> c.put(k, v.clone()));
    return c;
  }

  private static void load(int[] spans, double[] buckets, TreeMap<Integer, double[]> into,
      double divisor) {
    int idx = 0;
    int b = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int k = 0; k < spans[s + 1] && b < buckets.length; k++, b++, idx++) {
        inc(into.computeIfAbsent(idx, x -> new double[2]), buckets[b] / divisor);
      }
    }
  }

  private static void inc(double[] cell, double v) {
    double[] c = {cell[1]};
    cell[0] = KahanSum.add(v, cell[0], c, 0);
    cell[1] = c[0];
  }

  /** Adds {@code h / divisor}; false when {@code h} cannot be combined with the sum. */
  boolean add(FloatHistogram h, double divisor) {
    boolean custom = customValues != null || schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    if (custom != HistogramMath.isCustom(h)) {
      return false;
    }
    hint = combine(hint, h.counterResetHint());
    inc(count, h.count() / divisor);
    inc(sum, h.sum() / divisor);
    if (custom) {
      if (!Arrays.equals(customValues, h.customValues())) {
        double[] common = HistogramBuckets.intersect(customValues, h.customValues());
        pos = remapCustom(pos, customValues, common);
        customValues = common;
      }
      TreeMap<Integer, double[]> other = new TreeMap<>();
      load(h.positiveSpans(), h.positiveBuckets(), other, divisor);
      merge(remapCustom(other, h.customValues(), customValues), pos);
      return true;
    }
    if (h.schema() < schema) {
      pos = reduce(pos, schema - h.schema());
      neg = reduce(neg, schema - h.schema());
      schema = h.schema();
    }
    double t = HistogramMath.commonZeroThreshold(snapshot(), h);
    if (t > zeroThreshold) {
      swallow(pos, t);
      swallow(neg, t);
      zeroThreshold = t;
    }
    inc(zero, h.zeroCount() / divisor);
    TreeMap<Integer, double[]> p = new TreeMap<>();
    TreeMap<Integer, double[]> n = new TreeMap<>();
    load(h.positiveSpans(), h.positiveBuckets(), p, divisor);
    load(h.negativeSpans(), h.negativeBuckets(), n, divisor);
    int delta = h.schema() - schema;
    boolean widened = t > h.zeroThreshold();
    for (boolean positive : new boolean[] {true, false}) {
      TreeMap<Integer, double[]> src = positive ? p : n;
      TreeMap<Integer, double[]> dst = positive ? pos : neg;
      for (Map.Entry<Integer, double[]> e : src.entrySet()) {
        int idx = e.getKey();
        double v = e.getValue()[0];
        if (widened && HistogramBuckets.bound(idx - 1, h.schema()) < t) {
          inc(zero, v);
          continue;
        }
        int target = delta == 0 ? idx : ((idx - 1) >> delta) + 1;
        inc(dst.computeIfAbsent(target, x -> new double[2]), v);
      }
    }
    return true;
  }

  /** True for custom buckets whose bounds differ from those of {@code h}. */
  boolean boundsDiffer(FloatHistogram h) {
    return customValues != null && HistogramMath.isCustom(h)
        && !Arrays.equals(customValues, h.customValues());
  }

  /** True when adding {@code h} could overflow some field (a cheap, conservative test). */
  boolean mightOverflow(FloatHistogram h) {
    return Double.isInfinite(maxAbs() + HistogramMath.maxAbs(h));
  }

  private double maxAbs() {
    double m = Math.max(Math.abs(count[0]), Math.max(Math.abs(sum[0]), Math.abs(zero[0])));
    for (double[] c : pos.values()) {
      m = Math.max(m, Math.abs(c[0]));
    }
    for (double[] c : neg.values()) {
      m = Math.max(m, Math.abs(c[0]));
    }
    return m;
  }

  /** Multiplies every field and its compensation by {@code f} (for the incremental mean). */
  void scale(double f) {
    count[0] *= f;
    count[1] *= f;
    sum[0] *= f;
    sum[1] *= f;
    zero[0] *= f;
    zero[1] *= f;
    for (double[] c : pos.values()) {
      c[0] *= f;
      c[1] *= f;
    }
    for (double[] c : neg.values()) {
      c[0] *= f;
      c[1] *= f;
    }
  }

  /** True when some field or bucket has become infinite. */
  boolean overflowed() {
    if (Double.isInfinite(count[0]) || Double.isInfinite(sum[0])
        || Double.isInfinite(zero[0])) {
      return true;
    }
    for (double[] c : pos.values()) {
      if (Double.isInfinite(c[0])) {
        return true;
      }
    }
    for (double[] c : neg.values()) {
      if (Double.isInfinite(c[0])) {
        return true;
      }
    }
    return false;
  }

  /** The compensated value of every field divided by {@code divisor}, compacted. */
  FloatHistogram result(double divisor) {
    TreeMap<Integer, Double> p = new TreeMap<>();
    TreeMap<Integer, Double> n = new TreeMap<>();
    pos.forEach((k, c) -> p.put(k, value(c, divisor)));
    neg.forEach((k, c) -> n.put(k, value(c, divisor)));
    return HistogramMath.compact(new FloatHistogram(hint, schema, zeroThreshold,
        value(zero, divisor), value(count, divisor), value(sum, divisor),
        HistogramMath.spansOf(p), HistogramMath.valuesOf(p), HistogramMath.spansOf(n),
        HistogramMath.valuesOf(n), customValues));
  }

  private static double value(double[] c, double divisor) {
    if (divisor == 1) {
      return c[0] + c[1];
    }
    return c[0] / divisor + c[1] / divisor;
  }

  private FloatHistogram snapshot() {
    return result(1);
  }

  private static CounterResetHint combine(CounterResetHint x, CounterResetHint y) {
    if (x == y || x == CounterResetHint.GAUGE) {
      return x;
    }
    if (y == CounterResetHint.GAUGE) {
      return CounterResetHint.GAUGE;
    }
    return CounterResetHint.UNKNOWN;
  }

  private static void merge(TreeMap<Integer, double[]> src, TreeMap<Integer, double[]> dst) {
    for (Map.Entry<Integer, double[]> e : src.entrySet()) {
      double[] d = dst.computeIfAbsent(e.getKey(), x -> new double[2]);
      inc(d, e.getValue()[0]);
      d[1] += e.getValue()[1];
    }
  }

  private static TreeMap<Integer, double[]> reduce(TreeMap<Integer, double[]> m, int delta) {
    TreeMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : m.entrySet()) {
      int target = ((e.getKey() - 1) >> delta) + 1;
      double[] d = out.computeIfAbsent(target, x -> new double[2]);
      inc(d, e.getValue()[0]);
      d[1] += e.getValue()[1];
    }
    return out;
  }

  private static TreeMap<Integer, double[]> remapCustom(TreeMap<Integer, double[]> m,
      double[] from, double[] to) {
    if (Arrays.equals(from, to)) {
      return m;
    }
    TreeMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : m.entrySet()) {
      int idx = e.getKey();
      double upper = idx < from.length ? from[idx] : Double.POSITIVE_INFINITY;
      int j = 0;
      while (j < to.length && to[j] < upper) {
        j++;
      }
      double[] d = out.computeIfAbsent(j, x -> new double[2]);
      inc(d, e.getValue()[0]);
      d[1] += e.getValue()[1];
    }
    return out;
  }

  /** Moves the buckets whose lower bound is below {@code t} into the zero bucket. */
  private void swallow(TreeMap<Integer, double[]> m, double t) {
    var it = m.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, double[]> e = it.next();
      if (HistogramBuckets.bound(e.getKey() - 1, schema) < t) {
        inc(zero, e.getValue()[0]);
        zero[1] += e.getValue()[1];
        it.remove();
      }
    }
  }
}
