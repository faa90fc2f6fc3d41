package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.promql.engine.Value;
import java.util.List;

/**
 * The query function rules evaluate through (Prometheus's QueryFunc): an instant query at a
 * time, giving an instant vector. Implementations must be thread-safe; groups evaluate in
 * parallel.
 */
@FunctionalInterface
public interface RuleQuery {
  /**
   * @throws Exception whose message becomes the rule's last error
   */
  List<Value.Sample> query(String expr, long timeMs) throws Exception;

  /**
   * A query function over an engine and a store, as Prometheus's EngineQueryFunc: a scalar result
   * becomes one sample without labels; strings and matrices are errors.
   */
  static RuleQuery of(QueryEngine engine, Queryable source) {
    return (expr, t) -> {
      Value v = engine.instantQuery(source, expr, t, QueryOptions.DEFAULT).exec().value();
      return switch (v) {
        case Value.Vector vec -> vec.samples();
        case Value.Scalar s -> List.of(new Value.Sample(Labels.EMPTY, s.t(), s.v(), null));
        default -> throw new IllegalStateException("rule result is not a vector or scalar");
      };
    };
  }
}
