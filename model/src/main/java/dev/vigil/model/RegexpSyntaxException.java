package dev.vigil.model;

/**
 * A regular expression that Go's RE2 dialect refuses. The message reads as Go's
 * ({@code error parsing regexp: <problem>}), which is what Prometheus and Alertmanager print;
 * {@link #problem()} is the part after that prefix, for callers that phrase the error their own
 * way (PromQL's {@code invalid regular expression ...}). Immutable.
 */
public final class RegexpSyntaxException extends IllegalArgumentException {
  private static final String PREFIX = "error parsing regexp: ";

  private final String problem;

  RegexpSyntaxException(String problem) {
    super(PREFIX + problem);
    this.problem = problem;
  }

  /** What is wrong and where, e.g. {@code missing closing ): `(a`}. */
  public String problem() {
    return problem;
  }
}
