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

  /** What a window holds, for functions that treat floats and native histograms apart. */
  enum Content {
    /** Nothing to compute: empty, or floats mixed with histograms (annotated). */
    NONE,
    FLOATS,
    HISTOGRAMS
  }

  /**
   * Classifies samples [lo, hi): a mix of floats and histograms yields no result, with
   * Prometheus's annotation naming the metric.
   */
  static Content content(RangeWindow w, int lo, int hi) {
    if (hi <= lo) {
      return Content.NONE;
    }
    int floats = floatCount(w, lo, hi);
    if (floats == hi - lo) {
      return Content.FLOATS;
    }
    if (floats == 0) {
      return Content.HISTOGRAMS;
    }
    AnnotationText.mixedFloatsHistograms(w.ctx, w.metricName(), w.argPos);
    return Content.NONE;
  }
}
