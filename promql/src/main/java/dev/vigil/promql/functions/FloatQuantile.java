package dev.vigil.promql.functions;

import java.util.Arrays;

/** The quantile of a set of floats as Prometheus computes it (NaN sorts lowest). Stateless. */
final class FloatQuantile {
  private FloatQuantile() {}

  /**
   * The {@code q}-quantile of {@code values[0..n)}, interpolating linearly between the two closest
   * ranks; NaN for no values or q NaN, -Inf/+Inf for q below 0/above 1. Sorts the prefix in place.
   */
  static double quantile(double q, double[] values, int n) {
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

  /** Sorts ascending with NaNs first, the order Prometheus's value heap gives. */
  static void sortNaNFirst(double[] values, int n) {
    int nans = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(values[i])) {
        values[i] = values[nans];
        values[nans++] = Double.NaN;
      }
    }
    Arrays.sort(values, nans, n);
  }
}
