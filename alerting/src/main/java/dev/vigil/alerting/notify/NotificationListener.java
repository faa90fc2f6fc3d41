package dev.vigil.alerting.notify;

/**
 * Observes every delivery attempt of every integration (for the alert history): called after
 * {@link Integration#notify} returned ({@code error} null) or failed ({@code error} set; the
 * pipeline may retry, and each attempt is reported). Called on the notifying thread, so an
 * implementation must be quick and thread-safe, and must not throw.
 */
@FunctionalInterface
public interface NotificationListener {
  NotificationListener NONE = (n, integration, index, error) -> {};

  /**
   * @param integration the integration's type ({@code webhook}, {@code email}, ...)
   * @param index its index among the receiver's integrations of that type
   */
  void notified(Notification notification, String integration, int index, NotifyException error);
}
