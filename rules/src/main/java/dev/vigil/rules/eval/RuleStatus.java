package dev.vigil.rules.eval;

/** Shared bookkeeping of a rule's health and timings; thread-safe. */
public final class RuleStatus {
  private RuleHealth health = RuleHealth.UNKNOWN;
  private String lastError;
  private long lastEvaluation;
  private long evaluationTimeNanos;

  synchronized void record(RuleHealth h, String error, long startMs, long durationNanos) {
    health = h;
    lastError = error;
    lastEvaluation = startMs;
    evaluationTimeNanos = durationNanos;
  }

  synchronized RuleHealth health() {
    return health;
  }

  synchronized String lastError() {
    return lastError;
  }

  synchronized long lastEvaluation() {
    return lastEvaluation;
  }

  synchronized long evaluationTimeNanos() {
    return evaluationTimeNanos;
  }
}
