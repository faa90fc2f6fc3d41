package dev.vigil.promql.promqltest;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.value.GoFloats;

/**
 * One position of a series description: a float, a native histogram, or omitted ({@code _}).
 *
 * @param value the float (the staleness marker for {@code stale}); ignored when omitted or a
 *     histogram
 * @param histogram non-null for a {@code {{...}}} literal
 * @param counterResetHintSet the literal named its {@code counter_reset_hint} explicitly, so a
 *     comparison checks it
 */
public record SequenceValue(
    double value, boolean omitted, FloatHistogram histogram, boolean counterResetHintSet) {
  public static final SequenceValue OMITTED = new SequenceValue(0, true, null, false);

  public static SequenceValue of(double v) {
    return new SequenceValue(v, false, null, false);
  }

  public static SequenceValue of(FloatHistogram h, boolean hintSet) {
    return new SequenceValue(0, false, h, hintSet);
  }

  @Override
  public String toString() {
    if (omitted) {
      return "_";
    }
    return histogram != null ? HistogramLiterals.format(histogram) : GoFloats.formatG(value);
  }
}
