package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.value.HistogramBuckets;

/**
 * rate/increase/delta and irate/idelta over windows of native histograms: the difference of the
 * last and first histogram (plus what counter resets lost), as a gauge histogram, extrapolated
 * like the float case. Stateless.
 */
final class HistogramRate {
  private HistogramRate() {}

  /**
   * The window [from, to) holds at least two samples, all histograms, or one whose start
   * timestamp anchors the window ({@link StartTimestamps#anchorsWindow}).
   */
  static boolean extrapolated(RangeWindow w, boolean isCounter, boolean isRate) {
    FloatHistogram[] h = w.h;
    int first = w.from;
    int last = w.to - 1;
    int n = w.to - w.from;
    String name = w.metricName();
    PosRange pos = w.argPos;
    FloatHistogram prev = h[first];
    FloatHistogram lastH = h[last];
    if (isCounter && (prev.counterResetHint() == CounterResetHint.GAUGE
        || lastH.counterResetHint() == CounterResetHint.GAUGE)) {
      AnnotationText.nativeHistogramNotCounter(w.ctx, name, pos);
    }
    HistogramMath.Work prevW = HistogramMath.Work.of(prev);
    boolean emptied = false;
    boolean usingCustom = HistogramBuckets.usesCustom(prev);
    if (isCounter && n > 1) {
      FloatHistogram second = h[first + 1];
      if (StartTimestamps.isReset(w, first + 1) || HistogramMath.detectReset(second, prev)) {
        // A reset right after the first sample: its layout does not matter.
        prevW = HistogramMath.Work.emptyLike(second);
        emptied = true;
        usingCustom = HistogramBuckets.usesCustom(second);
      }
    }
    if (HistogramBuckets.usesCustom(lastH) != usingCustom) {
      AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
      return false;
    }
    for (int i = first + 1; i < last; i++) {
      if (!isCounter) {
        continue;
      }
      if (h[i].counterResetHint() == CounterResetHint.GAUGE) {
        AnnotationText.nativeHistogramNotCounter(w.ctx, name, pos);
      }
      if (HistogramBuckets.usesCustom(h[i]) != usingCustom) {
        AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
        return false;
      }
    }
    HistogramMath.Work result = HistogramMath.Work.of(lastH);
    int r = result.add(prevW, -1);
    if (r == HistogramMath.INCOMPATIBLE_SCHEMA) {
      AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
      return false;
    }
    if (r == HistogramMath.RECONCILED) {
      AnnotationText.reconciledCustomBuckets(w.ctx, "subtraction", pos);
    }
    if (isCounter) {
      for (int i = first + 1; i <= last; i++) {
        FloatHistogram curr = h[i];
        boolean reset = StartTimestamps.isReset(w, i) || (i == first + 1
                ? !emptied && HistogramMath.detectReset(curr, prev)
                : HistogramMath.detectReset(curr, h[i - 1]));
        if (reset) {
          int ra = result.add(i == first + 1 ? prevW : HistogramMath.Work.of(h[i - 1]), 1);
          if (ra == HistogramMath.INCOMPATIBLE_SCHEMA) {
            AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
            return false;
          }
          if (ra == HistogramMath.RECONCILED) {
            AnnotationText.reconciledCustomBuckets(w.ctx, "addition", pos);
          }
        }
      }
    } else if (prev.counterResetHint() != CounterResetHint.GAUGE
        || lastH.counterResetHint() != CounterResetHint.GAUGE) {
      AnnotationText.nativeHistogramNotGauge(w.ctx, name, pos);
    }
    result.hint = CounterResetHint.GAUGE;
    // A counter whose series started inside the window counts from zero at its start.
    boolean anchoredAtStart = isCounter && StartTimestamps.anchorsWindow(w, first);
    if (isCounter) {
      StartTimestamps.warnOverlaps(w, first, last + 1);
    }
    if (anchoredAtStart) {
      int ra = result.add(HistogramMath.Work.of(h[first]), 1);
      if (ra == HistogramMath.INCOMPATIBLE_SCHEMA) {
        AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
        return false;
      }
      if (ra == HistogramMath.RECONCILED) {
        AnnotationText.reconciledCustomBuckets(w.ctx, "addition", pos);
      }
    }

    double factor = RateFunctions.extrapolationFactor(w, first, last, anchoredAtStart, isCounter,
        isRate, h[first].count(), result.count);
    result.scale(factor);
    w.outHistogram = result.build();
    w.outValue = 0;
    return true;
  }

  /** irate/idelta over the two histograms at {@code i0} and {@code i1}. */
  static boolean instant(RangeWindow w, int i0, int i1, boolean isRate) {
    FloatHistogram h0 = w.h[i0];
    FloatHistogram h1 = w.h[i1];
    String name = w.metricName();
    if (isRate && (h1.counterResetHint() == CounterResetHint.GAUGE
        || h0.counterResetHint() == CounterResetHint.GAUGE)) {
      AnnotationText.nativeHistogramNotCounter(w.ctx, name, w.argPos);
    }
    if (!isRate && (h1.counterResetHint() != CounterResetHint.GAUGE
        || h0.counterResetHint() != CounterResetHint.GAUGE)) {
      AnnotationText.nativeHistogramNotGauge(w.ctx, name, w.argPos);
    }
    HistogramMath.Work result = HistogramMath.Work.of(h1);
    if (!isRate || !(StartTimestamps.isReset(w, i1) || HistogramMath.detectReset(h1, h0))) {
      int r = result.add(HistogramMath.Work.of(h0), -1);
      if (r == HistogramMath.INCOMPATIBLE_SCHEMA) {
        AnnotationText.mixedExponentialCustom(w.ctx, name, w.argPos);
        return false;
      }
      if (r == HistogramMath.RECONCILED) {
        AnnotationText.reconciledCustomBuckets(w.ctx, "subtraction", w.argPos);
      }
    }
    result.hint = CounterResetHint.GAUGE;
    if (isRate) {
      result.scale(1 / ((w.t[i1] - w.t[i0]) / 1000.0));
    }
    w.outHistogram = result.build();
    w.outValue = 0;
    return true;
  }

  /**
   * rate/increase/delta with {@code anchored} or {@code smoothed} over histograms
   * {@code [lo, hi)} (the window and its lookback/lookahead samples): the difference of the
   * boundary values (picked, or interpolated for smoothed), plus what counter resets between
   * them lost.
   */
  static boolean extended(RangeWindow w, int lo, int hi, boolean isCounter, boolean isRate) {
    FloatHistogram[] h = w.h;
    long[] t = w.t;
    String name = w.metricName();
    PosRange pos = w.argPos;
    int last = hi - 1;
    int first = Math.max(lo, Windows.firstAfter(t, lo, last, w.rangeStart) - 1);
    if (w.smoothed) {
      last = Windows.firstAtOrAfter(t, lo, last, w.rangeEnd);
    }
    if (t[last] <= w.rangeStart || (w.smoothed && t[first] > w.rangeEnd)) {
      return false;
    }
    boolean custom = HistogramBuckets.usesCustom(h[first]);
    for (int i = first; i <= last; i++) {
      if (HistogramBuckets.usesCustom(h[i]) != custom) {
        AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
        return false;
      }
      if (isCounter && h[i].counterResetHint() == CounterResetHint.GAUGE) {
        AnnotationText.nativeHistogramNotCounter(w.ctx, name, pos);
      }
    }
    FloatHistogram left = w.smoothed && t[first] < w.rangeStart
        ? interpolate(w, first, first + 1, w.rangeStart, isCounter)
        : h[first];
    FloatHistogram right = w.smoothed && last > lo && t[last] > w.rangeEnd
        ? interpolate(w, last - 1, last, w.rangeEnd, isCounter)
        : h[last];
    if (left == null || right == null) {
      AnnotationText.mixedExponentialCustom(w.ctx, name, pos);
      return false;
    }
    if (!isCounter && (left.counterResetHint() != CounterResetHint.GAUGE
        || right.counterResetHint() != CounterResetHint.GAUGE)) {
      AnnotationText.nativeHistogramNotGauge(w.ctx, name, pos);
    }
    HistogramMath.Work result = HistogramMath.Work.of(right);
    if (!combine(w, result, left, -1)) {
      return false;
    }
    if (isCounter) {
      int from = first + 1;
      FloatHistogram prev = left;
      if (w.smoothed && t[first] < w.rangeStart && HistogramMath.detectReset(h[first + 1], h[first])) {
        // The left interpolation already spans this reset.
        prev = h[first + 1];
        from++;
      }
      // The last sample is the right boundary (or its source): never compared with itself.
      for (int i = from; i <= last - 1; i++) {
        if (HistogramMath.detectReset(h[i], prev) && !combine(w, result, prev, 1)) {
          return false;
        }
        prev = h[i];
      }
      if (from <= last && HistogramMath.detectReset(right, prev) && !combine(w, result, prev, 1)) {
        return false;
      }
    }
    if (isRate) {
      result.scale(1 / ((w.rangeEnd - w.rangeStart) / 1000.0));
    }
    result.hint = CounterResetHint.GAUGE;
    w.outHistogram = result.build();
    w.outValue = 0;
    return true;
  }

  /** Adds {@code sign * h} into {@code result}; false (with the warning) when incompatible. */
  private static boolean combine(
      RangeWindow w, HistogramMath.Work result, FloatHistogram h, double sign) {
    int r = result.add(HistogramMath.Work.of(h), sign);
    if (r == HistogramMath.INCOMPATIBLE_SCHEMA) {
      AnnotationText.mixedExponentialCustom(w.ctx, w.metricName(), w.argPos);
      return false;
    }
    if (r == HistogramMath.RECONCILED) {
      AnnotationText.reconciledCustomBuckets(w.ctx, sign < 0 ? "subtraction" : "addition",
          w.argPos);
    }
    return true;
  }

  /**
   * The histogram at time {@code at} between samples {@code i1} and {@code i2}, linearly; after a
   * counter reset between them, the second scaled from zero. Null when the two cannot be combined.
   */
  private static FloatHistogram interpolate(
      RangeWindow w, int i1, int i2, long at, boolean isCounter) {
    FloatHistogram h1 = w.h[i1];
    FloatHistogram h2 = w.h[i2];
    long t1 = w.t[i1];
    long t2 = w.t[i2];
    if (at == t1) {
      return h1;
    }
    if (at == t2) {
      return h2;
    }
    double fraction = (double) (at - t1) / (double) (t2 - t1);
    HistogramMath.Work r = HistogramMath.Work.of(h2);
    if (isCounter && HistogramMath.detectReset(h2, h1)) {
      r.scale(fraction);
      return r.build();
    }
    if (!combine(w, r, h1, -1)) {
      return null;
    }
    r.scale(fraction);
    if (!combine(w, r, h1, 1)) {
      return null;
    }
    return r.build();
  }
}
