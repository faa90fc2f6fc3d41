package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.value.KahanSum;
import dev.vigil.promql.value.Quantiles;

/**
 * The {@code *_over_time} aggregations over a window's samples. Functions that only make sense
 * for floats ignore histograms in a mixed window (with Prometheus's info annotation) and yield
 * nothing for a window of histograms only. Stateless.
 */
final class OverTimeFunctions {
  private OverTimeFunctions() {}

  private static boolean isHist(RangeWindow w, int i) {
    return w.h != null && w.h[i] != null;
  }

  private static boolean setFloat(RangeWindow w, double v) {
    w.outValue = v;
    w.outHistogram = null;
    return true;
  }

  /**
   * The common prologue of the float-only functions: false when the window holds no float, and
   * the "ignored histograms" info when it holds both kinds.
   */
  private static boolean floatsOnly(RangeWindow w, int nFloats, int infoArg) {
    int n = w.to - w.from;
    if (nFloats == 0) {
      return false;
    }
    if (nFloats < n) {
      AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(infoArg));
    }
    return true;
  }

  static boolean sum(RangeWindow w) {
    Windows.Content content = Windows.content(w, w.from, w.to);
    if (content == Windows.Content.NONE) {
      return false;
    }
    if (content == Windows.Content.HISTOGRAMS) {
      return HistogramOverTime.sum(w);
    }
    KahanSum k = new KahanSum();
    for (int i = w.from; i < w.to; i++) {
      k.add(w.f[i]);
    }
    return setFloat(w, Double.isInfinite(k.sum) ? k.sum : k.sum + k.c);
  }

  /**
   * The mean with compensated summation; should the running sum overflow, it switches to an
   * incremental mean, which stays finite where the direct one would not.
   */
  static boolean avg(RangeWindow w) {
    Windows.Content content = Windows.content(w, w.from, w.to);
    if (content == Windows.Content.NONE) {
      return false;
    }
    if (content == Windows.Content.HISTOGRAMS) {
      return HistogramOverTime.avg(w);
    }
    double[] f = w.f;
    double sum = f[w.from];
    double c = 0;
    // The compensated sum of KahanSum.add written out on locals, step for step the same
    // arithmetic: no object and no call per sample for code that runs before the JIT has
    // compiled it (an instant query runs this loop once per series). Left at the first overflow
    // for compensatedMean, which switches to the incremental mean there.
    int i = w.from + 1;
    for (; i < w.to; i++) {
      double v = f[i];
      double t = sum + v;
      if (Double.isInfinite(t)) {
        break;
      }
      c += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    return setFloat(w, compensatedMean(f, w.from, w.to, i, sum, c));
  }

  /**
   * The mean of {@code f[from, to)} with {@link KahanSum}, from index {@code i} on, where the
   * compensated sum of {@code f[from, i)} is {@code sum} and {@code c}: should the running sum
   * overflow, an incremental mean from there. {@link #avg} enters it at the first overflow;
   * entered at {@code from + 1}, it is the whole mean in the form the locals' loop must match.
   */
  static double compensatedMean(double[] f, int from, int to, int i, double sum, double c) {
    double count = i - from;
    double mean = 0;
    boolean incremental = false;
    KahanSum k = new KahanSum();
    for (; i < to; i++) {
      count = i - from + 1;
      double v = f[i];
      if (!incremental) {
        k.sum = sum;
        k.c = c;
        k.add(v);
        if (!Double.isInfinite(k.sum)) {
          sum = k.sum;
          c = k.c;
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= (count - 1);
      }
      double q = (count - 1) / count;
      k.sum = q * mean;
      k.c = q * c;
      k.add(v / count);
      mean = k.sum;
      c = k.c;
    }
    return incremental ? mean + c : sum / count + c / count;
  }

  static boolean count(RangeWindow w) {
    int n = w.to - w.from;
    return n > 0 && setFloat(w, n);
  }

  static boolean present(RangeWindow w) {
    return w.to > w.from && setFloat(w, 1);
  }

  static boolean max(RangeWindow w) {
    return compare(w, +1, false, false);
  }

  static boolean min(RangeWindow w) {
    return compare(w, -1, false, false);
  }

  static boolean tsOfMax(RangeWindow w) {
    return compare(w, +1, true, true);
  }

  static boolean tsOfMin(RangeWindow w) {
    return compare(w, -1, true, true);
  }

  /**
   * The extreme float (or its time): a NaN is replaced by any later value; ties keep the earlier
   * sample for the value and the later one for its time, as Prometheus does.
   */
  private static boolean compare(RangeWindow w, int sign, boolean orEqual, boolean timestamp) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (!floatsOnly(w, floats, 0)) {
      return false;
    }
    double best = Double.NaN;
    long bestT = 0;
    boolean seen = false;
    for (int i = w.from; i < w.to; i++) {
      if (isHist(w, i)) {
        continue;
      }
      double v = w.f[i];
      if (!seen) {
        best = v;
        bestT = w.t[i];
        seen = true;
        continue;
      }
      boolean better = sign > 0 ? (orEqual ? v >= best : v > best) : (orEqual ? v <= best : v < best);
      if (better || Double.isNaN(best)) {
        best = v;
        bestT = w.t[i];
      }
    }
    return setFloat(w, timestamp ? bestT / 1000.0 : best);
  }

  static boolean first(RangeWindow w) {
    return pick(w, w.from);
  }

  static boolean last(RangeWindow w) {
    return pick(w, w.to - 1);
  }

  private static boolean pick(RangeWindow w, int i) {
    if (w.to <= w.from) {
      return false;
    }
    FloatHistogram h = w.h == null ? null : w.h[i];
    w.outHistogram = h;
    w.outValue = h == null ? w.f[i] : 0;
    return true;
  }

  static boolean tsOfFirst(RangeWindow w) {
    return w.to > w.from && setFloat(w, w.t[w.from] / 1000.0);
  }

  static boolean tsOfLast(RangeWindow w) {
    return w.to > w.from && setFloat(w, w.t[w.to - 1] / 1000.0);
  }

  static boolean stddev(RangeWindow w) {
    return variance(w, true);
  }

  static boolean stdvar(RangeWindow w) {
    return variance(w, false);
  }

  /** Welford's running variance with compensated sums for the mean and the squared deviations. */
  private static boolean variance(RangeWindow w, boolean sqrt) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (!floatsOnly(w, floats, 0)) {
      return false;
    }
    double count = 0;
    KahanSum mean = new KahanSum();
    KahanSum aux = new KahanSum();
    for (int i = w.from; i < w.to; i++) {
      if (isHist(w, i)) {
        continue;
      }
      double v = w.f[i];
      count++;
      double delta = v - (mean.sum + mean.c);
      mean.add(delta / count);
      aux.add(delta * (v - (mean.sum + mean.c)));
    }
    double variance = (aux.sum + aux.c) / count;
    return setFloat(w, sqrt ? Math.sqrt(variance) : variance);
  }

  private static double[] floatValues(RangeWindow w, int floats) {
    double[] values = w.scratch(floats);
    int k = 0;
    for (int i = w.from; i < w.to; i++) {
      if (!isHist(w, i)) {
        values[k++] = w.f[i];
      }
    }
    return values;
  }

  static boolean quantile(RangeWindow w) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (floats == 0) {
      return false;
    }
    double q = w.scalarArgs[0];
    if (Double.isNaN(q) || q < 0 || q > 1) {
      AnnotationText.invalidQuantile(w.ctx, q, w.argPos(0));
    }
    if (floats < w.to - w.from) {
      AnnotationText.histogramIgnoredInMixedRange(w.ctx, w.metricName(), w.argPos(0));
    }
    return setFloat(w, Quantiles.quantile(q, floatValues(w, floats), floats));
  }

  /** The median absolute deviation from the median. */
  static boolean mad(RangeWindow w) {
    int floats = Windows.floatCount(w, w.from, w.to);
    if (!floatsOnly(w, floats, 0)) {
      return false;
    }
    double[] values = floatValues(w, floats);
    for (int i = 0; i < floats; i++) {
      if (Double.isNaN(values[i])) {
        return setFloat(w, Double.NaN); // a NaN sample poisons the result instead of sorting low
      }
    }
    double median = Quantiles.quantile(0.5, values, floats);
    for (int i = 0; i < floats; i++) {
      values[i] = Math.abs(values[i] - median);
    }
    return setFloat(w, Quantiles.quantile(0.5, values, floats));
  }

  static boolean changes(RangeWindow w) {
    return transitions(w, false);
  }

  static boolean resets(RangeWindow w) {
    return transitions(w, true);
  }

  /**
   * Counts value changes or counter resets between consecutive samples; a switch between float and
   * histogram counts as one; a start timestamp telling of a reset ({@link StartTimestamps}) counts
   * as a reset. With {@code anchored} the count starts at the last sample (of either
   * kind) at or before the window start.
   */
  private static boolean transitions(RangeWindow w, boolean resets) {
    int lo = w.from;
    int hi = w.to;
    if (w.anchored) {
      lo = Windows.extendedLow(w);
      if (hi <= lo) {
        return false;
      }
      if (w.t[hi - 1] <= w.rangeStart) {
        return false;
      }
      lo = Math.max(lo, Windows.firstAfter(w.t, lo, hi - 1, w.rangeStart) - 1);
    }
    if (hi <= lo) {
      return false;
    }
    int count = 0;
    for (int i = lo + 1; i < hi; i++) {
      FloatHistogram ph = w.h == null ? null : w.h[i - 1];
      FloatHistogram ch = w.h == null ? null : w.h[i];
      if (ph == null && ch == null) {
        double p = w.f[i - 1];
        double c = w.f[i];
        if (resets) {
          if (c < p || StartTimestamps.isReset(w, i)) {
            count++;
          }
        } else if (c != p && !(Double.isNaN(c) && Double.isNaN(p))) {
          count++;
        }
      } else if (ph == null || ch == null) {
        count++;
      } else if (resets
          ? HistogramMath.detectReset(ch, ph) || StartTimestamps.isReset(w, i)
          : !HistogramMath.equal(ch, ph)) {
        count++;
      }
    }
    return setFloat(w, count);
  }
}
