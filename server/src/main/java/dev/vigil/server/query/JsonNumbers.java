package dev.vigil.server.query;

import dev.vigil.promql.value.GoFloats;

/**
 * Numbers as Prometheus writes them in API JSON, so that answers match byte for byte where
 * clients compare text. Stateless and thread-safe.
 */
public final class JsonNumbers {
  private JsonNumbers() {}

  /**
   * A sample value (written inside a JSON string): Go's {@code strconv} shortest digits in plain
   * notation, switching to exponent notation below 1e-6 and from 1e21 on, as Prometheus's
   * {@code jsonutil.MarshalFloat} does; {@code +Inf}, {@code -Inf}, {@code NaN}.
   */
  public static String sampleValue(double v) {
    double abs = Math.abs(v);
    // Fast paths for the common values (a result can hold millions): integers, and the range
    // where Double.toString already writes the shortest digits in plain notation.
    if (abs < 1e15 && v == Math.rint(v)) {
      return v == 0 ? (Double.doubleToRawLongBits(v) < 0 ? "-0" : "0") : Long.toString((long) v);
    }
    if (abs >= 1e-3 && abs < 1e7) {
      return Double.toString(v);
    }
    if (abs != 0 && !Double.isNaN(v) && !Double.isInfinite(v) && (abs < 1e-6 || abs >= 1e21)) {
      // Go's 'g' and 'e' formats agree in this range: the exponent is below -4 or at least 21.
      return GoFloats.formatG(v);
    }
    return GoFloats.formatPlain(v);
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
  public static String plain(double v) {
    return GoFloats.formatPlain(v);
  }

  /**
   * A finite float64 as Go's {@code encoding/json} writes a JSON number (statistics fields):
   * plain notation, exponent notation below 1e-6 and from 1e21 on, with {@code e-07} shortened to
   * {@code e-7}.
   */
  public static String goJsonFloat(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "0"; // Go refuses to encode these; statistics never hold them
    }
    String s = sampleValue(v);
    int n = s.length();
    if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
      s = s.substring(0, n - 2) + s.charAt(n - 1);
    }
    return s;
  }
}
