package dev.vigil.promql.operators;

/**
 * Prometheus's compensated (Kahan–Neumaier) summation step. The compensation is reset when the sum
 * becomes infinite so that {@code Inf + x} stays {@code Inf} instead of turning into NaN.
 */
final class Kahan {
  private Kahan() {}

  /** Returns the new sum; the new compensation is stored in {@code c[at]}. */
  static double inc(double inc, double sum, double[] c, int at) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c[at] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c[at] += (sum - t) + inc;
    } else {
      c[at] += (inc - t) + sum;
    }
    return t;
  }
}
