package dev.vigil.alerting.notify;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * What an integration sends: the receiver, the group (key and labels) and its alerts, sorted as
 * Alertmanager sorts them; firing alerts carry no end time. {@code now} decides which alerts
 * count as resolved; a delivery still running at {@code deadline} should give up (null: no
 * deadline). Immutable.
 */
public record Notification(String receiver, String groupKey, Labels groupLabels, List<Alert> alerts, Instant now,
    Instant deadline) {
  public Notification {
    alerts = List.copyOf(alerts);
  }

  public Notification(String receiver, String groupKey, Labels groupLabels, List<Alert> alerts, Instant now) {
    this(receiver, groupKey, groupLabels, alerts, now, null);
  }

  /** Time left until the deadline, at least 1ms, at most {@code max}. */
  public java.time.Duration timeLeft(java.time.Duration max) {
    if (deadline == null) {
      return max;
    }
    java.time.Duration left = java.time.Duration.between(now, deadline);
    if (left.compareTo(java.time.Duration.ofMillis(1)) < 0) {
      return java.time.Duration.ofMillis(1);
    }
    return left.compareTo(max) > 0 ? max : left;
  }

  public boolean firing() {
    return alerts.stream().anyMatch(a -> !a.resolvedAt(now));
  }
}
