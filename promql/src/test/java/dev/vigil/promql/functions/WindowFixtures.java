package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.EvalContext;

/**
 * Builds {@link RangeWindow}s the way the evaluator does, from a series' samples, an evaluation
 * time and a range, for the function tests.
 */
final class WindowFixtures {
  private WindowFixtures() {}

  static final long M = 60_000;
  static final long S = 1_000;

  /** Samples every {@code interval} from 0 of the given values (NaN entries included). */
  static long[] times(long interval, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * interval;
    }
    return t;
  }

  static RangeWindow window(String metric, long[] t, double[] f, long at, long range) {
    return window(metric, t, f, null, at, range);
  }

  static RangeWindow window(
      String metric, long[] t, double[] f, FloatHistogram[] h, long at, long range) {
    RangeWindow w = new RangeWindow();
    w.t = t;
    w.f = f;
    w.h = h;
    w.size = t.length;
    w.rangeStart = at - range;
    w.rangeEnd = at;
    w.stepTime = at;
    w.lookbackDelta = 5 * M;
    int from = 0;
    while (from < t.length && t[from] <= w.rangeStart) {
      from++;
    }
    int to = from;
    while (to < t.length && t[to] <= w.rangeEnd) {
      to++;
    }
    w.from = from;
    w.to = to;
    w.labels = metric == null ? Labels.EMPTY : Labels.of("__name__", metric);
    w.callPos = new PosRange(0, 10);
    w.argPos = new PosRange(5, 10);
    w.ctx = new EvalContext("rate(metric[5m])", EngineOptions.DEFAULT, () -> false);
    w.scalarArgs = new double[3];
    return w;
  }

  /** The function's result, or null when it yields none. */
  static Double apply(String fn, RangeWindow w) {
    return RangeFunctions.get(fn).apply(w) ? w.outValue : null;
  }

  /** Values start, start+inc, ... (n values): the promqltest {@code a+bxn} notation has n+1. */
  static double[] series(double start, double inc, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * inc;
    }
    return v;
  }

  static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int k = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, k, p.length);
      k += p.length;
    }
    return out;
  }
}
