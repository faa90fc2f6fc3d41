package dev.vigil.promql.operators;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;

/** Aggregation operators over step series. */
public final class Aggregations {
  private Aggregations() {}

  /**
   * @param param the evaluated parameter: {@code double[]} per step for topk/bottomk/quantile/
   *     limitk/limit_ratio, {@code String} for count_values, null otherwise
   * @param input owned by the callee
   */
  public static List<StepSeries> aggregate(
      Expr.AggregateExpr e, List<StepSeries> input, Object param, StepGrid grid,
      EvalContext ctx) {
    throw new UnsupportedOperationException("aggregations not yet implemented");
  }
}
