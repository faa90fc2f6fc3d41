package dev.vigil.promql.value;

import java.util.Arrays;

/**
 * Prometheus's quantile of a set of floats ({@code quantile}, {@code quantile_over_time}, the
 * median of {@code mad_over_time}). Stateless and thread-safe.
 */
public final class Quantiles {
  private Quantiles() {}

  /**
   * The φ-quantile of the first {@code n} values (sorted in place, NaN first as Prometheus orders
   * them), interpolating linearly between the two closest ranks; NaN for no values or NaN φ, -Inf
   * for φ &lt; 0 and +Inf for φ &gt; 1.
   */
  public static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  private static void sortNaNFirst(double[] values, int n) {
    Arrays.sort(values, 0, n); // NaN sorts last in Java
    int nans = 0;
    while (nans < n && Double.isNaN(values[n - 1 - nans])) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
