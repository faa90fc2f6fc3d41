package dev.vigil.alerting.template;

import java.util.AbstractList;
import java.util.List;

/**
 * The alerts of a notification (Alertmanager's {@code template.Alerts}): a slice to templates
 * with {@code .Firing} and {@code .Resolved}. Immutable.
 */
public final class AlertList extends AbstractList<AlertData> {
  private final List<AlertData> alerts;

  public AlertList(List<AlertData> alerts) {
    this.alerts = List.copyOf(alerts);
  }

  @Override
  public AlertData get(int index) {
    return alerts.get(index);
  }

  @Override
  public int size() {
    return alerts.size();
  }

  /** The firing alerts, in order. */
  public AlertList Firing() {
    return new AlertList(alerts.stream().filter(a -> a.status().equals("firing")).toList());
  }

  /** The resolved alerts, in order. */
  public AlertList Resolved() {
    return new AlertList(alerts.stream().filter(a -> a.status().equals("resolved")).toList());
  }
}
