package dev.vigil.bench.query;

import java.util.Arrays;

/**
 * Latencies of one query on one store: wall milliseconds of each timed run, the store process's
 * CPU milliseconds per timed run (its user + system time over all timed runs, divided by their
 * number; NaN when unknown), the part of that CPU time its JIT compiler threads (C2 and C1) took
 * (0 for stores without a JIT), the series count of the answer (to show the stores agree on its
 * size), or why it failed.
 */
record QueryTiming(String query, String kind, double[] millis, double cpuMillis,
    double jitCpuMillis, int seriesReturned, String error) {
  static QueryTiming failed(String query, String kind, String error) {
    return new QueryTiming(query, kind, new double[0], Double.NaN, Double.NaN, -1, error);
  }

  boolean ok() {
    return error == null;
  }

  double median() {
    if (millis.length == 0) {
      return Double.NaN;
    }
    double[] s = millis.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
