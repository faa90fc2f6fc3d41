package dev.vigil.promql.promqltest;

import java.math.BigDecimal;

/** Float comparison and formatting as Prometheus's harness does them. Stateless. */
final class Values {
  private Values() {}

  /** The harness's relative tolerance. */
  static final double EPSILON = 1e-6;

  private static final double MIN_NORMAL = Double.MIN_NORMAL;

  /**
   * Prometheus's {@code almost.Equal}: NaN equals NaN (the staleness marker included), otherwise
   * the difference relative to the sum of magnitudes must be below {@code epsilon}; near zero the
   * absolute difference must be below {@code epsilon} times the smallest normal float.
   */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
      return diff < epsilon * MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }

  /** Go's {@code %v} for a float64: shortest form, exponent from 1e21, {@code +Inf}, {@code NaN}. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e21 || abs < 1e-4) {
      // Java prints these magnitudes in E notation with the shortest digits, as Go does.
      String s = Double.toString(v);
      int e = s.indexOf('E');
      String mant = s.substring(0, e);
      if (mant.endsWith(".0")) {
        mant = mant.substring(0, mant.length() - 2);
      }
      int exp = Integer.parseInt(s.substring(e + 1));
      return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
