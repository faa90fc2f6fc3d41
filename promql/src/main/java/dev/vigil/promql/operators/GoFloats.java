package dev.vigil.promql.operators;

import java.math.BigDecimal;

/**
 * Float arithmetic and formatting with Go's semantics where Java's differ: {@code math.Pow}'s
 * special cases, {@code strconv.FormatFloat(f, 'f', -1, 64)} and {@code fmt}'s {@code %g}.
 * Stateless.
 */
final class GoFloats {
  private GoFloats() {}

  /**
   * Go's {@code math.Pow}: unlike {@link Math#pow}, {@code 1^y} is 1 for every y (NaN included)
   * and {@code (-1)^±Inf} is 1.
   */
  static double pow(double x, double y) {
    if (x == 1.0) {
      return 1.0;
    }
    if (x == -1.0 && Double.isInfinite(y)) {
      return 1.0;
    }
    return Math.pow(x, y);
  }

  /** Go's {@code math.Mod}: Java's remainder on doubles has the same (fmod) semantics. */
  static double mod(double x, double y) {
    return x % y;
  }

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
  static String formatPlain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** {@code fmt.Sprintf("%g", v)}: shortest digits, exponent form when exp < -4 or exp >= 6. */
  static String formatG(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      return sb.append(a).toString();
    }
    return sign + d.toPlainString();
  }
}
