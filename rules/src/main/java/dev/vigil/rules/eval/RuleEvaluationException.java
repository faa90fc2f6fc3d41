package dev.vigil.rules.eval;

/** A rule evaluation failed; the message is the rule's last error as the API shows it. */
public final class RuleEvaluationException extends Exception {
  public RuleEvaluationException(String message) {
    super(message);
  }
}
