package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import java.util.List;
import java.util.Map;

/**
 * Aggregation operators over step series, with Prometheus 3 semantics: {@code sum}, {@code avg},
 * {@code count}, {@code min}, {@code max}, {@code group}, {@code stddev}, {@code stdvar}, {@code
 * quantile}, {@code topk}, {@code bottomk}, {@code count_values} and the experimental {@code
 * limitk}/{@code limit_ratio}, grouped {@code by} or {@code without} labels. Each series' group is
 * computed once; groups fold their member series over all steps. Stateless and thread-safe.
 */
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
    int steps = grid.count();
    AggregateOp op = e.op();
    if (op == AggregateOp.COUNT_VALUES) {
      if (!(param instanceof String label)) {
        throw new IllegalArgumentException("count_values needs a string parameter, got " + param);
      }
      return CountValues.run(e, input, label, steps, ctx);
    }
    double[] p = null;
    if (op.hasParam()) {
      if (!(param instanceof double[] d) || d.length < steps) {
        throw new IllegalArgumentException(
            op.text() + " needs a scalar parameter with a value per step, got " + param);
      }
      p = d;
    }
    if (op == AggregateOp.QUANTILE) {
      quantileWarnings(e, p, steps, ctx);
    }
    Map<Labels, List<StepSeries>> groups =
        new Grouping(e.grouping(), e.without()).groups(input);
    return switch (op) {
      case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO ->
          new KAggregation(e, steps, ctx).run(input, groups, p);
      default -> new SimpleAggregation(e, steps, ctx).run(groups, p);
    };
  }

  private static void quantileWarnings(Expr.AggregateExpr e, double[] q, int steps,
      EvalContext ctx) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (int i = 0; i < steps; i++) {
      max = Math.max(max, q[i]);
      min = Math.min(min, q[i]);
      nan |= Double.isNaN(q[i]);
    }
    String pos = e.param() != null ? ctx.position(e.param().pos()) : "";
    String prefix = "PromQL warning: quantile value should be between 0 and 1, got ";
    if (nan) {
      ctx.annotations().warn(prefix + "NaN" + pos);
    }
    if (max > 1) {
      ctx.annotations().warn(prefix + GoFloats.formatG(max) + pos);
    }
    if (min < 0) {
      ctx.annotations().warn(prefix + GoFloats.formatG(min) + pos);
    }
  }
}
