package dev.vigil.common.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(v, 'e' or 'E', -1, 64)}: the shortest decimal digits that read
 * back as {@code v}, one digit before the point and an exponent of at least two digits
 * ({@code 1.5e+00}, {@code -2.5E-07}); promtool messages and the rules API print floats this way.
 * Stateless and thread-safe.
 */
public final class GoFloat {
  private GoFloat() {}

  /**
   * Formats {@code v} with the exponent marker {@code e} ({@code 'e'} or {@code 'E'}).
   *
   * @throws IllegalArgumentException when {@code e} is neither
   */
  public static String exponent(double v, char e) {
    if (e != 'e' && e != 'E') {
      throw new IllegalArgumentException("exponent marker must be 'e' or 'E', not '" + e + "'");
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0" + e + "+00";
    }
    // Double.toString gives the shortest round-tripping digits (JDK 19 and later), except that it
    // never gives fewer than two: where one digit would do (4.9E-324 for 5e-324) Go prints one.
    double abs = Math.abs(v);
    BigDecimal d = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = d.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == abs) {
        d = one.stripTrailingZeros();
      }
    }
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
    sb.append(e).append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    return sb.append(a).toString();
  }
}
