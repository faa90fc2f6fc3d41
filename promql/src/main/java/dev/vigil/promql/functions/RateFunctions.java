package dev.vigil.promql.functions;

/**
 * {@code rate}, {@code increase}, {@code delta}, {@code irate} and {@code idelta} over float
 * samples, with Prometheus's extrapolation rules and the experimental {@code anchored} and
 * {@code smoothed} range modifiers. Stateless; every method reads and writes only its window.
 */
final class RateFunctions {
  private RateFunctions() {}

  static boolean rate(RangeWindow w) {
    return extrapolatedRate(w, true, true);
  }

  static boolean increase(RangeWindow w) {
    return extrapolatedRate(w, true, false);
  }

  static boolean delta(RangeWindow w) {
    return extrapolatedRate(w, false, false);
  }

  static boolean irate(RangeWindow w) {
    return instantValue(w, true);
  }

  static boolean idelta(RangeWindow w) {
    return instantValue(w, false);
  }

  /**
   * The difference between the first and last sample of the window (plus the values lost to
   * counter resets), extrapolated towards the window boundaries: all the way when the first/last
   * sample is within 1.1 average sample intervals of the boundary, else by half an interval, and
   * for counters never below zero. With start timestamps ({@link StartTimestamps}) a counter also
   * resets where they say so, and a series that started inside the window is counted from zero at
   * its start rather than extrapolated to the left (which takes a single sample).
   */
  private static boolean extrapolatedRate(RangeWindow w, boolean isCounter, boolean isRate) {
    if (w.anchored || w.smoothed) {
      return extendedRate(w, isCounter, isRate);
    }
    int n = w.to - w.from;
    Windows.Content content = Windows.content(w, w.from, w.to);
    if (content == Windows.Content.NONE) {
      return false;
    }
    if (content == Windows.Content.HISTOGRAMS) {
      if (n > 1 || isCounter && StartTimestamps.anchorsWindow(w, w.from)) {
        return HistogramRate.extrapolated(w, isCounter, isRate);
      }
      return false;
    }
    // A counter whose series started inside the window counts from zero at its start.
    boolean anchoredAtStart = isCounter && StartTimestamps.anchorsWindow(w, w.from);
    if (n < 2 && !anchoredAtStart) {
      return false;
    }
    double[] f = w.f;
    int first = w.from;
    int last = w.to - 1;
    double result = f[last] - f[first];
    if (isCounter) {
      if (w.resetIn(first, last)) {
        for (int i = first + 1; i <= last; i++) {
          if (f[i] < f[i - 1] || StartTimestamps.isReset(w, i)) {
            result += f[i - 1];
          }
        }
      }
      StartTimestamps.warnOverlaps(w, first, last + 1);
    }
    if (anchoredAtStart) {
      result += f[first];
    }
    double factor =
        extrapolationFactor(w, first, last, anchoredAtStart, isCounter, isRate, f[first], result);
    w.outValue = result * factor;
    w.outHistogram = null;
    if (isCounter) {
      counterInfo(w);
    }
    return true;
  }

  /** Prometheus's hint that rate/increase runs over something whose name is not a counter's. */
  static void counterInfo(RangeWindow w) {
    if (w.nonCounterName()) {
      AnnotationText.possibleNonCounter(w.ctx, w.metricName(), w.argPos);
    }
  }

  /**
   * rate/increase/delta with {@code anchored} (the value at the window start is the last sample at
   * or before it) or {@code smoothed} (values at both boundaries interpolated between neighbours).
   * No extrapolation.
   */
  private static boolean extendedRate(RangeWindow w, boolean isCounter, boolean isRate) {
    int lo = Windows.extendedLow(w);
    int hi = Windows.extendedHigh(w);
    Windows.Content content = Windows.content(w, lo, hi);
    if (content == Windows.Content.NONE) {
      return false;
    }
    if (content == Windows.Content.HISTOGRAMS) {
      return HistogramRate.extended(w, lo, hi, isCounter, isRate);
    }
    long[] t = w.t;
    double[] f = w.f;
    long rangeStart = w.rangeStart;
    long rangeEnd = w.rangeEnd;
    if (t[lo] > rangeEnd) {
      return false; // nothing at or before the range end: no value to start from
    }
    int last = hi - 1;
    // The last sample at or before the range start (or the first sample when there is none).
    int first = Math.max(lo, Windows.firstAfter(t, lo, last, rangeStart) - 1);
    if (w.smoothed) {
      last = Windows.firstAtOrAfter(t, lo, last, rangeEnd);
    }
    if (t[last] <= rangeStart) {
      return false;
    }
    double left = w.smoothed && t[first] < rangeStart
        ? interpolate(t, f, first, first + 1, rangeStart, isCounter)
        : f[first];
    double right = w.smoothed && last > lo && t[last] > rangeEnd
        ? interpolate(t, f, last - 1, last, rangeEnd, isCounter)
        : f[last];
    double result = right - left;
    if (isCounter) {
      // Resets at the boundaries are already inside the interpolated values.
      if (t[first] <= rangeStart) {
        first++;
      }
      if (t[last] >= rangeEnd) {
        last--;
      }
      double correction = 0;
      double prev = left;
      for (int i = first; i <= last; i++) {
        if (f[i] < prev) {
          correction += prev;
        }
        prev = f[i];
      }
      if (right < prev) {
        correction += prev;
      }
      result += correction;
    }
    if (isRate) {
      result /= (rangeEnd - rangeStart) / 1000.0;
    }
    w.outValue = result;
    w.outHistogram = null;
    if (isCounter) {
      counterInfo(w);
    }
    return true;
  }

  private static double interpolate(
      long[] t, double[] f, int i1, int i2, long at, boolean isCounter) {
    double y1 = f[i1];
    double y2 = f[i2];
    if (isCounter && y2 < y1) {
      y1 = 0; // a reset between the two: the counter restarted from zero
    }
    return y1 + (y2 - y1) * (double) (at - t[i1]) / (double) (t[i2] - t[i1]);
  }

  /** irate/idelta: from the last two samples of the window. */
  private static boolean instantValue(RangeWindow w, boolean isRate) {
    if (w.to - w.from < 2) {
      return false;
    }
    int i0 = w.to - 2;
    int i1 = w.to - 1;
    long interval = w.t[i1] - w.t[i0];
    if (interval == 0) {
      return false;
    }
    boolean h0 = w.h != null && w.h[i0] != null;
    boolean h1 = w.h != null && w.h[i1] != null;
    if (h0 != h1) {
      AnnotationText.mixedFloatsHistograms(w.ctx, w.metricName(), w.argPos);
      return false;
    }
    if (h0) {
      return HistogramRate.instant(w, i0, i1, isRate);
    }
    double v0 = w.f[i0];
    double v1 = w.f[i1];
    double result = v1;
    if (!isRate || !(v1 < v0 || StartTimestamps.isReset(w, i1))) {
      result = v1 - v0;
    }
    if (isRate) {
      result /= interval / 1000.0;
    }
    w.outValue = result;
    w.outHistogram = null;
    return true;
  }

  /**
   * Prometheus's extrapolation of a window's increase to the window's edges: by at most half an
   * average interval where the samples stop short of an edge by more than 1.1 intervals, never
   * below a counter's zero point, and not at all on the left when the series started inside the
   * window ({@code anchoredAtStart}). Shared by floats and native histograms, whose "value" here is
   * the count.
   *
   * @param firstValue the first sample's value (count), for the zero-point limit
   * @param result the window's increase (count), with resets corrected
   */
  /**
   * Whether the counter's zero point, {@code sampledInterval * (firstValue / result)} before the
   * first sample, is certainly not nearer than {@code durationToStart}, decided without dividing:
   * true only when every input has a moderate magnitude (no product or quotient can overflow or
   * underflow) and the products differ by far more than rounding could, so that the exact
   * comparison says the same. The usual counter (a large value, a small increase) takes this way.
   */
  static boolean clearlyAfterZero(
      double firstValue, double result, double sampledInterval, double durationToStart) {
    return moderate(firstValue) && moderate(result) && moderate(sampledInterval)
        && (durationToStart == 0 || moderate(durationToStart))
        && firstValue * sampledInterval > durationToStart * result * (1 + 1e-9);
  }

  static boolean moderate(double x) {
    return x >= 0x1p-500 && x <= 0x1p500;
  }

  static double extrapolationFactor(RangeWindow w, int first, int last, boolean anchoredAtStart,
      boolean isCounter, boolean isRate, double firstValue, double result) {
    int n = last - first + 1;
    long firstT = w.t[first];
    long lastT = w.t[last];
    double durationToStart = w.toStart.millisToSeconds(firstT - w.rangeStart);
    double durationToEnd = w.toEnd.millisToSeconds(w.rangeEnd - lastT);
    double sampledInterval = w.sampled.millisToSeconds(lastT - firstT);
    double averageInterval = n > 1 ? w.average.divide(sampledInterval, n - 1) : 0;
    double threshold = averageInterval * 1.1;
    if (anchoredAtStart) {
      durationToStart = 0;
      sampledInterval = (lastT - StartTimestamps.at(w, first)) / 1000.0;
    } else if (durationToStart >= threshold) {
      durationToStart = averageInterval / 2;
    }
    if (isCounter && !anchoredAtStart) {
      // A counter cannot go below zero: when the extrapolated start would, start at the zero point.
      double durationToZero = durationToStart;
      if (result > 0 && firstValue >= 0 && !clearlyAfterZero(
          firstValue, result, sampledInterval, durationToStart)) {
        durationToZero = sampledInterval * (firstValue / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = averageInterval / 2;
    }
    double factor =
        w.factor.divide(sampledInterval + durationToStart + durationToEnd, sampledInterval);
    if (isRate) {
      factor = w.perSecond.divide(factor, w.rangeSeconds());
    }
    return factor;
  }
}
