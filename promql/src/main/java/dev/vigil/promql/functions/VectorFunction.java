package dev.vigil.promql.functions;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import java.util.List;

/**
 * A function whose arguments are instant vectors, scalars and strings, evaluated over all steps
 * at once.
 */
@FunctionalInterface
public interface VectorFunction {
  /**
   * @param args the evaluated arguments by position: {@code List<StepSeries>} for a vector,
   *     {@code double[]} (one value per step) for a scalar, {@code String} for a string. Vector
   *     lists are owned by the callee and may be modified in place.
   * @return {@code List<StepSeries>} when the function returns a vector, {@code double[]} when it
   *     returns a scalar
   */
  Object apply(Expr.Call call, List<Object> args, StepGrid grid, EvalContext ctx);
}
