package dev.vigil.alerting.notify;

/**
 * One way of delivering notifications (a webhook URL, an email address, ...) of a receiver.
 * {@code type} and {@code index} identify it in the notification log, as in Alertmanager
 * ({@code webhook}, index among the receiver's webhooks). Implementations are thread-safe.
 */
public interface Integration {
  String type();

  int index();

  /** Whether resolved alerts are sent (otherwise they are only recorded). */
  boolean sendResolved();

  /**
   * Delivers one notification.
   * @throws NotifyException when delivery failed; {@link NotifyException#retryable()} says
   *     whether trying again may help
   * @throws InterruptedException when the pipeline is being stopped
   */
  void notify(Notification notification) throws NotifyException, InterruptedException;
}
