package dev.vigil.rules.unittest;

import dev.vigil.model.Labels;
import dev.vigil.common.template.GoDuration;
import java.math.BigDecimal;

/** The Go text forms promtool's messages use: labels, %q, 'E' floats and durations. */
final class GoText {
  private GoText() {}

  /** Go labels.Labels.String(): every label, {@code __name__} included, values quoted. */
  static String labels(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append('=').append(quote(l.value(i)));
    }
    return sb.append('}').toString();
  }

  /** Go's strconv.Quote for printable text (non-ASCII printable runes kept as is). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\u0007' -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\u000b' -> sb.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Go's strconv.FormatFloat(v, 'E', -1, 64): shortest digits, {@code 1.5E+00}. */
  static String floatE(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0E+00";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('E').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    return sb.append(a).toString();
  }

  /** Go's time.Duration.String() of milliseconds ({@code 1m0s}, {@code 0s}). */
  static String goDuration(long ms) {
    return new GoDuration(ms * 1_000_000L).toString();
  }
}
