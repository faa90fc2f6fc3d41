package dev.vigil.promql.functions;

/**
 * One remembered division. A range query slides windows over regularly spaced samples, so rate
 * and increase divide the same numbers step after step (the distance from the first sample to
 * the window start, the sampled interval, the average interval, ...); remembering the last
 * quotient turns most of those divisions, the slowest arithmetic in the hot loop, into a compare.
 * The result is always the quotient Java's division gives, bit for bit. Not thread-safe: each
 * {@link RangeWindow} has its own.
 */
final class Quotient {
  private boolean set;
  private long a;
  private long b;
  private double value;

  /** {@code ms / 1000.0}. */
  double millisToSeconds(long ms) {
    if (!set || a != ms || b != 1000) {
      set = true;
      a = ms;
      b = 1000;
      value = ms / 1000.0;
    }
    return value;
  }

  /** {@code x / y}. */
  double divide(double x, double y) {
    long xb = Double.doubleToRawLongBits(x);
    long yb = Double.doubleToRawLongBits(y);
    if (!set || a != xb || b != yb) {
      set = true;
      a = xb;
      b = yb;
      value = x / y;
    }
    return value;
  }
}
