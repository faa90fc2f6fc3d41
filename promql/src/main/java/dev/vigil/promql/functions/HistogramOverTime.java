package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.value.HistogramBuckets;
import dev.vigil.promql.value.KahanSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * sum_over_time and avg_over_time over windows of native histograms only. The histograms are
 * first brought to one layout (the coarsest schema, the widest zero bucket, the common custom
 * bounds); then every field (count, sum, zero bucket, each bucket) is summed with Kahan
 * compensation, and the mean switches to incremental form once a direct sum would overflow, as
 * for floats. Counter-reset hints combine as Prometheus combines them (any gauge makes a gauge,
 * unknown wins over not_reset), and reset/not_reset together earn the collision warning.
 * Stateless.
 */
final class HistogramOverTime {
  private HistogramOverTime() {}

  static boolean sum(RangeWindow w) {
    Aligned a = align(w);
    if (a == null) {
      return false;
    }
    int dims = a.vectors[0].length;
    double[] out = new double[dims];
    KahanSum k = new KahanSum();
    for (int d = 0; d < dims; d++) {
      k.reset();
      for (double[] v : a.vectors) {
        k.add(v[d]);
      }
      out[d] = Double.isInfinite(k.sum) ? k.sum : k.sum + k.c;
    }
    return a.emit(w, out);
  }

  static boolean avg(RangeWindow w) {
    Aligned a = align(w);
    if (a == null) {
      return false;
    }
    double[][] v = a.vectors;
    int dims = v[0].length;
    double[] sum = v[0].clone();
    double[] c = new double[dims];
    double[] mean = new double[dims];
    double[] newSum = new double[dims];
    double[] newC = new double[dims];
    boolean incremental = false;
    double count = 1;
    KahanSum k = new KahanSum();
    for (int j = 1; j < v.length; j++) {
      count = j + 1;
      if (!incremental) {
        boolean overflow = false;
        for (int d = 0; d < dims; d++) {
          k.sum = sum[d];
          k.c = c[d];
          k.add(v[j][d]);
          newSum[d] = k.sum;
          newC[d] = k.c;
          overflow |= Double.isInfinite(k.sum);
        }
        if (!overflow) {
          System.arraycopy(newSum, 0, sum, 0, dims);
          System.arraycopy(newC, 0, c, 0, dims);
          continue;
        }
        // The direct sum would overflow: carry on with an incremental mean.
        incremental = true;
        for (int d = 0; d < dims; d++) {
          mean[d] = sum[d] / (count - 1);
          c[d] /= (count - 1);
        }
      }
      double q = (count - 1) / count;
      for (int d = 0; d < dims; d++) {
        k.sum = q * mean[d];
        k.c = q * c[d];
        k.add(v[j][d] / count);
        mean[d] = k.sum;
        c[d] = k.c;
      }
    }
    double[] out = new double[dims];
    for (int d = 0; d < dims; d++) {
      out[d] = incremental ? mean[d] + c[d] : sum[d] / count + c[d] / count;
    }
    return a.emit(w, out);
  }

  /** The window's histograms at one layout, flattened to vectors of the same dimensions. */
  private static final class Aligned {
    HistogramMath.Work layout;
    double[][] vectors;
    int[] posKeys;
    int[] negKeys;
    CounterResetHint hint;

    /** Writes the result vector back as a histogram into the window. */
    boolean emit(RangeWindow w, double[] out) {
      HistogramMath.Work r = layout.copy();
      r.count = out[0];
      r.sum = out[1];
      r.zeroCount = out[2];
      r.pos = new TreeMap<>();
      r.neg = new TreeMap<>();
      for (int i = 0; i < posKeys.length; i++) {
        r.pos.put(posKeys[i], out[3 + i]);
      }
      for (int i = 0; i < negKeys.length; i++) {
        r.neg.put(negKeys[i], out[3 + posKeys.length + i]);
      }
      r.hint = hint;
      w.outHistogram = r.build();
      w.outValue = 0;
      return true;
    }
  }

  /** Null (with the warning) when exponential and custom-bucket histograms are mixed. */
  private static Aligned align(RangeWindow w) {
    FloatHistogram[] h = w.h;
    int n = w.to - w.from;
    List<HistogramMath.Work> works = new ArrayList<>(n);
    boolean custom = HistogramBuckets.usesCustom(h[w.from]);
    boolean reset = false;
    boolean notReset = false;
    CounterResetHint hint = h[w.from].counterResetHint();
    for (int i = w.from; i < w.to; i++) {
      if (HistogramBuckets.usesCustom(h[i]) != custom) {
        AnnotationText.mixedExponentialCustom(w.ctx, w.metricName(), w.argPos);
        return null;
      }
      CounterResetHint o = h[i].counterResetHint();
      reset |= o == CounterResetHint.COUNTER_RESET;
      notReset |= o == CounterResetHint.NOT_COUNTER_RESET;
      hint = combine(hint, o);
      works.add(HistogramMath.Work.of(h[i]));
    }
    if (reset && notReset) {
      AnnotationText.counterResetCollision(w.ctx, w.argPos);
    }
    if (custom) {
      double[] common = works.get(0).customValues;
      boolean reconciled = false;
      for (HistogramMath.Work x : works) {
        if (!java.util.Arrays.equals(common, x.customValues)) {
          common = HistogramBuckets.intersect(common, x.customValues);
          reconciled = true;
        }
      }
      if (reconciled) {
        for (HistogramMath.Work x : works) {
          if (!java.util.Arrays.equals(common, x.customValues)) {
            x.rebucket(common);
          }
        }
        AnnotationText.reconciledCustomBuckets(w.ctx, "aggregation", w.argPos);
      }
    } else {
      int schema = Integer.MAX_VALUE;
      for (HistogramMath.Work x : works) {
        schema = Math.min(schema, x.schema);
      }
      double zt = 0;
      for (HistogramMath.Work x : works) {
        x.reduceSchema(schema);
        zt = Math.max(zt, x.zeroThreshold);
      }
      boolean changed = true;
      while (changed) { // widening can overshoot to a bucket edge: repeat until all agree
        changed = false;
        for (HistogramMath.Work x : works) {
          x.widenZero(zt);
          if (x.zeroThreshold > zt) {
            zt = x.zeroThreshold;
            changed = true;
          }
        }
      }
    }
    TreeMap<Integer, Integer> pos = new TreeMap<>();
    TreeMap<Integer, Integer> neg = new TreeMap<>();
    for (HistogramMath.Work x : works) {
      x.pos.keySet().forEach(key -> pos.put(key, 0));
      x.neg.keySet().forEach(key -> neg.put(key, 0));
    }
    Aligned a = new Aligned();
    a.layout = works.get(0);
    a.hint = hint;
    a.posKeys = index(pos);
    a.negKeys = index(neg);
    a.vectors = new double[n][3 + pos.size() + neg.size()];
    for (int j = 0; j < n; j++) {
      HistogramMath.Work x = works.get(j);
      double[] v = a.vectors[j];
      v[0] = x.count;
      v[1] = x.sum;
      v[2] = x.zeroCount;
      for (Map.Entry<Integer, Double> e : x.pos.entrySet()) {
        v[3 + pos.get(e.getKey())] = e.getValue();
      }
      for (Map.Entry<Integer, Double> e : x.neg.entrySet()) {
        v[3 + a.posKeys.length + neg.get(e.getKey())] = e.getValue();
      }
    }
    return a;
  }

  /** Numbers the keys in order and returns them. */
  private static int[] index(TreeMap<Integer, Integer> keys) {
    int[] out = new int[keys.size()];
    int i = 0;
    for (Map.Entry<Integer, Integer> e : keys.entrySet()) {
      e.setValue(i);
      out[i++] = e.getKey();
    }
    return out;
  }

  /** The hint of a sum of histograms with hints {@code a} and {@code b}. */
  static CounterResetHint combine(CounterResetHint a, CounterResetHint b) {
    if (a == b || a == CounterResetHint.GAUGE) {
      return a;
    }
    if (b == CounterResetHint.GAUGE) {
      return b;
    }
    return CounterResetHint.UNKNOWN; // unknown wins; reset with not_reset is a collision
  }
}
