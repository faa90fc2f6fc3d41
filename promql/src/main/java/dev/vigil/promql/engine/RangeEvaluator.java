package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.functions.FloatRate;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeFunctions;
import dev.vigil.promql.functions.RangeWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Range vectors: matrix selectors and subqueries, windowed per step for range-vector functions
 * (series at a time: each series' samples are pulled once and two indices slide over them as the
 * window {@code (ref - range, ref]} advances), or returned whole at the top of an instant query.
 * A call's series may be windowed on several threads ({@link SeriesFanOut}): everything a series
 * needs beyond its own window and buffer is in the immutable {@code RangeCall}.
 */
final class RangeEvaluator {
  private final Evaluator ev;

  RangeEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  /** One series to window; its sample iterator is opened only when its turn comes. */
  private record Source(Labels labels, boolean dropName, Series stored, StepSeries inner,
      StepGrid innerGrid) {
    SampleIterator samples() {
      return stored != null ? stored.iterator() : new StepSeriesIterator(inner, innerGrid);
    }
  }

  /** A range-vector argument resolved for a grid: its series and per-step window ends. */
  private final class RangeArg {
    final long range;
    final long[] refs;
    final boolean anchored;
    final boolean smoothed;
    final long loadFrom; // exclusive
    final long loadTo; // inclusive
    /** A matrix selector's series, streamed from the store one at a time. */
    private SeriesSet set;
    /** A subquery's inner series, evaluated in full first. */
    private List<Source> list = List.of();
    private int listIndex;
    private RangeArg delegate;

    /** The next series, or null after the last. */
    Source next() {
      if (delegate != null) {
        return delegate.next();
      }
      if (set != null) {
        if (!set.next()) {
          return null;
        }
        Series s = set.at();
        return new Source(s.labels(), false, s, null, null);
      }
      return listIndex < list.size() ? list.get(listIndex++) : null;
    }

    /** The store's warnings, once every series was read. */
    List<String> warnings() {
      if (delegate != null) {
        return delegate.warnings();
      }
      return set != null ? set.warnings() : List.of();
    }

    RangeArg(Expr arg, StepGrid g, String func) {
      int n = g.count();
      refs = new long[n];
      if (arg instanceof Expr.MatrixSelector ms) {
        Expr.VectorSelector vs = ms.selector();
        range = ms.range();
        anchored = vs.anchored();
        smoothed = vs.smoothed();
        for (int i = 0; i < n; i++) {
          refs[i] = SelectorEvaluator.ref(vs, g, i);
        }
        long ext = anchored || smoothed ? ev.lookbackMs : 0;
        loadFrom = refs[0] - range - ext;
        loadTo = refs[n - 1] + (smoothed ? ev.lookbackMs : 0);
        set = ev.querier().select(true,
            new SelectHints(loadFrom + 1, loadTo, n > 1 ? g.step() : 0, func), vs.matchers());
      } else if (arg instanceof Expr.SubqueryExpr sq) {
        range = sq.range();
        anchored = false;
        smoothed = false;
        for (int i = 0; i < n; i++) {
          refs[i] = (sq.at() != null ? sq.at().timestamp() : g.time(i)) - sq.offset();
        }
        loadFrom = refs[0] - range;
        loadTo = refs[n - 1];
        long step = sq.step() > 0 ? sq.step() : ev.defaultSubqueryStepMs;
        // The inner steps are multiples of the subquery step (from the epoch), the first one
        // strictly after the earliest window's start: that is how Prometheus aligns them.
        long innerStart = Math.floorDiv(loadFrom, step) * step + step;
        if (innerStart <= loadTo) {
          if ((loadTo - innerStart) / step + 1 > ev.ctx.options().maxSamples()) {
            throw new PromqlException(ErrorType.EXECUTION, EvalContext.TOO_MANY_SAMPLES);
          }
          StepGrid inner = new StepGrid(innerStart, loadTo, step);
          List<StepSeries> series = ev.vector(ev.eval(sq.expr(), inner), sq.expr());
          list = new ArrayList<>(series.size());
          for (StepSeries s : series) {
            forgetCounterResets(s);
            list.add(new Source(s.labels, s.dropName, null, s, inner));
          }
        }
      } else if (arg instanceof Expr.ParenExpr p) {
        RangeArg inner = new RangeArg(p.expr(), g, func);
        range = inner.range;
        System.arraycopy(inner.refs, 0, refs, 0, n);
        anchored = inner.anchored;
        smoothed = inner.smoothed;
        loadFrom = inner.loadFrom;
        loadTo = inner.loadTo;
        delegate = inner;
      } else {
        throw new PromqlException(ErrorType.EXECUTION,
            "expected a range vector, got " + arg.type().apiName());
      }
    }
  }

  /**
   * Applies a range-vector function to every series and step.
   *
   * @param matrixArg index of the range-vector argument
   * @param dropName whether the result loses {@code __name__}
   */
  List<StepSeries> call(
      Expr.Call c, int matrixArg, RangeFunction fn, StepGrid g, boolean dropName) {
    List<StepSeries> out = new ArrayList<>();
    call(c, matrixArg, fn, g, dropName, false, out::add, null);
    return out;
  }

  /**
   * As {@link #call(Expr.Call, int, RangeFunction, StepGrid, boolean)}, handing each series'
   * result to {@code sink} in input order as soon as it is known ({@link SeriesFanOut}); results
   * are taken from {@code recycler} when one is given.
   *
   * @param nameUnread whether the sink never reads the name of a float series (it groups by
   *     labels other than {@code __name__}, {@code __type__} and {@code __unit__}): such results
   *     keep their labels whole rather than be rebuilt without the name
   */
  void call(Expr.Call c, int matrixArg, RangeFunction fn, StepGrid g, boolean dropName,
      boolean nameUnread, Consumer<StepSeries> sink, SeriesRecycler recycler) {
    int n = g.count();
    int nargs = c.args().size();
    double[][] scalars = new double[nargs][];
    String[] strings = new String[nargs];
    for (int j = 0; j < nargs; j++) {
      if (j == matrixArg) {
        continue;
      }
      Expr a = c.args().get(j);
      Object v = ev.eval(a, g);
      if (v instanceof String s) {
        strings[j] = s;
      } else {
        scalars[j] = Evaluator.scalar(v, a);
      }
    }
    Expr arg = c.args().get(matrixArg);
    checkModifiers(arg, c.func().name());
    RangeArg ra = new RangeArg(arg, g, c.func().name());
    boolean extended = ra.anchored || ra.smoothed;
    long ext = extended ? ev.lookbackMs : 0;
    // Read ahead in bulk while windows overlap or touch; when steps leave gaps between windows,
    // seeking over the gaps reads less.
    long horizon = n > 1 && ra.refs[1] - ra.refs[0] > ra.range + ext ? Long.MIN_VALUE : ra.loadTo;
    // rate/increase/delta without modifiers (what nearly every dashboard runs) take a loop of
    // their own: small, and compiled for them alone, where the shared loop is recompiled as each
    // new function reaches it
    boolean registered = fn == RangeFunctions.get(c.func().name());
    FloatRate floatRate = !extended && registered ? FloatRate.forFunction(c.func().name()) : null;
    // The other registered functions without modifiers or scalar arguments (avg_over_time,
    // max_over_time, ...) take the same loops, through the function: one step loop compiled
    // early for every query, where the shared loop below was compiled late (few queries reach
    // it) and again for each new function.
    boolean rateLoop = !extended && registered && !anyNonNull(scalars) && allNull(strings);
    RangeCall rc = new RangeCall(c, arg, fn, g, ra, scalars, strings, horizon, dropName,
        nameUnread && !ev.delayedNameRemoval, recycler, floatRate, rateLoop);
    // Series at a time, on several threads for many series; results in input order.
    SeriesFanOut.run(ev, n, ra::next, ctx -> new SeriesWork(rc, ctx), sink, recycler != null);
    for (String warning : ra.warnings()) {
      ev.ctx.annotations().warn(warning);
    }
  }

  /**
   * One thread's work on a call's series: opens each series' samples and runs the step loop the
   * call needs ({@link RateLoop#instant}, {@link RateLoop#series} or {@link #windowSeries}). One
   * class for every call, rather than a lambda per loop: its {@code apply} is invoked for every
   * series of every range-function call, so it reaches the JIT's thresholds early in a server's
   * life and is compiled once, where three lambdas (each with the store's iterator code
   * inlined, tens of KB of compiled code) were compiled one by one as each loop got hot.
   */
  private final class SeriesWork implements SeriesFanOut.Work<Source> {
    private final RangeCall rc;
    private final EvalContext ctx;
    private final RangeWindow w;
    private final SampleBuffer buf;

    SeriesWork(RangeCall rc, EvalContext ctx) {
      this.rc = rc;
      this.ctx = ctx;
      this.w = rc.newWindow(ctx);
      this.buf = rc.newBuffer(ctx);
    }

    @Override
    public StepSeries apply(Source src) {
      startSeries(src, rc, buf, ctx);
      FloatRate rate = rc.floatRate;
      StepSeries res;
      if (!rc.rateLoop) {
        res = windowSeries(src, rc, w, buf, ctx);
      } else if (rc.g.count() == 1) {
        res = RateLoop.instant(ev, src.labels(), src.dropName(), rc.ra.refs[0], rc.ra.range,
            rc.g, rc.fn, rate, rc.recycler, w, buf, ctx);
      } else {
        res = RateLoop.series(ev, src.labels(), src.dropName(), rc.ra.refs, rc.ra.range, rc.g,
            rc.fn, rate, rc.recycler, w, buf, ctx);
      }
      return named(res, rc);
    }
  }

  /**
   * A series' result with the name dropped when the function drops it; not for a float series
   * whose consumer never reads the name ({@code nameUnread}): rebuilding every series' labels
   * without {@code __name__} costs more than an instant rate's arithmetic.
   */
  private StepSeries named(StepSeries res, RangeCall rc) {
    if (res != null && rc.dropName && !(rc.nameUnread && res.histograms == null)) {
      ev.dropName(res);
    }
    return res;
  }

  /**
   * Opens a series' samples and points {@code buf} at them, before its step loop runs: kept out
   * of the loops ({@link RateLoop#series}, {@link #windowSeries}) so that the store's iterator
   * code (seeking into chunks, with a receiver type per kind of store) is compiled here, in a
   * small method of its own, and a new iterator type recompiles only this.
   */
  private static void startSeries(Source src, RangeCall rc, SampleBuffer buf, EvalContext ctx) {
    ctx.checkCancelled();
    buf.reset(src.samples(), rc.ra.loadFrom, rc.horizon);
  }

  /**
   * What one range-function call needs for every series, fixed before the first: immutable, so
   * several threads may window different series of the same call.
   */
  private record RangeCall(Expr.Call call, Expr arg, RangeFunction fn, StepGrid g, RangeArg ra,
      double[][] scalars, String[] strings, long horizon, boolean dropName, boolean nameUnread,
      SeriesRecycler recycler, FloatRate floatRate, boolean rateLoop) {
    /** A window for one thread's series (a window is reused from series to series). */
    RangeWindow newWindow(EvalContext ctx) {
      RangeWindow w = new RangeWindow();
      w.scalarArgs = new double[call.args().size()];
      Arrays.fill(w.scalarArgs, Double.NaN);
      w.stringArgs = strings;
      w.callPos = call.pos();
      w.argPos = arg.pos();
      w.ctx = ctx;
      w.anchored = ra.anchored;
      w.smoothed = ra.smoothed;
      w.fixedName = fixedName(arg);
      return w;
    }

    /** A sample buffer for one thread's series. */
    SampleBuffer newBuffer(EvalContext ctx) {
      return new SampleBuffer(ctx.options().maxSamples(), ctx.options().useStartTimestamps());
    }
  }

  /**
   * Windows one series over every step of the call's grid and applies the function: the series'
   * result, or null when no step has a value. Samples are accounted in {@code ctx}, annotations
   * go to {@code ctx}; {@code w} and {@code buf} belong to the calling thread (made by {@link
   * RangeCall#newWindow} and {@link RangeCall#newBuffer}), {@code buf} reset on the series by
   * {@link #startSeries}. Touches nothing else mutable, so
   * different series may be windowed on different threads.
   */
  private StepSeries windowSeries(
      Source src, RangeCall rc, RangeWindow w, SampleBuffer buf, EvalContext ctx) {
    RangeArg ra = rc.ra;
    StepGrid g = rc.g;
    RangeFunction fn = rc.fn;
    double[][] scalars = rc.scalars;
    int n = g.count();
    boolean extended = ra.anchored || ra.smoothed;
    long ext = extended ? ev.lookbackMs : 0;
    w.lookbackDelta = ev.lookbackMs;
    w.forgetResets();
    w.labels = src.labels();
    StepSeries res = null;
    int from = 0;
    int to = 0;
    int keep = 0; // first sample a window or its modifier can still need
    boolean perStep = ctx.perStepSamples() != null;
    boolean anyScalars = anyNonNull(scalars);
    // A window's samples are held only while the function runs: rather than acquiring and
    // releasing each window in the context, compare it with the headroom the context has left
    // (acquiring it for real, to fail as before, only when it does not fit) and account the
    // largest window once, before the series' result is acquired and at the end.
    long headroom = ctx.options().maxSamples() - ctx.currentSamples();
    int largestWindow = 0;
    long read = 0;
    long[] refs = ra.refs;
    long range = ra.range;
    boolean smoothed = ra.smoothed;
    long lookback = ev.lookbackMs;
    // The buffer's arrays and size in locals, read again (and handed to the window) only after
    // the buffer changed: most steps only slide the window's indices.
    long[] bt = buf.t;
    int bsize = buf.size;
    boolean changed = true;
    for (int i = 0; i < n; i++) {
      if ((i & 4095) == 4095) {
        ctx.checkCancelled(); // a long grid over one series must stay interruptible too
      }
      long end = refs[i];
      long start = end - range;
      long keepAfter = start - ext;
      keep = RateLoop.after(bt, keep, bsize, keepAfter);
      long loadEnd = smoothed ? end + lookback : end;
      boolean pending = buf.hasPendingUpTo(loadEnd);
      // Compact when at least half of the buffer is behind the window, or before growing it
      // (the buffer reads ahead into free room, so a full buffer alone needs nothing).
      if (keep > 0 && (keep >= bsize - keep || bsize == bt.length && pending)) {
        buf.shift(keep);
        w.shiftResets(keep);
        from = Math.max(0, from - keep);
        to = Math.max(0, to - keep);
        keep = 0;
        changed = true;
      }
      if (pending) {
        // the skip bound is below loadEnd: nothing pending up to loadEnd, nothing to skip
        buf.load(keepAfter, loadEnd);
        changed = true;
      }
      if (changed) {
        bt = buf.t;
        bsize = buf.size;
        buf.exposeTo(w);
        changed = false;
      }
      from = RateLoop.after(bt, from, bsize, start);
      to = RateLoop.after(bt, Math.max(to, from), bsize, end);
      if (from == to && !(extended && hasNeighbour(buf, from, start, end, smoothed))) {
        continue;
      }
      int size = to - from;
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
      if (anyScalars) {
        scalarsAt(w, scalars, i);
      }
      if (!applyAt(fn, w, from, to, g.time(i))) {
        continue;
      }
      if (res == null) {
        res = firstResult(ctx, largestWindow, n, rc.recycler, src.labels(), src.dropName());
        largestWindow = 0;
        headroom -= n;
      }
      if (w.outHistogram != null) {
        res.setHistogram(i, w.outHistogram);
      } else {
        res.set(i, w.outValue);
      }
    }
    notePeak(ctx, largestWindow);
    ctx.countQueryable(read);
    if (res != null) {
      ctx.releaseSamples(n);
      ctx.acquireSamples(res.count());
    }
    return res;
  }

  /**
   * The metric name every series of a range argument has: the value of an equality matcher on
   * {@code __name__} of a matrix selector; null for anything else (a subquery's series have
   * whatever names its expression leaves).
   */
  static String fixedName(Expr arg) {
    while (arg instanceof Expr.ParenExpr p) {
      arg = p.expr();
    }
    if (!(arg instanceof Expr.MatrixSelector ms)) {
      return null;
    }
    for (Matcher m : ms.selector().matchers()) {
      if (m.type() == Matcher.Type.EQ && m.name().equals(Labels.METRIC_NAME)) {
        return m.value();
      }
    }
    return null;
  }

  /**
   * Runs {@code fn} on the window of buffer indices {@code [from, to)} at a step: true when it
   * gave a value ({@code w.outValue}, or {@code w.outHistogram} when non-null). Out of the step
   * loops, as are {@link #scalarsAt} and {@link #firstResult}, so that each loop compiles to
   * little code with one loop in it (see {@link RateLoop#after}).
   */
  static boolean applyAt(RangeFunction fn, RangeWindow w, int from, int to, long stepTime) {
    w.from = from;
    w.to = to;
    w.stepTime = stepTime;
    w.outHistogram = null;
    return fn.apply(w);
  }

  /** Hands the scalar arguments' values at step {@code i} to the window. */
  private static void scalarsAt(RangeWindow w, double[][] scalars, int i) {
    for (int j = 0; j < scalars.length; j++) {
      if (scalars[j] != null) {
        w.scalarArgs[j] = scalars[j][i];
      }
    }
  }

  private static boolean allNull(String[] strings) {
    for (String s : strings) {
      if (s != null) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyNonNull(double[][] arrays) {
    for (double[] a : arrays) {
      if (a != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * A series' result, taken when its first value is known: its largest window so far is
   * accounted (for the peak), then its {@code n} steps are held.
   */
  static StepSeries firstResult(EvalContext ctx, int largestWindow, int n,
      SeriesRecycler recycler, Labels labels, boolean dropName) {
    notePeak(ctx, largestWindow);
    ctx.acquireSamples(n);
    ctx.reserveSlots(n);
    StepSeries res = SeriesRecycler.take(recycler, labels, n);
    res.dropName = dropName;
    return res;
  }

  /** Accounts a window of {@code size} samples held and let go at once (for the peak). */
  static void notePeak(EvalContext ctx, int size) {
    if (size > 0) {
      ctx.acquireSamples(size);
      ctx.releaseSamples(size);
    }
  }

  private static final List<String> SMOOTHED_FUNCTIONS = List.of("delta", "increase", "rate");
  private static final List<String> ANCHORED_FUNCTIONS =
      List.of("changes", "delta", "increase", "rate", "resets");

  /** The extended range selector modifiers only make sense for a few functions (Prometheus). */
  private static void checkModifiers(Expr arg, String func) {
    while (arg instanceof Expr.ParenExpr p) {
      arg = p.expr();
    }
    if (!(arg instanceof Expr.MatrixSelector ms)) {
      return;
    }
    if (ms.selector().smoothed() && !SMOOTHED_FUNCTIONS.contains(func)) {
      throw new PromqlException(ErrorType.EXECUTION, "smoothed modifier can only be used with: "
          + String.join(", ", SMOOTHED_FUNCTIONS) + " - not with " + func);
    }
    if (ms.selector().anchored() && !ANCHORED_FUNCTIONS.contains(func)) {
      throw new PromqlException(ErrorType.EXECUTION, "anchored modifier can only be used with: "
          + String.join(", ", ANCHORED_FUNCTIONS) + " - not with " + func);
    }
  }

  /**
   * Whether an empty window still gets a value from the samples around it: anchored needs one
   * before it, smoothed one on each side (Prometheus returns nothing when data is only before or
   * only after the range).
   */
  private boolean hasNeighbour(SampleBuffer buf, int from, long start, long end, boolean smoothed) {
    boolean before = from > 0 && buf.t[from - 1] > start - ev.lookbackMs;
    if (!smoothed) {
      return before;
    }
    return before && from < buf.size && buf.t[from] <= end + ev.lookbackMs;
  }

  private static Value.SeriesPoints points(Labels labels, SampleBuffer buf) {
    if (buf.h == null) {
      return new Value.SeriesPoints(labels, Arrays.copyOf(buf.t, buf.size),
          Arrays.copyOf(buf.f, buf.size), new long[0], new FloatHistogram[0]);
    }
    int hists = 0;
    for (int i = 0; i < buf.size; i++) {
      if (buf.h[i] != null) {
        hists++;
      }
    }
    long[] fts = new long[buf.size - hists];
    double[] fvs = new double[buf.size - hists];
    long[] hts = new long[hists];
    FloatHistogram[] hvs = new FloatHistogram[hists];
    int fi = 0;
    int hi = 0;
    for (int i = 0; i < buf.size; i++) {
      if (buf.h[i] != null) {
        hts[hi] = buf.t[i];
        hvs[hi++] = buf.h[i];
      } else {
        fts[fi] = buf.t[i];
        fvs[fi++] = buf.f[i];
      }
    }
    return new Value.SeriesPoints(labels, fts, fvs, hts, hvs);
  }

  /**
   * The series of a range vector at the single step of an instant query, with their samples in
   * the window (what a top-level {@code foo[5m]} or subquery returns), sorted by labels.
   */
  List<Value.SeriesPoints> matrixValue(Expr arg, StepGrid g) {
    if (g.count() != 1) {
      throw new PromqlException(ErrorType.EXECUTION,
          "cannot do range evaluation of matrix selector");
    }
    RangeArg ra = new RangeArg(arg, g, null);
    SampleBuffer buf = new SampleBuffer(ev.ctx.options().maxSamples());
    long end = ra.refs[0];
    long start = end - ra.range;
    List<Value.SeriesPoints> out = new ArrayList<>();
    for (Source src = ra.next(); src != null; src = ra.next()) {
      ev.ctx.checkCancelled();
      buf.reset(src.samples(), start, end);
      buf.loadUpTo(end);
      if (buf.size == 0) {
        continue;
      }
      ev.ctx.acquireSamples(buf.size);
      ev.ctx.countQueryable(buf.size);
      ev.ctx.countQueryableAtStep(ev.stepIndexInQueryGrid(g, 0), buf.size);
      Labels labels = src.dropName() ? Evaluator.withoutName(src.labels()) : src.labels();
      out.add(points(labels, buf));
    }
    for (String warning : ra.warnings()) {
      ev.ctx.annotations().warn(warning);
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return out;
  }

  /**
   * A subquery's steps need not be consecutive samples: a reset or its absence between two stored
   * samples says nothing about two steps further apart, so counter histograms' hints become
   * UNKNOWN and the range functions detect resets from the values, as Prometheus does since 3.2.
   */
  private static void forgetCounterResets(StepSeries s) {
    FloatHistogram[] hs = s.histograms;
    if (hs == null) {
      return;
    }
    for (int i = 0; i < hs.length; i++) {
      FloatHistogram h = hs[i];
      if (h != null && (h.counterResetHint() == CounterResetHint.COUNTER_RESET
          || h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET)) {
        hs[i] = new FloatHistogram(CounterResetHint.UNKNOWN, h.schema(), h.zeroThreshold(),
            h.zeroCount(), h.count(), h.sum(), h.positiveSpans(), h.positiveBuckets(),
            h.negativeSpans(), h.negativeBuckets(), h.customValues());
      }
    }
  }
}
