package dev.vigil.promql.functions;

/**
 * Counter resets told by sample start timestamps (OpenTelemetry's start time), as Prometheus's
 * experimental start-timestamp support reads them. Stateless.
 */
final class StartTimes {
  private StartTimes() {}

  /** Whether the sample at {@code curr} starts a new counter after the one at {@code prev}. */
  static boolean isReset(RangeWindow w, int prev, int curr) {
    long[] st = w.st;
    if (st == null) {
      return false;
    }
    return isReset(st[prev], w.t[prev], st[curr], w.t[curr]);
  }

  static boolean isReset(long prevStart, long prevT, long currStart, long currT) {
    if (currStart == 0 || currStart > currT) {
      return false; // unknown or invalid start time
    }
    if (currStart < prevT) {
      return false;
    }
    if (currStart > prevT) {
      return true;
    }
    // The start time points at the previous sample: a delta series resets at every sample, a
    // cumulative one whose start time is unknown does not.
    return prevStart != 0;
  }
}
