package dev.vigil.promql.engine;

import dev.vigil.promql.ast.Expr;

/** A parsed query ready to run once. */
public interface Query {
  Expr statement();

  /**
   * Evaluates the query.
   *
   * @throws PromqlException on execution errors, timeouts ({@link ErrorType#TIMEOUT}), limits and
   *     cancellation
   */
  QueryResult exec();

  /** Stops a running {@link #exec()} (it then throws with {@link ErrorType#CANCELED}). */
  void cancel();
}
