package dev.vigil.promql.value;

import dev.vigil.model.FloatHistogram;
import java.util.Arrays;

/**
 * Bucket boundaries and iteration of native histograms: exponential buckets (bucket {@code i} of
 * schema {@code s} covers {@code (2^((i-1)/2^s), 2^(i/2^s)]}), the zero bucket and custom buckets
 * (schema -53, upper bounds in {@code customValues}). Spans are flat {@code (offset, length)}
 * pairs; the first offset is the absolute index of the first bucket, later ones the gap after the
 * previous span. Stateless and thread-safe.
 */
public final class HistogramBuckets {
  private HistogramBuckets() {}

  public static boolean usesCustom(FloatHistogram h) {
    return h.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
  }

  /** Upper bound of exponential bucket {@code idx} at {@code schema}. */
  public static double bound(int idx, int schema) {
    if (schema < 0) {
      long exp = (long) idx << -schema;
      if (exp == 1024) {
        return Double.MAX_VALUE; // the last finite bucket; the next one counts ±Inf
      }
      return Math.scalb(1.0, (int) Math.max(Math.min(exp, 2000), -2000));
    }
    int fracIdx = idx & ((1 << schema) - 1);
    double frac = Math.pow(2, (double) fracIdx / (1 << schema)) / 2;
    int exp = (idx >> schema) + 1;
    if (frac == 0.5 && exp == 1025) {
      return Double.MAX_VALUE;
    }
    return Math.scalb(frac, exp);
  }

  /** The custom bounds of {@code h}, empty (never null) when it has none. */
  public static double[] customValues(FloatHistogram h) {
    return h.customValues() == null ? NONE : h.customValues();
  }

  private static final double[] NONE = new double[0];

  /** Upper bound of custom bucket {@code idx}. */
  public static double customUpper(FloatHistogram h, int idx) {
    double[] cv = customValues(h);
    return idx < cv.length ? cv[idx] : Double.POSITIVE_INFINITY;
  }

  public static double customLower(FloatHistogram h, int idx) {
    return idx == 0 ? Double.NEGATIVE_INFINITY : customValues(h)[idx - 1];
  }

  /**
   * Every bucket in ascending order of value: negative buckets from the most negative, the zero
   * bucket when it holds observations, positive buckets. Empty buckets inside spans are included.
   */
  public static int all(FloatHistogram h, double[] lower, double[] upper, double[] count) {
    int n = 0;
    int[] ns = h.negativeSpans();
    double[] nb = h.negativeBuckets();
    if (nb != null && nb.length > 0) {
      int[] idx = indices(ns, nb.length);
      for (int k = nb.length - 1; k >= 0; k--) {
        lower[n] = -bound(idx[k], h.schema());
        upper[n] = -bound(idx[k] - 1, h.schema());
        count[n++] = nb[k];
      }
    }
    if (h.zeroCount() > 0) {
      lower[n] = -h.zeroThreshold();
      upper[n] = h.zeroThreshold();
      count[n++] = h.zeroCount();
    }
    double[] pb = h.positiveBuckets();
    if (pb != null && pb.length > 0) {
      int[] idx = indices(h.positiveSpans(), pb.length);
      boolean custom = usesCustom(h);
      for (int k = 0; k < pb.length; k++) {
        if (custom) {
          lower[n] = customLower(h, idx[k]);
          upper[n] = customUpper(h, idx[k]);
        } else {
          lower[n] = bound(idx[k] - 1, h.schema());
          upper[n] = bound(idx[k], h.schema());
        }
        count[n++] = pb[k];
      }
    }
    return n;
  }

  /**
   * The buckets of one histogram as {@link #all} lists them, and which of them are negative
   * ({@code [0, negatives)}) and which is the zero bucket ({@code zero}, -1 when it is left out).
   */
  public record Ascending(double[] lower, double[] upper, double[] count, int size, int negatives,
      int zero) {
    public boolean isNegative(int i) {
      return i < negatives;
    }

    public boolean isZero(int i) {
      return i == zero;
    }
  }

  /** The buckets of {@code h} in ascending order (see {@link #all}). */
  public static Ascending ascending(FloatHistogram h) {
    int cap = capacity(h);
    double[] lower = new double[cap];
    double[] upper = new double[cap];
    double[] count = new double[cap];
    int n = all(h, lower, upper, count);
    int negatives = len(h.negativeBuckets());
    return new Ascending(lower, upper, count, n, negatives, h.zeroCount() > 0 ? negatives : -1);
  }

  /** Capacity {@link #all} needs. */
  public static int capacity(FloatHistogram h) {
    return len(h.positiveBuckets()) + len(h.negativeBuckets()) + 1;
  }

  public static int len(double[] a) {
    return a == null ? 0 : a.length;
  }

  /** The bucket index of each bucket value. */
  public static int[] indices(int[] spans, int buckets) {
    int[] idx = new int[buckets];
    int k = 0;
    int cur = 0;
    if (spans == null) {
      return idx;
    }
    for (int s = 0; s + 1 < spans.length && k < buckets; s += 2) {
      cur += spans[s];
      for (int j = 0; j < spans[s + 1] && k < buckets; j++) {
        idx[k++] = cur++;
      }
    }
    return idx;
  }

  /**
   * The custom bounds two custom-bucket histograms have in common (both ascending), the layout
   * Prometheus reconciles differing custom buckets to.
   */
  public static double[] intersect(double[] a, double[] b) {
    double[] out = new double[Math.min(a.length, b.length)];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        out[n++] = a[i];
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
