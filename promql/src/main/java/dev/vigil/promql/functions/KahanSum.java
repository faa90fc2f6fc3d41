package dev.vigil.promql.functions;

/**
 * Kahan–Neumaier compensated summation as Prometheus does it: {@link #sum} and the compensation
 * {@link #c} are kept apart so callers can combine them the way each function needs. Mutable, not
 * thread-safe; meant to live on the stack of one call.
 */
final class KahanSum {
  double sum;
  double c;

  KahanSum() {}

  KahanSum(double sum, double c) {
    this.sum = sum;
    this.c = c;
  }

  void reset() {
    sum = 0;
    c = 0;
  }

  /** Adds {@code inc}; the compensation restarts at zero once the sum overflows. */
  void add(double inc) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /** The compensated total. */
  double value() {
    return sum + c;
  }
}
