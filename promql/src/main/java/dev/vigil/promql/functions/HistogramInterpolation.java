package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EvalContext;

/**
 * Linear interpolation between two native histogram samples, for the evaluator's {@code smoothed}
 * instant selectors (the same rule the smoothed range functions use at window boundaries). Stateless.
 */
public final class HistogramInterpolation {
  private HistogramInterpolation() {}

  /**
   * The histogram at {@code at} (with {@code t1 < at < t2}): {@code h1 + (h2 - h1) * fraction}, or,
   * for a counter that was reset between the two, {@code h2 * fraction} (counting from zero).
   *
   * @param metric metric name for the annotation when the two cannot be combined
   * @return null when one has custom buckets and the other exponential ones (with the warning
   *     Prometheus gives)
   */
  public static FloatHistogram between(
      FloatHistogram h1, long t1, FloatHistogram h2, long t2, long at, EvalContext ctx,
      String metric, PosRange pos) {
    boolean custom1 = h1.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    if (custom1 != (h2.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA)) {
      AnnotationText.mixedExponentialCustom(ctx, metric, pos);
      return null;
    }
    double fraction = (double) (at - t1) / (double) (t2 - t1);
    boolean isCounter = h2.counterResetHint() != FloatHistogram.CounterResetHint.GAUGE;
    HistogramMath.Work r = HistogramMath.Work.of(h2);
    if (isCounter && HistogramMath.detectReset(h2, h1)) {
      r.scale(fraction);
      return r.build();
    }
    HistogramMath.Work first = HistogramMath.Work.of(h1);
    if (r.add(first, -1) == HistogramMath.INCOMPATIBLE_SCHEMA) {
      AnnotationText.mixedExponentialCustom(ctx, metric, pos);
      return null;
    }
    r.scale(fraction);
    r.add(first, 1);
    return r.build();
  }

  /** The warning for a smoothed selector whose neighbouring samples are a float and a histogram. */
  public static void warnMixedFloatsAndHistograms(EvalContext ctx, String metric, PosRange pos) {
    AnnotationText.mixedFloatsHistograms(ctx, metric, pos);
  }
}
