package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.functions.FloatRate;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeWindow;

/**
 * The step loop of a registered range function over a matrix selector without modifiers or
 * scalar arguments: {@link RangeEvaluator}'s windowing, narrowed to what such calls need (no
 * scalar arguments, no samples around the window). For {@code rate}, {@code increase} and {@code
 * delta} the float arithmetic is called directly ({@link FloatRate}) and counter resets are
 * tracked here, each sample examined once; a window holding a histogram or a sample with a start
 * timestamp, and every window of the other functions, goes through the function itself, as in
 * the shared loop. Same results, annotations and statistics as {@link RangeEvaluator}'s loop, bit
 * for bit.
 *
 * <p>Why a loop of its own: the shared loop serves every case (modifiers, scalar arguments) and
 * the JIT recompiles it (tens of KB of code, seconds of compiler time on a small machine) each
 * time a query reaches a branch or function it has not seen; this one, taken by nearly every
 * query, is compiled early and stays small. Stateless; the window and buffer belong to the
 * calling thread.
 */
final class RateLoop {
  private RateLoop() {}

  /**
   * Windows one series over every step and applies the function ({@code rate} when non-null,
   * else {@code fn}): the series' result, or null when no
   * step has a value, with its input's labels (the caller drops the name). Samples are accounted
   * in {@code ctx}, annotations go to {@code ctx}. The
   * caller has reset {@code buf} on the series' samples ({@link RangeEvaluator#startSeries}), so
   * that this loop's compilation holds none of the store's iterator code.
   */
  static StepSeries series(Evaluator ev, Labels labels,
      boolean srcDropName, long[] refs, long range, StepGrid g,
      RangeFunction fn, FloatRate rate, SeriesRecycler recycler, RangeWindow w,
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
    boolean counter = rate != null && rate.isCounter();
    // As in RangeEvaluator: compare each window with the headroom left, account the largest once.
    long headroom = ctx.options().maxSamples() - ctx.currentSamples();
    int largestWindow = 0;
    long read = 0;
    long[] bt = buf.t;
    int bsize = buf.size;
    // the kernel applies: a rate kernel and no histogram and no start timestamp in the buffer
    boolean plain = rate != null;
    boolean changed = true;
    int scanned = 0; // counter resets: buffer samples examined so far, and the last one found
    int lastReset = -1;
    for (int i = 0; i < n; i++) {
      if ((i & 4095) == 4095) {
        ctx.checkCancelled();
      }
      long end = refs[i];
      long start = end - range;
      keep = after(bt, keep, bsize, start);
      // The window's first sample: what the buffer loads below is all after start.
      from = keep;
      boolean pending = buf.hasPendingUpTo(end);
      if (keep > 0 && (keep >= bsize - keep || bsize == bt.length && pending)) {
        buf.shift(keep);
        w.shiftResets(keep);
        from = 0;
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
        plain = rate != null && buf.h == null && buf.st == null;
        changed = false;
      }
      to = after(bt, Math.max(to, from), bsize, end);
      int size = to - from;
      if (size == 0) {
        continue;
      }
      if (size > headroom) {
        ctx.acquireSamples(size); // throws: the window does not fit the sample limit
      }
      largestWindow = Math.max(largestWindow, size);
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
          int k = Math.max(scanned, from + 1);
          lastReset = lastDrop(w.f, k, to, lastReset);
          scanned = Math.max(k, to);
          reset = lastReset > from;
        }
        value = rate.value(w, from, to - 1, reset);
        if (res == null) {
          rate.annotate(w);
        }
      } else {
        if (!RangeEvaluator.applyAt(fn, w, from, to, g.time(i))) {
          continue;
        }
        value = w.outValue;
      }
      if (res == null) {
        res = RangeEvaluator.firstResult(ctx, largestWindow, n, recycler, labels, srcDropName);
        largestWindow = 0;
        headroom -= n;
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
    }
    return res;
  }
  /**
   * {@link #series} for a grid of one step (an instant query, or an instant node of a range one):
   * the window is the whole buffer after one load, so no sliding, shifting or reset bookkeeping;
   * the same results, annotations and statistics. A method of its own so that the JIT compiles
   * it small and with a profile of instant queries only, instead of the range loop's (whose
   * branches an instant query takes differently, deoptimising it).
   */
  static StepSeries instant(Evaluator ev, Labels labels, boolean srcDropName, long end, long range,
      StepGrid g, RangeFunction fn, FloatRate rate, SeriesRecycler recycler,
      RangeWindow w, SampleBuffer buf, EvalContext ctx) {
    w.lookbackDelta = ev.lookbackMs;
    w.forgetResets();
    w.labels = labels;
    long start = end - range;
    // The buffer was reset past start (RangeEvaluator.startSeries): after loading up to end it
    // holds exactly the window.
    if (buf.hasPendingUpTo(end)) {
      buf.load(start, end);
    }
    int size = buf.size;
    if (size == 0) {
      ctx.countQueryable(0);
      return null;
    }
    if (size > ctx.options().maxSamples() - ctx.currentSamples()) {
      ctx.acquireSamples(size); // throws: the window does not fit the sample limit
    }
    if (ctx.perStepSamples() != null) {
      ctx.countQueryableAtStep(ev.stepIndexInQueryGrid(g, 0), size);
    }
    buf.exposeTo(w);
    w.rangeStart = start;
    w.rangeEnd = end;
    double value;
    FloatHistogram hist = null;
    if (rate != null && buf.h == null && buf.st == null) {
      if (size < 2) {
        return none(ctx, size);
      }
      boolean reset = false;
      if (rate.isCounter()) {
        reset = lastDrop(buf.f, 1, size, -1) > 0;
      }
      value = rate.value(w, 0, size - 1, reset);
      rate.annotate(w);
    } else {
      w.from = 0;
      w.to = size;
      w.stepTime = g.time(0);
      w.outHistogram = null;
      if (!fn.apply(w)) {
        return none(ctx, size);
      }
      value = w.outValue;
      hist = w.outHistogram;
    }
    RangeEvaluator.notePeak(ctx, size);
    ctx.acquireSamples(1);
    ctx.reserveSlots(1);
    StepSeries res = SeriesRecycler.take(recycler, labels, 1);
    res.dropName = srcDropName;
    if (hist != null) {
      res.setHistogram(0, hist);
    } else {
      res.set(0, value);
    }
    ctx.countQueryable(size);
    ctx.releaseSamples(1);
    ctx.acquireSamples(res.count());
    return res;
  }

  /**
   * The first index at or after {@code i} (below {@code size}) whose time is after {@code bound},
   * or {@code size}. The step loops slide a window's bounds with it: a loop of its own in a
   * method this small is compiled (and inlined by C2) once for every step loop, where the same
   * loop written inside each step loop gave that loop an on-stack-replacement compilation of
   * its own for each inner loop that got hot first (the whole step loop, each time).
   */
  static int after(long[] t, int i, int size, long bound) {
    while (i < size && t[i] <= bound) {
      i++;
    }
    return i;
  }

  /**
   * The last index in {@code [k, to)} whose value is below its predecessor's (a counter reset),
   * or {@code last} when there is none. A method of its own for the reason given at {@link
   * #after}.
   */
  static int lastDrop(double[] f, int k, int to, int last) {
    for (; k < to; k++) {
      if (f[k] < f[k - 1]) {
        last = k;
      }
    }
    return last;
  }

  /** The accounting of a window that gave no value. */
  private static StepSeries none(EvalContext ctx, int size) {
    RangeEvaluator.notePeak(ctx, size);
    ctx.countQueryable(size);
    return null;
  }
}
