package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;

/**
 * Binary operators over step series, with Prometheus's vector matching: arithmetic, comparisons
 * (filtering, or 0/1 with {@code bool}), the set operators, {@code on}/{@code ignoring}, {@code
 * group_left}/{@code group_right} and the experimental {@code fill} modifiers. Every operator works
 * series by series over all steps; errors are the ones Prometheus raises at the first step where
 * they occur. Stateless and thread-safe; the input lists are owned by the callee.
 */
public final class BinaryOperators {
  private BinaryOperators() {}

  /** Both sides instant vectors; the inputs are owned by the callee. */
  public static List<StepSeries> vectorVector(
      Expr.BinaryExpr e, List<StepSeries> lhs, List<StepSeries> rhs, StepGrid grid,
      EvalContext ctx) {
    int steps = grid.count();
    if (e.op().isSetOperator()) {
      StepErrors errors = new StepErrors();
      List<StepSeries> out = SetOperators.apply(e.op(), e.matching(), lhs, rhs, steps, errors);
      errors.throwIfAny();
      return out;
    }
    return new VectorMatch(e, steps, ctx).run(lhs, rhs);
  }

  /** One side a vector, the other a scalar (one value per step). */
  public static List<StepSeries> vectorScalar(
      Expr.BinaryExpr e, List<StepSeries> vector, double[] scalar, boolean scalarOnLeft,
      StepGrid grid, EvalContext ctx) {
    BinaryOp op = e.op();
    int steps = grid.count();
    if (scalar.length < steps) {
      throw new IllegalArgumentException(
          "scalar has " + scalar.length + " values for " + steps + " steps");
    }
    boolean comparison = op.isComparison();
    boolean bool = e.returnBool();
    boolean dropName = FloatBinop.changesMetricSchema(op) || bool;
    boolean delayed = ctx.options().delayedNameRemoval();
    StepErrors errors = new StepErrors();
    OutputSeries out = new OutputSeries(steps, errors);
    for (StepSeries s : vector) {
      applyScalar(e, op, s, steps, scalar, scalarOnLeft, comparison, bool, ctx);
      if (dropName) {
        if (!delayed) {
          s.labels = SeriesLabels.dropMetadata(s.labels);
        }
        s.dropName = true;
      }
      out.addAll(s);
    }
    errors.throwIfAny();
    return out.result();
  }

  /**
   * {@link #vectorScalar} on one series, in place. A method of its own: called for every series,
   * it is compiled once early and on its own, where the loop nested in vectorScalar (a few calls
   * per query) was compiled twice, on-stack replacement first, then as a whole.
   */
  private static void applyScalar(Expr.BinaryExpr e, BinaryOp op, StepSeries s, int steps,
      double[] scalar, boolean scalarOnLeft, boolean comparison, boolean bool, EvalContext ctx) {
    for (int i = 0; i < steps; i++) {
      if (!s.has(i)) {
        continue;
      }
      if (s.isHistogram(i)) {
        histogramScalar(e, s, i, scalar[i], scalarOnLeft, ctx);
        continue;
      }
      double v = s.values[i];
      double l = scalarOnLeft ? scalar[i] : v;
      double r = scalarOnLeft ? v : scalar[i];
      boolean keep;
      double result;
      if (comparison) {
        keep = FloatBinop.compare(op, l, r);
        result = v; // the vector's value, whichever side it is on
      } else {
        keep = true;
        result = FloatBinop.arith(op, l, r);
      }
      if (bool) {
        result = keep ? 1 : 0;
        keep = true;
      }
      if (keep) {
        s.values[i] = result;
      } else {
        s.clear(i);
      }
    }
  }

  /** Histogram sample against a scalar: only {@code h * s}, {@code s * h} and {@code h / s}. */
  private static void histogramScalar(Expr.BinaryExpr e, StepSeries s, int i, double scalar,
      boolean scalarOnLeft, EvalContext ctx) {
    FloatHistogram h = s.histograms[i];
    HistogramBinop.Result res = scalarOnLeft
        ? HistogramBinop.apply(e.op(), scalar, 0, null, h)
        : HistogramBinop.apply(e.op(), 0, scalar, h, null);
    if (res.info() != null) {
      ctx.annotations().info(res.info() + ctx.position(e.pos()));
    }
    if (res.skipped()) {
      s.clear(i);
      return;
    }
    if (e.returnBool()) {
      s.set(i, res.keep() ? 1 : 0);
    } else if (res.keep()) {
      s.setHistogram(i, res.histogram());
    } else {
      s.clear(i);
    }
  }

  /** Both sides scalars (comparisons require {@code bool} and yield 0/1). */
  public static double[] scalarScalar(BinaryOp op, double[] lhs, double[] rhs) {
    if (lhs.length != rhs.length) {
      throw new IllegalArgumentException(
          "scalar operands of " + lhs.length + " and " + rhs.length + " steps");
    }
    double[] out = new double[lhs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = FloatBinop.scalar(op, lhs[i], rhs[i]);
    }
    return out;
  }
}
