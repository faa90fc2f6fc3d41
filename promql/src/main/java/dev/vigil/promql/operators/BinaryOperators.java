package dev.vigil.promql.operators;

import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;

/** Binary operators over step series, with Prometheus's vector matching. */
public final class BinaryOperators {
  private BinaryOperators() {}

  /** Both sides instant vectors; the inputs are owned by the callee. */
  public static List<StepSeries> vectorVector(
      Expr.BinaryExpr e, List<StepSeries> lhs, List<StepSeries> rhs, StepGrid grid,
      EvalContext ctx) {
    throw new UnsupportedOperationException("binary operators not yet implemented");
  }

  /** One side a vector, the other a scalar (one value per step). */
  public static List<StepSeries> vectorScalar(
      Expr.BinaryExpr e, List<StepSeries> vector, double[] scalar, boolean scalarOnLeft,
      StepGrid grid, EvalContext ctx) {
    throw new UnsupportedOperationException("binary operators not yet implemented");
  }

  /** Both sides scalars (comparisons require {@code bool} and yield 0/1). */
  public static double[] scalarScalar(BinaryOp op, double[] lhs, double[] rhs) {
    throw new UnsupportedOperationException("binary operators not yet implemented");
  }
}
