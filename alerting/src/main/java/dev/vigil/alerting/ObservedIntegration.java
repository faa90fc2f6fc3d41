package dev.vigil.alerting;

import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotificationListener;
import dev.vigil.alerting.notify.NotifyException;
import java.util.function.Supplier;

/** An integration that reports each delivery attempt to the current listener. Thread-safe. */
final class ObservedIntegration implements Integration {
  private final Integration delegate;
  private final Supplier<NotificationListener> listener;

  ObservedIntegration(Integration delegate, Supplier<NotificationListener> listener) {
    this.delegate = delegate;
    this.listener = listener;
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public int index() {
    return delegate.index();
  }

  @Override
  public boolean sendResolved() {
    return delegate.sendResolved();
  }

  @Override
  public void notify(Notification n) throws NotifyException, InterruptedException {
    try {
      delegate.notify(n);
    } catch (NotifyException e) {
      report(n, e);
      throw e;
    }
    report(n, null);
  }

  private void report(Notification n, NotifyException e) {
    try {
      listener.get().notified(n, delegate.type(), delegate.index(), e);
    } catch (RuntimeException ignored) {
      // an observer must never break delivery
    }
  }
}
