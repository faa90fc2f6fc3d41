package dev.vigil.promql.value;

/**
 * Kahan–Neumaier compensated summation as Prometheus does it. {@link #sum} and the compensation
 * {@link #c} are kept apart so that callers combine them the way each function needs; the
 * compensation restarts at zero once the sum overflows, so that {@code Inf + x} stays {@code Inf}
 * instead of turning into NaN. An instance is mutable and not thread-safe (meant to live on the
 * stack of one call); {@link #add(double, double, double[], int)} is the same step for callers
 * that keep many sums in arrays.
 */
public final class KahanSum {
  public double sum;
  public double c;

  public KahanSum() {}

  public KahanSum(double sum, double c) {
    this.sum = sum;
    this.c = c;
  }

  public void reset() {
    sum = 0;
    c = 0;
  }

  /** Adds {@code inc}. */
  public void add(double inc) {
    double t = sum + inc;
    c = compensation(sum, inc, t, c);
    sum = t;
  }

  /** The compensated total. */
  public double value() {
    return sum + c;
  }

  /**
   * One summation step for sums kept in arrays: returns {@code sum + inc}; the compensation in
   * {@code c[at]} is updated.
   */
  public static double add(double inc, double sum, double[] c, int at) {
    double t = sum + inc;
    c[at] = compensation(sum, inc, t, c[at]);
    return t;
  }

  private static double compensation(double sum, double inc, double t, double c) {
    if (Double.isInfinite(t)) {
      return 0;
    }
    if (Math.abs(sum) >= Math.abs(inc)) {
      return c + ((sum - t) + inc);
    }
    return c + ((inc - t) + sum);
  }
}
