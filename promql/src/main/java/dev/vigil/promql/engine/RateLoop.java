package dev.vigil.promql.engine;

import dev.vigil.model.Labels;
import dev.vigil.promql.functions.FloatRate;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeWindow;

/**
 * The step loop of {@code rate}, {@code increase} and {@code delta} over a matrix selector without
 * modifiers: {@link RangeEvaluator}'s windowing, narrowed to what those three need (no scalar
 * arguments, no samples around the window), with the float arithmetic called directly ({@link
 * FloatRate}) and counter resets tracked here, each sample examined once. A window holding a
 * histogram or a sample with a start timestamp goes through the function itself, as in the
 * shared loop. Same results, annotations and statistics as {@link RangeEvaluator}'s loop, bit for
 * bit.
 *
 * <p>Why a loop of its own: the shared loop serves every range function and the JIT recompiles it
 * (tens of KB of code, seconds of compiler time on a small machine) each time a query reaches a
 * branch or function it has not seen; this one only ever sees these three functions. Stateless;
 * the window and buffer belong to the calling thread.
 */
final class RateLoop {
  private RateLoop() {}

  /**
   * Windows one series over every step and applies the rate: the series' result, or null when no
   * step has a value. Samples are accounted in {@code ctx}, annotations go to {@code ctx}. The
   * caller has reset {@code buf} on the series' samples ({@link RangeEvaluator#startSeries}), so
   * that this loop's compilation holds none of the store's iterator code.
   */
  static StepSeries series(Evaluator ev, Labels labels,
      boolean srcDropName, long[] refs, long range, StepGrid g,
      RangeFunction fn, FloatRate rate, boolean dropName, SeriesRecycler recycler, RangeWindow w,
      SampleBuffer buf, EvalContext ctx) {
    int n = g.count();
    w.lookbackDelta = ev.lookbackMs;
    w.forgetResets();
    w.labels = labels;
    StepSeries res = null;
    int from = 0;
    int to = 0;
    int keep = 0;
    boolean perStep = ctx.perStepSamples() != null;
    boolean counter = rate.isCounter();
    // As in RangeEvaluator: compare each window with the headroom left, account the largest once.
    long headroom = ctx.options().maxSamples() - ctx.currentSamples();
    int largestWindow = 0;
    long read = 0;
    long[] bt = buf.t;
    int bsize = buf.size;
    boolean plain = true; // no histogram and no start timestamp in the buffer
    boolean changed = true;
    int scanned = 0; // counter resets: buffer samples examined so far, and the last one found
    int lastReset = -1;
    for (int i = 0; i < n; i++) {
      if ((i & 4095) == 4095) {
        ctx.checkCancelled();
      }
      long end = refs[i];
      long start = end - range;
      while (keep < bsize && bt[keep] <= start) {
        keep++;
      }
      boolean pending = buf.hasPendingUpTo(end);
      if (keep > 0 && (keep >= bsize - keep || bsize == bt.length && pending)) {
        buf.shift(keep);
        w.shiftResets(keep);
        from = Math.max(0, from - keep);
        to = Math.max(0, to - keep);
        scanned = Math.max(0, scanned - keep);
        lastReset = lastReset - keep < 0 ? -1 : lastReset - keep;
        keep = 0;
        changed = true;
      }
      if (pending) {
        buf.load(start, end);
        changed = true;
      }
      if (changed) {
        bt = buf.t;
        bsize = buf.size;
        buf.exposeTo(w);
        plain = buf.h == null && buf.st == null;
        changed = false;
      }
      while (from < bsize && bt[from] <= start) {
        from++;
      }
      if (to < from) {
        to = from;
      }
      while (to < bsize && bt[to] <= end) {
        to++;
      }
      int size = to - from;
      if (size == 0) {
        continue;
      }
      if (size > headroom) {
        ctx.acquireSamples(size); // throws: the window does not fit the sample limit
      }
      if (size > largestWindow) {
        largestWindow = size;
      }
      read += size;
      if (perStep) {
        ctx.countQueryableAtStep(ev.stepIndexInQueryGrid(g, i), size);
      }
      w.rangeStart = start;
      w.rangeEnd = end;
      double value;
      if (plain) {
        if (size < 2) {
          continue; // no value from a single float without a start timestamp
        }
        boolean reset = false;
        if (counter) {
          double[] f = w.f;
          int k = Math.max(scanned, from + 1);
          for (; k < to; k++) {
            if (f[k] < f[k - 1]) {
              lastReset = k;
            }
          }
          scanned = k;
          reset = lastReset > from;
        }
        value = rate.value(w, from, to - 1, reset);
        if (res == null) {
          rate.annotate(w);
        }
      } else {
        w.from = from;
        w.to = to;
        w.stepTime = g.time(i);
        w.outHistogram = null;
        if (!fn.apply(w)) {
          continue;
        }
        value = w.outValue;
      }
      if (res == null) {
        RangeEvaluator.notePeak(ctx, largestWindow);
        largestWindow = 0;
        ctx.acquireSamples(n);
        headroom -= n;
        ctx.reserveSlots(n);
        res = SeriesRecycler.take(recycler, labels, n);
        res.dropName = srcDropName;
      }
      if (!plain && w.outHistogram != null) {
        res.setHistogram(i, w.outHistogram);
      } else {
        res.set(i, value);
      }
    }
    RangeEvaluator.notePeak(ctx, largestWindow);
    ctx.countQueryable(read);
    if (res != null) {
      ctx.releaseSamples(n);
      ctx.acquireSamples(res.count());
      if (dropName) {
        ev.dropName(res);
      }
    }
    return res;
  }
}
