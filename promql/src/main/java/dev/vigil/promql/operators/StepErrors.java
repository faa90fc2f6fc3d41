package dev.vigil.promql.operators;

import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;

/**
 * Remembers the error Prometheus would have raised first: Prometheus evaluates step by step, so
 * among the errors found while working series by series the one at the earliest step wins, then
 * the one its per-step code reaches first ({@code rank}, then {@code order}). Not thread-safe.
 */
final class StepErrors {
  private int step = Integer.MAX_VALUE;
  private int rank;
  private int order;
  private String message;

  void record(int step, int rank, int order, String message) {
    if (step < this.step
        || (step == this.step && (rank < this.rank || (rank == this.rank && order < this.order)))) {
      this.step = step;
      this.rank = rank;
      this.order = order;
      this.message = message;
    }
  }

  /** The earliest step with an error, or {@link Integer#MAX_VALUE}. */
  int firstStep() {
    return step;
  }

  void throwIfAny() {
    if (message != null) {
      throw new PromqlException(ErrorType.EXECUTION, message);
    }
  }
}
