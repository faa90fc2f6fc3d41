package dev.vigil.promql.value;

/**
 * Prometheus's tolerance comparison of floats ({@code almost.Equal}), used by the classic
 * histogram functions and by the test harness. Stateless and thread-safe.
 */
public final class Almost {
  private Almost() {}

  /**
   * NaN equals NaN (the staleness marker included); otherwise the difference relative to the sum
   * of magnitudes must be below {@code epsilon}; when either is zero or both are subnormal, the
   * absolute difference must be below {@code epsilon} times the smallest normal float.
   */
  public static boolean equal(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
