package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.Annotations;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.KahanSum;
import dev.vigil.promql.value.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max}, {@code group}, {@code stddev},
 * {@code stdvar} and {@code quantile}, group by group: the member series are folded into per-step
 * accumulators in input order, which is the order Prometheus folds them at each step, so float
 * results (Kahan sums, the switch to an incremental mean on overflow) are bit-identical. The
 * accumulator arrays are reused across groups. Not thread-safe.
 */
final class SimpleAggregation {
  private final Expr.AggregateExpr expr;
  private final AggregateOp op;
  private final int steps;
  private final EvalContext ctx;
  private final String exprPos;

  /** Where annotations go: the query's, or a buffer while a stream folds series as they come. */
  private Annotations notes;
  /** The fold {@link #run} reuses from group to group. */
  private Fold shared;

  SimpleAggregation(Expr.AggregateExpr expr, int steps, EvalContext ctx) {
    this.expr = expr;
    this.op = expr.op();
    this.steps = steps;
    this.ctx = ctx;
    this.exprPos = ctx.position(expr.expr().pos());
    this.notes = ctx.annotations();
  }

  /** Sends annotations to {@code a} until {@link #restoreAnnotations}. */
  void bufferAnnotations(Annotations a) {
    notes = a;
  }

  /** Sends annotations to the query's context again. */
  void restoreAnnotations() {
    notes = ctx.annotations();
  }

  List<StepSeries> run(Map<Labels, List<StepSeries>> groups, double[] q) {
    List<StepSeries> result = new ArrayList<>(groups.size());
    for (Map.Entry<Labels, List<StepSeries>> g : groups.entrySet()) {
      ctx.checkCancelled();
      List<StepSeries> members = g.getValue();
      StepSeries out;
      if (op == AggregateOp.QUANTILE) {
        out = quantile(g.getKey(), members, q);
      } else if (members.size() == 1 && members.get(0).histograms == null) {
        out = single(g.getKey(), members.get(0));
      } else {
        if (shared == null) {
          shared = new Fold();
        }
        shared.reset();
        for (StepSeries m : members) {
          shared.member(m);
        }
        out = shared.result(g.getKey());
      }
      if (!out.isEmpty()) {
        result.add(out);
      }
    }
    return result;
  }

  /**
   * A group of one float series, rewritten in place with what folding one value gives (adding
   * the zero compensation turns -0 into +0, as in Prometheus).
   */
  StepSeries single(Labels labels, StepSeries s) {
    double[] v = s.values;
    for (int i = 0; i < steps; i++) {
      if (!s.has(i)) {
        continue;
      }
      double f = v[i];
      v[i] = switch (op) {
        case SUM, AVG -> f + 0.0;
        case COUNT, GROUP -> 1;
        case MIN, MAX -> f;
        case STDVAR, STDDEV -> Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
        default -> throw new IllegalStateException("not a simple aggregation: " + op.text());
      };
    }
    s.labels = labels;
    return s;
  }

  private void ignored(String name) {
    notes.info("PromQL info: ignored histogram in " + name + " aggregation" + exprPos);
  }

  /**
   * One group's per-step accumulators: members are folded in with {@link #member}, in input
   * order, and {@link #result} finishes them.
   */
  final class Fold {
    private final boolean[] seen = new boolean[steps];
    private final double[] value = new double[steps];
    private final double[] comp = new double[steps];
    private final double[] mean = new double[steps];
    private final double[] count = new double[steps];
    private final boolean[] hasFloat = new boolean[steps];
    private final boolean[] hasHist = new boolean[steps];
    private final boolean[] incMean = new boolean[steps];
    private final boolean[] incompatible = new boolean[steps];
    private final boolean[] resetSeen = new boolean[steps];
    private final boolean[] notResetSeen = new boolean[steps];
    private final boolean[] dropName = new boolean[steps];
    private final HistogramAccumulator[] hist = new HistogramAccumulator[steps];
    private final boolean[] histIncMean = new boolean[steps];

    /** Starts a new group (a fresh fold needs no reset). */
    void reset() {
      Arrays.fill(seen, false);
      Arrays.fill(hist, null);
    }

    /** Folds the group's next member (it is only read). */
    void member(StepSeries s) {
      if (s.histograms == null) {
        foldFloats(s);
        return;
      }
      for (int i = 0; i < steps; i++) {
        if (!s.has(i)) {
          continue;
        }
        FloatHistogram h = s.isHistogram(i) ? s.histograms[i] : null;
        double f = h == null ? s.values[i] : 0;
        if (!seen[i]) {
          init(i, f, h, s.dropName);
        } else {
          add(i, f, h, s);
        }
      }
    }

    /** The group's result (possibly empty). */
    StepSeries result(Labels labels) {
      StepSeries out = new StepSeries(labels, steps);
      for (int i = 0; i < steps; i++) {
        if (seen[i]) {
          finish(i, out);
        }
      }
      return out;
    }

    /**
     * {@link #fold}'s loop for a member without histograms: only its present steps. One loop per
     * kind of fold, chosen once per member: a loop that tested the operator at every sample was
     * compiled for the operators seen so far and recompiled (deoptimised at its entry) when a query
     * brought another one.
     */
    private void foldFloats(StepSeries s) {
      if (op == AggregateOp.SUM) {
        sumFloats(s);
      } else if (op == AggregateOp.COUNT) {
        countFloats(s);
      } else {
        addFloats(s);
      }
    }

    /** {@link #foldFloats} for a sum: {@link #add} for a float of a sum, inlined. */
    private void sumFloats(StepSeries s) {
      long[] words = s.presentWords();
      double[] vals = s.values;
      boolean dn = s.dropName;
      for (int wi = 0; wi < words.length; wi++) {
        long bits = words[wi];
        while (bits != 0) {
          int i = (wi << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          double f = vals[i];
          if (!seen[i]) {
            init(i, f, null, dn);
          } else if (!incompatible[i]) {
            if (dn) {
              dropName[i] = true;
            }
            hasFloat[i] = true;
            value[i] = KahanSum.add(f, value[i], comp, i);
          }
        }
      }
    }

    /** {@link #foldFloats} for a count: {@link #add} for a float of a count, inlined. */
    private void countFloats(StepSeries s) {
      long[] words = s.presentWords();
      double[] vals = s.values;
      boolean dn = s.dropName;
      for (int wi = 0; wi < words.length; wi++) {
        long bits = words[wi];
        while (bits != 0) {
          int i = (wi << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          if (!seen[i]) {
            init(i, vals[i], null, dn);
          } else if (!incompatible[i]) {
            if (dn) {
              dropName[i] = true;
            }
            count[i]++;
          }
        }
      }
    }

    /** {@link #foldFloats} for the other operators. */
    private void addFloats(StepSeries s) {
      long[] words = s.presentWords();
      double[] vals = s.values;
      boolean dn = s.dropName;
      for (int wi = 0; wi < words.length; wi++) {
        long bits = words[wi];
        while (bits != 0) {
          int i = (wi << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          if (!seen[i]) {
            init(i, vals[i], null, dn);
          } else {
            add(i, vals[i], null, s);
          }
        }
      }
    }

    private void init(int i, double f, FloatHistogram h, boolean dn) {
      seen[i] = true;
      value[i] = f;
      mean[i] = f;
      comp[i] = 0;
      count[i] = 1;
      hasFloat[i] = false;
      hasHist[i] = false;
      incMean[i] = false;
      incompatible[i] = false;
      resetSeen[i] = false;
      notResetSeen[i] = false;
      dropName[i] = dn;
      hist[i] = null;
      switch (op) {
        case SUM, AVG -> {
          if (h == null) {
            hasFloat[i] = true;
          } else {
            hist[i] = new HistogramAccumulator(h);
            histIncMean[i] = false;
            hasHist[i] = true;
            noteHint(i, h);
          }
        }
        case STDVAR, STDDEV -> {
          if (h != null) {
            seen[i] = false;
            ignored(op.text());
          } else if (Double.isNaN(f) || Double.isInfinite(f)) {
            value[i] = Double.NaN;
          } else {
            value[i] = 0;
          }
        }
        case GROUP -> value[i] = 1;
        case MIN, MAX -> {
          if (h != null) {
            seen[i] = false;
            ignored(op.text());
          }
        }
        default -> { }
      }
    }

    private void noteHint(int i, FloatHistogram h) {
      if (h.counterResetHint() == CounterResetHint.COUNTER_RESET) {
        resetSeen[i] = true;
      } else if (h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET) {
        notResetSeen[i] = true;
      }
    }

    private void add(int i, double f, FloatHistogram h, StepSeries s) {
      if (incompatible[i]) {
        return;
      }
      if (s.dropName) {
        dropName[i] = true;
      }
      switch (op) {
        case SUM -> {
          if (h != null) {
            hasHist[i] = true;
            if (hist[i] != null) {
              noteHint(i, h);
              reconciled(hist[i], h);
              if (!hist[i].add(h, 1)) {
                mixedSchemas(s, i);
              }
            }
          } else {
            hasFloat[i] = true;
            value[i] = KahanSum.add(f, value[i], comp, i);
          }
        }
        case AVG -> {
          count[i]++;
          if (h != null) {
            hasHist[i] = true;
            if (hist[i] != null) {
              noteHint(i, h);
              reconciled(hist[i], h);
              if (!avgHistogram(i, h)) {
                mixedSchemas(s, i);
              }
            }
          } else {
            hasFloat[i] = true;
            avgFloat(i, f);
          }
        }
        case GROUP -> { }
        case MAX -> {
          if (h != null) {
            ignored("max");
          } else if (value[i] < f || Double.isNaN(value[i])) {
            value[i] = f;
          }
        }
        case MIN -> {
          if (h != null) {
            ignored("min");
          } else if (value[i] > f || Double.isNaN(value[i])) {
            value[i] = f;
          }
        }
        case COUNT -> count[i]++;
        case STDVAR, STDDEV -> {
          if (h == null) {
            count[i]++;
            double delta = f - mean[i];
            mean[i] += delta / count[i];
            value[i] += delta * (f - mean[i]);
          } else {
            ignored(op.text());
          }
        }
        default -> throw new IllegalStateException("not a simple aggregation: " + op.text());
      }
    }

    /**
     * The mean as a compensated sum divided at the end, switching to an incremental mean once the
     * running sum would overflow (Prometheus's algorithm, for identical results).
     */
    private void avgFloat(int i, double f) {
      if (!incMean[i]) {
        double saved = comp[i];
        double newV = KahanSum.add(f, value[i], comp, i);
        if (!Double.isInfinite(newV)) {
          value[i] = newV;
          return;
        }
        comp[i] = saved;
        incMean[i] = true;
        mean[i] = value[i] / (count[i] - 1);
        comp[i] /= count[i] - 1;
      }
      double q = (count[i] - 1) / count[i];
      comp[i] = q * comp[i];
      mean[i] = KahanSum.add(f / count[i], q * mean[i], comp, i);
    }

    /**
     * The histogram mean: a compensated sum divided at the end, switching to an incremental mean
     * when the sum would overflow, like the float mean.
     */
    private boolean avgHistogram(int i, FloatHistogram h) {
      HistogramAccumulator acc = hist[i];
      if (!histIncMean[i]) {
        if (!acc.mightOverflow(h)) {
          return acc.add(h, 1);
        }
        HistogramAccumulator backup = acc.copy();
        if (!acc.add(h, 1)) {
          return false;
        }
        if (!acc.overflowed()) {
          return true;
        }
        acc = backup;
        hist[i] = acc;
        histIncMean[i] = true;
        acc.scale(1 / (count[i] - 1));
      }
      acc.scale((count[i] - 1) / count[i]);
      return acc.add(h, count[i]);
    }

    private void reconciled(HistogramAccumulator a, FloatHistogram b) {
      if (a.boundsDiffer(b)) {
        notes.info(
            "PromQL info: mismatched custom buckets were reconciled during aggregation" + exprPos);
      }
    }

    private void mixedSchemas(StepSeries s, int i) {
      incompatible[i] = true;
      notes.warn("PromQL warning: vector contains a mix of histograms with exponential "
          + "and custom buckets schemas for metric name \"" + s.labels.metricName() + "\""
          + exprPos);
    }

    private void finish(int i, StepSeries out) {
      double v = value[i];
      FloatHistogram h = null;
      switch (op) {
        case AVG, SUM -> {
          if (hasFloat[i] && hasHist[i]) {
            notes.warn(
                "PromQL warning: encountered a mix of histograms and floats for aggregation"
                    + exprPos);
            return;
          }
          if (incompatible[i]) {
            return;
          }
          if (hasHist[i]) {
            h = hist[i].result(op == AggregateOp.AVG && !histIncMean[i] ? count[i] : 1);
          } else if (op == AggregateOp.SUM) {
            v = value[i] + comp[i];
          } else if (incMean[i]) {
            v = mean[i] + comp[i];
          } else {
            v = value[i] / count[i] + comp[i] / count[i];
          }
        }
        case COUNT -> v = count[i];
        case STDVAR -> v = value[i] / count[i];
        case STDDEV -> v = Math.sqrt(value[i] / count[i]);
        default -> { }
      }
      if (resetSeen[i] && notResetSeen[i]) {
        notes.warn(
            "PromQL warning: conflicting counter resets during histogram aggregation" + exprPos);
      }
      if (h != null) {
        out.setHistogram(i, h);
      } else {
        out.set(i, v);
      }
      out.dropName = dropName[i];
    }
  }

  private StepSeries quantile(Labels labels, List<StepSeries> members, double[] q) {
    StepSeries out = new StepSeries(labels, steps);
    double[] buf = new double[members.size()];
    for (int i = 0; i < steps; i++) {
      int n = 0;
      boolean dn = false;
      for (StepSeries s : members) {
        if (!s.has(i)) {
          continue;
        }
        if (s.isHistogram(i)) {
          ignored("quantile");
          continue;
        }
        buf[n++] = s.values[i];
        dn |= s.dropName;
      }
      if (n > 0) {
        out.set(i, Quantiles.quantile(q[i], buf, n));
        out.dropName = dn;
      }
    }
    return out;
  }
}
