package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.Value;
import java.util.List;

/**
 * A recording or alerting rule with its evaluation state (health, last error, timings). Rules are
 * evaluated by their group, one evaluation at a time; the state accessors are thread-safe so APIs
 * may read them while the group runs.
 */
public sealed interface Rule permits RecordingRule, AlertingRule {
  /** The recorded metric name or the alert name. */
  String name();

  /** The expression text as written. */
  String query();

  /** Labels the rule adds (group labels merged under rule labels). */
  Labels labels();

  /**
   * Evaluates the rule at {@code timeMs} (queries run at {@code timeMs - queryOffsetMs}) and
   * returns the samples to append.
   *
   * @param limit the most series or alerts allowed (0 = unlimited)
   * @throws RuleEvaluationException when the query fails or the output is invalid
   */
  List<Value.Sample> eval(long timeMs, long queryOffsetMs, EvalEnvironment env, int limit)
      throws RuleEvaluationException;

  /** The rule's health and timings, updated by its group after each evaluation. */
  RuleStatus status();

  default RuleHealth health() {
    return status().health();
  }

  /** The last evaluation error, or null. */
  default String lastError() {
    return status().lastError();
  }

  /** Wall-clock start of the last evaluation in ms, 0 before the first. */
  default long lastEvaluation() {
    return status().lastEvaluation();
  }

  /** Duration of the last evaluation in nanoseconds. */
  default long evaluationTimeNanos() {
    return status().evaluationTimeNanos();
  }

  default void recordEvaluation(RuleHealth health, String error, long startMs, long durationNanos) {
    status().record(health, error, startMs, durationNanos);
  }

  /** Whether {@code other} is the same rule (same kind, name, query, labels, and settings). */
  boolean sameDefinition(Rule other);
}
