package dev.vigil.promql.engine;

import dev.vigil.promql.ast.Expr;
import java.util.List;

/** The experimental {@code info()} function: enriches series with the labels of info metrics. */
final class InfoFunction {
  private InfoFunction() {}

  static List<StepSeries> evaluate(Evaluator ev, Expr.Call c, StepGrid g) {
    throw new PromqlException(ErrorType.EXECUTION, "function \"info\" is not implemented");
  }
}
