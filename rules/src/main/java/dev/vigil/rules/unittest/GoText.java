package dev.vigil.rules.unittest;

import dev.vigil.common.template.GoDuration;
import dev.vigil.common.text.GoFloat;
import dev.vigil.common.text.GoQuote;
import dev.vigil.model.Labels;

/** The Go text forms promtool's messages use: labels, 'E' floats and durations. */
final class GoText {
  private GoText() {}

  /** Go labels.Labels.String(): every label, {@code __name__} included, values quoted. */
  static String labels(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append('=').append(GoQuote.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }

  /** Go's strconv.FormatFloat(v, 'E', -1, 64): shortest digits, {@code 1.5E+00}. */
  static String floatE(double v) {
    return GoFloat.exponent(v, 'E');
  }

  /** Go's time.Duration.String() of milliseconds ({@code 1m0s}, {@code 0s}). */
  static String goDuration(long ms) {
    return new GoDuration(ms * 1_000_000L).toString();
  }
}
