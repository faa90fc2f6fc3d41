package dev.vigil.rules.template;

import java.util.List;

/**
 * Runs an instant PromQL query for the {@code query} template function. The rules engine provides
 * it (Prometheus's QueryFunc); templates never see the engine itself. Must be thread-safe when
 * shared between concurrent expansions.
 */
@FunctionalInterface
public interface QueryFunction {
  /**
   * Evaluates {@code expr} at {@code timestampMillis} and returns the instant vector.
   *
   * @throws Exception with the message templates show as {@code error calling query: MESSAGE}
   */
  List<QuerySample> query(String expr, long timestampMillis) throws Exception;
}
