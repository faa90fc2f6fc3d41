package dev.vigil.alerting.notify;

/** A failed delivery; {@code retryable} is false for errors another attempt cannot fix (4xx). */
public final class NotifyException extends Exception {
  private final boolean retryable;

  public NotifyException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public NotifyException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
