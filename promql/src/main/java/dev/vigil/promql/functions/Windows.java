package dev.vigil.promql.functions;

/** Index arithmetic over a {@link RangeWindow}'s sample buffer. Stateless. */
final class Windows {
  private Windows() {}

  /** Number of float samples among indices [lo, hi). */
  static int floatCount(RangeWindow w, int lo, int hi) {
    if (w.h == null) {
      return hi - lo;
    }
    int n = 0;
    for (int i = lo; i < hi; i++) {
      if (w.h[i] == null) {
        n++;
      }
    }
    return n;
  }

  /**
   * First index of the samples an anchored or smoothed window sees: those after
   * {@code rangeStart - lookbackDelta}; the plain window start otherwise.
   */
  static int extendedLow(RangeWindow w) {
    int lo = w.from;
    if (w.anchored || w.smoothed) {
      long min = w.rangeStart - w.lookbackDelta;
      while (lo > 0 && w.t[lo - 1] > min) {
        lo--;
      }
    }
    return lo;
  }

  /**
   * End (exclusive) of the samples a smoothed window sees: up to {@code rangeEnd + lookbackDelta};
   * the plain window end otherwise.
   */
  static int extendedHigh(RangeWindow w) {
    int hi = w.to;
    if (w.smoothed) {
      long max = w.rangeEnd + w.lookbackDelta;
      while (hi < w.size && w.t[hi] <= max) {
        hi++;
      }
    }
    return hi;
  }

  /** The first index in [lo, hi) whose time is after {@code x}, or {@code hi}. */
  static int firstAfter(long[] t, int lo, int hi, long x) {
    int a = lo;
    int b = hi;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (t[m] > x) {
        b = m;
      } else {
        a = m + 1;
      }
    }
    return a;
  }

  /** The first index in [lo, hi) whose time is at or after {@code x}, or {@code hi}. */
  static int firstAtOrAfter(long[] t, int lo, int hi, long x) {
    int a = lo;
    int b = hi;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (t[m] >= x) {
        b = m;
      } else {
        a = m + 1;
      }
    }
    return a;
  }
}
