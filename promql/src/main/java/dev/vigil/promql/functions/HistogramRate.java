package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.ast.PosRange;

/**
 * rate/increase/delta and irate/idelta over windows of native histograms: the difference of the
 * last and first histogram (plus what counter resets lost), as a gauge histogram, extrapolated
 * like the float case. Stateless.
 */
final class HistogramRate {
  private HistogramRate() {}

  /** The window [from, to) holds at least two samples, all histograms. */
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
      if (StartTimes.isReset(w, first, first + 1) || HistogramMath.detectReset(second, prev)) {
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
        boolean reset = StartTimes.isReset(w, i - 1, i)
            || (i == first + 1
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

    long firstT = w.t[first];
    long lastT = w.t[last];
    double durationToStart = (firstT - w.rangeStart) / 1000.0;
    double durationToEnd = (w.rangeEnd - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageInterval = sampledInterval / (n - 1);
    double threshold = averageInterval * 1.1;
    if (durationToStart >= threshold) {
      durationToStart = averageInterval / 2;
    }
    if (isCounter) {
      double durationToZero = durationToStart;
      if (result.count > 0 && h[first].count() >= 0) {
        durationToZero = sampledInterval * (h[first].count() / result.count);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = averageInterval / 2;
    }
    double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) {
      factor /= (w.rangeEnd - w.rangeStart) / 1000.0;
    }
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
    if (!isRate || (!StartTimes.isReset(w, i0, i1) && !HistogramMath.detectReset(h1, h0))) {
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
}
