package dev.vigil.promql.engine;

/** A query that cannot be answered; the message is what Prometheus would say. */
public class PromqlException extends RuntimeException {
  private final ErrorType type;

  public PromqlException(ErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public PromqlException(ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public ErrorType type() {
    return type;
  }
}
