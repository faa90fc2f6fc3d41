package dev.vigil.rules.notify;

import java.util.List;

/**
 * Where alerting rules send their alerts (Prometheus's notifier): the built-in Alertmanager, an
 * external one over HTTP, or a test recorder. {@link #send} must not block for long; an
 * implementation that talks over the network queues and sends asynchronously. Thread-safe.
 */
@FunctionalInterface
public interface Notifier {
  void send(List<NotifiedAlert> alerts);

  /** A notifier that drops everything. */
  Notifier NONE = alerts -> {};
}
