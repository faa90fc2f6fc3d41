package dev.vigil.promql.functions;

import java.math.BigDecimal;

/**
 * Float formatting as Go's {@code fmt} prints it, for annotation and error texts that clients
 * compare verbatim. Stateless.
 */
final class GoFloat {
  private GoFloat() {}

  /** Go's {@code %g}: shortest digits, exponent form when the exponent is below -4 or at least 6. */
  static String g(double v) {
    return shortest(v, 6);
  }

  /** Go's {@code %f}: six decimals, {@code +Inf}/{@code -Inf}/{@code NaN} spelled as Go does. */
  static String f(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(java.util.Locale.ROOT, "%.6f", v);
  }

  private static String shortest(double v, int expLimit) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    // Double.toString gives the shortest round-tripping digits since JDK 19.
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    if (exp < -4 || exp >= expLimit) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      sb.append(a);
    } else if (exp < 0) {
      sb.append("0.");
      sb.append("0".repeat(-exp - 1));
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }
}
