package dev.vigil.promql.value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Float formatting as Go writes it, for texts clients compare verbatim (printed expressions,
 * label values, annotations, error messages): {@code strconv.FormatFloat(v, 'f', -1, 64)},
 * {@code %g}/{@code %v} and {@code %f}. {@code +Inf}, {@code -Inf} and {@code NaN} are spelled as
 * Go spells them and a negative zero keeps its sign. Stateless and thread-safe.
 */
public final class GoFloats {
  private GoFloats() {}

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
  public static String formatPlain(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    String plain = shortest(Math.abs(v)).toPlainString();
    return v < 0 ? "-" + plain : plain;
  }

  /**
   * {@code fmt}'s {@code %g} and {@code %v} for a float64 (both mean {@code strconv}'s {@code 'g'}
   * with the shortest precision): exponent form when the decimal exponent is below -4 or at least
   * 6, two exponent digits at least ({@code 1e+06}).
   */
  public static String formatG(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    BigDecimal d = shortest(Math.abs(v));
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

  /** {@code fmt}'s {@code %f}: six decimals. */
  public static String formatFixed(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return special(v);
    }
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /**
   * The shortest decimal that reads back as {@code v} (positive, finite, not zero), as Go's
   * {@code strconv} picks it. {@code Double.toString} gives the shortest digits since JDK 19,
   * except that where one digit would do it may give the closer two ({@code 4.9E-324} for the
   * smallest subnormal, which Go writes {@code 5e-324}).
   */
  private static BigDecimal shortest(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    if (d.precision() == 2) {
      BigDecimal one = d.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (one.doubleValue() == v) {
        return one.stripTrailingZeros();
      }
    }
    return d;
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    return null;
  }
}
