package dev.vigil.promql.functions;

import dev.vigil.model.SampleIterator;

/**
 * What the samples' start timestamps ("created timestamps", {@link RangeWindow#st}) tell the
 * counter functions, as Prometheus uses them with {@code UseStartTimestamps}:
 *
 * <ul>
 *   <li>a counter reset between two samples ({@link #isReset}) even when the value did not drop:
 *       the later sample's series started after the earlier sample (cumulative series restarted),
 *       or started exactly at it while the earlier one had a start of its own (delta-style series
 *       whose every sample covers the interval since the previous one);
 *   <li>where a counter series started inside the window ({@link #anchorsWindow}): rate and
 *       increase count from a zero at that start instead of extrapolating to the left;
 *   <li>a start that overlaps the previous sample without being the same series start ({@link
 *       #overlaps}): a warning, as the samples cannot all be right.
 * </ul>
 *
 * {@link SampleIterator#NO_START_TIMESTAMP} (0) means the sample has none; a start at or after
 * the sample's own time is invalid and never means a reset. Stateless.
 */
final class StartTimestamps {
  private StartTimestamps() {}

  /** The start timestamp of sample {@code i} of the window's buffer, or none. */
  static long at(RangeWindow w, int i) {
    return w.st == null ? SampleIterator.NO_START_TIMESTAMP : w.st[i];
  }

  /** Whether the window's buffer holds any start timestamp. */
  static boolean present(RangeWindow w) {
    return w.st != null;
  }

  /**
   * Whether the start timestamps tell of a counter reset between the sample at {@code prevT} and
   * the one at {@code currT}.
   */
  static boolean isReset(long prevSt, long prevT, long currSt, long currT) {
    if (currSt == SampleIterator.NO_START_TIMESTAMP || currSt >= currT || currSt < prevT) {
      return false;
    }
    if (currSt > prevT) {
      return true;
    }
    // The start points at the previous sample: a delta sample (the previous one had a start of
    // its own before its time), or a cumulative series whose start is unknown (it had none, or
    // an invalid one) and that did not restart.
    return prevSt != SampleIterator.NO_START_TIMESTAMP && prevSt < prevT;
  }

  /** {@link #isReset} between buffer samples {@code i - 1} and {@code i}. */
  static boolean isReset(RangeWindow w, int i) {
    return w.st != null && isReset(w.st[i - 1], w.t[i - 1], w.st[i], w.t[i]);
  }

  /**
   * Whether the window's first sample (buffer index {@code first}) has a start strictly inside the
   * window and before the sample: the series started there, at zero.
   */
  static boolean anchorsWindow(RangeWindow w, int first) {
    long st = at(w, first);
    return st != SampleIterator.NO_START_TIMESTAMP && st > w.rangeStart && st < w.t[first];
  }

  /**
   * Whether sample {@code i}'s start lies before the previous sample without being the previous
   * sample's start (the same cumulative series).
   */
  static boolean overlaps(RangeWindow w, int i) {
    if (w.st == null) {
      return false;
    }
    long st = w.st[i];
    return st != SampleIterator.NO_START_TIMESTAMP && st < w.t[i - 1] && st != w.st[i - 1];
  }

  /** Warns once per window when a sample of {@code [from, to)} overlaps its predecessor. */
  static void warnOverlaps(RangeWindow w, int from, int to) {
    if (w.st == null) {
      return;
    }
    for (int i = from + 1; i < to; i++) {
      if (overlaps(w, i)) {
        AnnotationText.startTimestampOverlap(w.ctx, w.metricName(), w.argPos);
        return;
      }
    }
  }
}
