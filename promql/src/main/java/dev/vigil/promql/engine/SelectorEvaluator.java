package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.SelectHints;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.functions.HistogramInterpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Instant-vector selectors: for each series and step, the latest sample in the left-open lookback
 * window {@code (ref - lookback, ref]}, where {@code ref} is the step time (or the {@code @} time)
 * minus the offset; nothing when that sample is a staleness marker. Each series' samples are
 * streamed once from the store for all steps, never buffered; many series are filled on several
 * threads ({@link SeriesFanOut}), each with its own read-ahead batch.
 */
final class SelectorEvaluator {
  private final Evaluator ev;

  SelectorEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  /** The reference time of step {@code i}: what the selector reads at that step. */
  static long ref(Expr.VectorSelector vs, StepGrid g, int i) {
    return (vs.at() != null ? vs.at().timestamp() : g.time(i)) - vs.offset();
  }

  /** What a selector yields per step. */
  enum Mode {
    /** The sample's value. */
    VALUE,
    /**
     * The sample's timestamp in seconds, for {@code timestamp()}: Prometheus shortens its
     * lookback by 1ms and lets {@code @} pin the time without the offset.
     */
    TIMESTAMP_FUNCTION,
    /** The sample's timestamp in milliseconds (for info series, to pick the newest). */
    SAMPLE_TIME,
    /**
     * The sample's start timestamp in seconds (0 where it has none), for {@code
     * start_timestamp()}: picked as {@link #TIMESTAMP_FUNCTION} picks.
     */
    START_TIMESTAMP_FUNCTION
  }

  List<StepSeries> vector(Expr.VectorSelector vs, StepGrid g, boolean timestamps) {
    return vector(vs, g, timestamps ? Mode.TIMESTAMP_FUNCTION : Mode.VALUE);
  }

  List<StepSeries> vector(Expr.VectorSelector vs, StepGrid g, Mode mode) {
    List<StepSeries> out = new ArrayList<>();
    vector(vs, g, mode, out::add, null);
    return out;
  }

  /**
   * As {@link #vector(Expr.VectorSelector, StepGrid, Mode)}, handing each series to {@code sink}
   * in input order as soon as it is known ({@link SeriesFanOut}); series are taken from {@code
   * recycler} when one is given.
   */
  void vector(Expr.VectorSelector vs, StepGrid g, Mode mode, Consumer<StepSeries> sink,
      SeriesRecycler recycler) {
    int n = g.count();
    boolean timestamps = mode == Mode.TIMESTAMP_FUNCTION || mode == Mode.START_TIMESTAMP_FUNCTION;
    long lookback = timestamps ? ev.lookbackMs - 1 : ev.lookbackMs;
    long[] refs = new long[n];
    for (int i = 0; i < n; i++) {
      refs[i] = timestamps && vs.at() != null ? vs.at().timestamp() : ref(vs, g, i);
    }
    long mint = refs[0] - lookback + 1;
    // A smoothed selector also reads the first sample after the time.
    long maxt = refs[n - 1] + (vs.smoothed() ? lookback : 0);
    SeriesSet set = ev.querier().select(true,
        new SelectHints(mint, maxt, n > 1 ? g.step() : 0, null), vs.matchers());
    Expr.VectorSelector smoothed = vs.smoothed() ? vs : null;
    // Series at a time, on several threads for many series; results in input order. A step
    // here costs about a quarter of a range function's window, so count it as such.
    SeriesFanOut.run(ev, Math.max(1, n / 4), () -> set.next() ? set.at() : null, ctx -> {
      Batch b = new Batch();
      return s -> {
        ctx.checkCancelled();
        // Opened and positioned here, outside fill: the store's seek (a receiver type per kind
        // of store) is then compiled in this small lambda, not in fill's loops, and a new
        // iterator type recompiles only this.
        SampleIterator it = s.iterator();
        ValueType vt = it.seek(mint);
        return fill(b, ctx, s, it, vt, refs, lookback, mode, g, smoothed, maxt, recycler);
      };
    }, sink, recycler != null);
    for (String w : set.warnings()) {
      ev.ctx.annotations().warn(w);
    }
  }

  private static final int BATCH = 256;

  /** Float samples read ahead from the store in bulk, reused from series to series by a thread. */
  private static final class Batch {
    final long[] t = new long[BATCH];
    final double[] v = new double[BATCH];
    int at;
    int end;
  }

  /**
   * One series' value at every step, or null when it has none; accounted in {@code ctx}, which
   * with {@code b} belongs to the calling thread. {@code it} is the series' iterator after
   * {@code seek(mint)}, which answered {@code vt}.
   */
  private StepSeries fill(
      Batch b, EvalContext ctx, Series s, SampleIterator it, ValueType vt, long[] refs,
      long lookback, Mode mode, StepGrid g, Expr.VectorSelector smoothed, long maxt,
      SeriesRecycler recycler) {
    boolean starts = mode == Mode.START_TIMESTAMP_FUNCTION;
    long ct = 0;
    double cv = 0;
    FloatHistogram ch = null;
    long cst = 0;
    b.at = 0;
    b.end = 0;
    // Plain values of a float series: the loop below over the batch arrays alone.
    boolean floatLoop = mode == Mode.VALUE && smoothed == null;
    if (vt == ValueType.FLOAT && !starts) {
      b.end = it.readFloats(maxt, b.t, b.v, 0, BATCH);
      if (b.end == 0) {
        vt = ValueType.NONE; // nothing up to maxt
      } else if (!floatLoop) {
        ct = b.t[0];
        cv = b.v[0];
        b.at = 1;
      }
    } else if (vt != ValueType.NONE) {
      ct = it.atT();
      cv = vt == ValueType.FLOAT ? it.atV() : Double.NaN;
      ch = vt == ValueType.FLOAT ? null : it.atHistogram();
      cst = starts ? it.atStartTimestamp() : 0;
    }
    boolean have = false;
    long lt = 0;
    double lv = 0;
    FloatHistogram lh = null;
    long lst = 0;
    StepSeries out = null;
    int n = refs.length;
    boolean perStep = ctx.perStepSamples() != null;
    int i = 0;
    if (floatLoop && vt == ValueType.FLOAT) {
      // The sample after the last one taken is bt[at] (not popped into ct/cv); when the series
      // turns to histograms, the general loop below takes over at step i with that sample as its
      // current one.
      long[] bt = b.t;
      double[] bv = b.v;
      int at = b.at;
      int end = b.end;
      steps:
      for (; i < n; i++) {
        long ref = refs[i];
        while (true) {
          if (at < end) {
            long t = bt[at];
            if (t > ref) {
              break;
            }
            have = true;
            lt = t;
            lv = bv[at++];
            continue;
          }
          if (vt == ValueType.NONE) {
            break;
          }
          vt = it.next();
          at = 0;
          end = 0;
          if (vt == ValueType.FLOAT) {
            end = it.readFloats(maxt, bt, bv, 0, BATCH);
            if (end == 0) {
              vt = ValueType.NONE; // the rest is after maxt
            }
          } else if (vt != ValueType.NONE) {
            ct = it.atT();
            cv = Double.NaN;
            ch = it.atHistogram();
            break steps;
          }
        }
        if (!have || lt <= ref - lookback
            || Double.doubleToRawLongBits(lv) == Samples.STALE_NAN_BITS) {
          continue;
        }
        if (out == null) {
          ctx.reserveSlots(n);
          out = SeriesRecycler.take(recycler, s.labels(), n);
        }
        out.set(i, lv);
        if (perStep) {
          ctx.countQueryableAtStep(ev.stepIndexInQueryGrid(g, i), 1);
        }
      }
      b.at = at;
      b.end = end;
    }
    for (; i < n; i++) {
      long ref = refs[i];
      while (vt != ValueType.NONE && ct <= ref) {
        have = true;
        lt = ct;
        lv = cv;
        lh = ch;
        lst = cst;
        if (b.at < b.end) {
          ct = b.t[b.at];
          cv = b.v[b.at++];
          continue;
        }
        vt = it.next();
        b.at = 0;
        b.end = 0;
        if (vt == ValueType.FLOAT && !starts) {
          b.end = it.readFloats(maxt, b.t, b.v, 0, BATCH);
          if (b.end == 0) {
            vt = ValueType.NONE; // the rest is after maxt
          } else {
            ct = b.t[0];
            cv = b.v[0];
            ch = null;
            b.at = 1;
          }
        } else if (vt != ValueType.NONE) {
          ct = it.atT();
          cv = vt == ValueType.FLOAT ? it.atV() : Double.NaN;
          ch = vt == ValueType.FLOAT ? null : it.atHistogram();
          cst = starts ? it.atStartTimestamp() : 0;
        }
      }
      if (!have || lt <= ref - lookback || Samples.isStaleNaN(lh == null ? lv : lh.sum())) {
        continue;
      }
      // The smoothed modifier interpolates linearly towards the first sample after the time.
      boolean interpolate = smoothed != null && mode == Mode.VALUE && lt < ref
          && vt != ValueType.NONE && ct <= ref + lookback
          && !Samples.isStaleNaN(ch == null ? cv : ch.sum());
      double v = lv;
      FloatHistogram h = lh;
      if (interpolate) {
        if ((lh == null) != (ch == null)) {
          HistogramInterpolation.warnMixedFloatsAndHistograms(ctx, s.labels().metricName(),
              smoothed.pos());
          continue;
        }
        if (lh == null) {
          v = lv + (cv - lv) * ((double) (ref - lt) / (ct - lt));
        } else {
          h = HistogramInterpolation.between(lh, lt, ch, ct, ref, ctx,
              s.labels().metricName(), smoothed.pos());
          if (h == null) {
            continue;
          }
        }
      }
      if (out == null) {
        ctx.reserveSlots(n);
        out = SeriesRecycler.take(recycler, s.labels(), n);
      }
      if (h != null) {
        switch (mode) {
          case VALUE -> out.setHistogram(i, h);
          case TIMESTAMP_FUNCTION -> out.set(i, lt / 1000.0);
          case START_TIMESTAMP_FUNCTION -> out.set(i, lst / 1000.0);
          case SAMPLE_TIME -> throw new PromqlException(ErrorType.EXECUTION,
              "this should be an info metric, with float samples: " + s.labels());
        }
      } else {
        out.set(i, switch (mode) {
          case VALUE -> v;
          case TIMESTAMP_FUNCTION -> lt / 1000.0;
          case START_TIMESTAMP_FUNCTION -> lst / 1000.0;
          case SAMPLE_TIME -> lt;
        });
      }
      if (perStep) {
        ctx.countQueryableAtStep(ev.stepIndexInQueryGrid(g, i), 1);
      }
    }
    if (out != null) {
      int c = out.count();
      ctx.countQueryable(c);
      ctx.acquireSamples(c);
    }
    return out;
  }
}
