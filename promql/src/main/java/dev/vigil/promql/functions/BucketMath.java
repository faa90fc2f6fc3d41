package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.value.Almost;
import dev.vigil.promql.value.GoMath;
import dev.vigil.promql.value.HistogramBuckets;
import java.util.Arrays;

/**
 * Quantiles and fractions of histograms: classic ({@code le} buckets, cumulative counts) and
 * native. Classic buckets are interpolated linearly, with 0 as the lower edge of a first bucket
 * whose upper bound is positive; native exponential buckets are interpolated on a log scale.
 * Stateless; classic bucket arrays passed in are sorted and rewritten in place.
 */
final class BucketMath {
  private BucketMath() {}

  /** Relative differences below this between adjacent classic buckets are float noise. */
  private static final double SMALL_DELTA = 1e-12;

  /**
   * Sorts the first {@code n} classic buckets by upper bound, merges equal bounds and removes
   * decreases. Returns the new count, or -1 when the highest bound is not +Inf. Sets
   * {@code forced[0]} to 1 when a real decrease (not float noise) had to be removed.
   */
  static int normalise(double[] upper, double[] count, int n, int[] forced) {
    // Each loop is a small method of its own, the rare unsorted case too: called for every
    // series at every step of a histogram quantile, this method was compiled five times (on-stack
    // replacement of each loop, then again when a branch first taken late trapped).
    double[] u = upper;
    double[] c = count;
    if (!sorted(upper, n)) {
      u = new double[n];
      c = new double[n];
      sortByUpper(upper, count, n, u, c);
    }
    if (n == 0 || u[n - 1] != Double.POSITIVE_INFINITY) {
      return -1;
    }
    int m = mergeEqualBounds(u, c, n, upper, count);
    removeDecreases(count, m, forced);
    return m;
  }

  /** Whether the first {@code n} upper bounds ascend (equal ones allowed). */
  private static boolean sorted(double[] upper, int n) {
    for (int i = 1; i < n; i++) {
      if (!(upper[i - 1] <= upper[i])) {
        return false;
      }
    }
    return true;
  }

  /** Copies the first {@code n} buckets to {@code u}, {@code c} in ascending order of bound. */
  private static void sortByUpper(double[] upper, double[] count, int n, double[] u, double[] c) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(upper[a], upper[b]));
    for (int i = 0; i < n; i++) {
      u[i] = upper[order[i]];
      c[i] = count[order[i]];
    }
  }

  /**
   * Writes the sorted buckets {@code u}, {@code c} to {@code upper}, {@code count} with equal
   * bounds merged (counts added); returns how many remain. {@code u} may be {@code upper}.
   */
  private static int mergeEqualBounds(double[] u, double[] c, int n, double[] upper,
      double[] count) {
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m > 0 && u[i] == upper[m - 1]) {
        count[m - 1] += c[i];
      } else {
        upper[m] = u[i];
        count[m] = c[i];
        m++;
      }
    }
    return m;
  }

  /**
   * Makes the first {@code m} cumulative counts non-decreasing: float noise takes the previous
   * count, a real decrease too and sets {@code forced[0]} to 1.
   */
  private static void removeDecreases(double[] count, int m, int[] forced) {
    double prev = count[0];
    for (int i = 1; i < m; i++) {
      double curr = count[i];
      if (curr == prev) {
        continue;
      }
      if (Almost.equal(prev, curr, SMALL_DELTA)) {
        count[i] = prev; // float noise, in either direction
        continue;
      }
      if (curr < prev) {
        count[i] = prev;
        forced[0] = 1;
        continue;
      }
      prev = curr;
    }
  }

  /**
   * The q-quantile of classic buckets (already {@link #normalise}d, {@code n} of them): NaN for q
   * NaN, fewer than two buckets or no observations; ±Inf for q outside [0, 1]; the second-highest
   * bound when the rank falls in the +Inf bucket.
   */
  static double bucketQuantile(double q, double[] upper, double[] count, int n) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (n < 2) {
      return Double.NaN;
    }
    double observations = count[n - 1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    int hi = n - 1;
    while (b < hi) { // first bucket in [0, n-1) whose count reaches the rank
      int mid = (b + hi) >>> 1;
      if (count[mid] >= rank) {
        hi = mid;
      } else {
        b = mid + 1;
      }
    }
    if (b == n - 1) {
      return upper[n - 2];
    }
    if (b == 0 && upper[0] <= 0) {
      return upper[0];
    }
    double start = 0;
    double end = upper[b];
    double c = count[b];
    if (b > 0) {
      start = upper[b - 1];
      c -= count[b - 1];
      rank -= count[b - 1];
    }
    return start + (end - start) * (rank / c);
  }

  /**
   * The q-quantile of a native histogram. NaN observations (a NaN sum) sit above every bucket:
   * {@code nanResult[0]} becomes 1 when the quantile falls among them (result NaN), 2 when it
   * does not (the result is skewed higher).
   */
  static double histogramQuantile(double q, FloatHistogram h, int[] nanResult) {
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (h.count() == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    int cap = HistogramBuckets.capacity(h);
    double[] lo = new double[cap];
    double[] up = new double[cap];
    double[] cnt = new double[cap];
    int n = HistogramBuckets.all(h, lo, up, cnt);
    boolean nanObs = Double.isNaN(h.sum());
    boolean forward = nanObs || q < 0.5;
    double rank = forward ? q * h.count() : (1 - q) * h.count();
    double count = 0;
    int b = -1;
    for (int k = 0; k < n; k++) {
      int i = forward ? k : n - 1 - k;
      if (cnt[i] == 0) {
        continue;
      }
      b = i;
      count += cnt[i];
      if (count >= rank) {
        break;
      }
    }
    if (nanObs) {
      if (count < rank || b < 0) {
        nanResult[0] = 1;
        return Double.NaN;
      }
      nanResult[0] = 2;
    }
    if (b < 0) {
      return Double.NaN;
    }
    double lower = lo[b];
    double upper = up[b];
    double bucketCount = cnt[b];
    boolean custom = HistogramBuckets.usesCustom(h);
    if (!custom && lower < 0 && upper > 0) {
      boolean hasNeg = HistogramBuckets.len(h.negativeBuckets()) > 0;
      boolean hasPos = HistogramBuckets.len(h.positiveBuckets()) > 0;
      if (!hasNeg && hasPos) {
        lower = 0;
      } else if (!hasPos && hasNeg) {
        upper = 0;
      }
    } else if (custom) {
      if (lower == Double.NEGATIVE_INFINITY) {
        if (upper <= 0) {
          return upper;
        }
        lower = 0;
      } else if (upper == Double.POSITIVE_INFINITY) {
        return lower;
      }
    }
    if (count > h.count()) {
      count = h.count();
    }
    if (count < rank) {
      return upper;
    }
    if (forward) {
      rank -= count - bucketCount;
    } else {
      rank = count - rank;
    }
    double fraction = rank / bucketCount;
    if (custom || (lower <= 0 && upper >= 0)) {
      return lower + (upper - lower) * fraction;
    }
    double logLower = GoMath.log2(Math.abs(lower));
    double logUpper = GoMath.log2(Math.abs(upper));
    if (lower > 0) {
      return Math.pow(2, logLower + (logUpper - logLower) * fraction);
    }
    return -Math.pow(2, logUpper + (logLower - logUpper) * (1 - fraction));
  }

  /**
   * The fraction of observations between {@code lower} and {@code upper} over buckets given as
   * (lower, upper, count) in ascending order; {@code total} is the observation count (the
   * denominator) and {@code cap} the most a rank can reach (less than the total when NaN
   * observations are excluded). Infinite-width buckets are not interpolated into.
   */
  static double fraction(double lower, double upper, double[] lo, double[] up, double[] cnt,
      int n, double total, double cap, boolean linear, boolean onlyPos, boolean onlyNeg) {
    if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (int i = 0; i < n; i++) {
      double bl = lo[i];
      double bu = up[i];
      double c = cnt[i];
      boolean zeroBucket = false;
      if (linear) {
        if (bl == Double.NEGATIVE_INFINITY && bu > 0) {
          bl = 0;
        }
      } else if (bl <= 0 && bu >= 0) {
        zeroBucket = true;
        if (onlyPos) {
          bl = 0;
        } else if (onlyNeg) {
          bu = 0;
        }
      }
      if (!lowerSet && bl >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && bl >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && bl < lower && bu > lower) {
        lowerRank = interpolate(lower, bl, bu, c, rank, linear || zeroBucket);
        lowerSet = true;
      }
      if (!upperSet && bl < upper && bu > upper) {
        upperRank = interpolate(upper, bl, bu, c, rank, linear || zeroBucket);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank += c;
    }
    if (!lowerSet || lowerRank > cap) {
      lowerRank = cap;
    }
    if (!upperSet || upperRank > cap) {
      upperRank = cap;
    }
    return (upperRank - lowerRank) / total;
  }

  private static double interpolate(
      double v, double bl, double bu, double c, double rank, boolean linear) {
    if (bl == Double.NEGATIVE_INFINITY) {
      return rank + c; // no interpolation into an infinitely wide bucket
    }
    if (bu == Double.POSITIVE_INFINITY) {
      return rank;
    }
    if (linear) {
      return rank + c * (v - bl) / (bu - bl);
    }
    double logLower = GoMath.log2(Math.abs(bl));
    double logUpper = GoMath.log2(Math.abs(bu));
    double logV = GoMath.log2(Math.abs(v));
    double fraction = v > 0
        ? (logV - logLower) / (logUpper - logLower)
        : 1 - ((logV - logUpper) / (logLower - logUpper));
    return rank + c * fraction;
  }
}
