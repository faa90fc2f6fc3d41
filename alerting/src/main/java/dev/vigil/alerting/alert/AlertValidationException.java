package dev.vigil.alerting.alert;

/** A posted alert Alertmanager would refuse; the message is Alertmanager's. */
public final class AlertValidationException extends IllegalArgumentException {
  public AlertValidationException(String message) {
    super(message);
  }
}
