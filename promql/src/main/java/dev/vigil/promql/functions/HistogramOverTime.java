package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;

/**
 * sum_over_time and avg_over_time over windows of native histograms only. Counter-reset hints
 * that contradict each other earn Prometheus's collision warning. Stateless.
 */
final class HistogramOverTime {
  private HistogramOverTime() {}

  static boolean sum(RangeWindow w) {
    HistogramMath.Work sum = total(w);
    if (sum == null) {
      return false;
    }
    w.outHistogram = sum.build();
    w.outValue = 0;
    return true;
  }

  static boolean avg(RangeWindow w) {
    HistogramMath.Work sum = total(w);
    if (sum == null) {
      return false;
    }
    sum.scale(1.0 / (w.to - w.from));
    w.outHistogram = sum.build();
    w.outValue = 0;
    return true;
  }

  /** The sum of the window's histograms, or null (with a warning) when they cannot be added. */
  private static HistogramMath.Work total(RangeWindow w) {
    FloatHistogram[] h = w.h;
    boolean reset = false;
    boolean notReset = false;
    boolean reconciled = false;
    HistogramMath.Work sum = HistogramMath.Work.of(h[w.from]);
    for (int i = w.from; i < w.to; i++) {
      CounterResetHint hint = h[i].counterResetHint();
      reset |= hint == CounterResetHint.COUNTER_RESET;
      notReset |= hint == CounterResetHint.NOT_COUNTER_RESET;
      if (i == w.from) {
        continue;
      }
      int r = sum.add(HistogramMath.Work.of(h[i]), 1);
      if (r == HistogramMath.INCOMPATIBLE_SCHEMA) {
        AnnotationText.mixedExponentialCustom(w.ctx, w.metricName(), w.argPos);
        return null;
      }
      reconciled |= r == HistogramMath.RECONCILED;
    }
    if (reset && notReset) {
      AnnotationText.counterResetCollision(w.ctx, w.argPos);
    }
    if (reconciled) {
      AnnotationText.reconciledCustomBuckets(w.ctx, "aggregation", w.argPos);
    }
    return sum;
  }
}
