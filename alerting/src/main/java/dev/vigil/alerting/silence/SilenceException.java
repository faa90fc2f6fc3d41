package dev.vigil.alerting.silence;

/** A silence that cannot be stored or changed; the message is Alertmanager's. */
public final class SilenceException extends IllegalArgumentException {
  private final boolean notFound;

  public SilenceException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  /** Whether the silence id does not exist (the API answers 404 then). */
  public boolean notFound() {
    return notFound;
  }
}
