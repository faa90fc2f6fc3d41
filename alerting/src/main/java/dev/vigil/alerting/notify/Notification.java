package dev.vigil.alerting.notify;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * What an integration sends: the receiver, the group (key and labels) and its alerts, sorted as
 * Alertmanager sorts them; firing alerts carry no end time. {@code now} decides which alerts
 * count as resolved. Immutable.
 */
public record Notification(String receiver, String groupKey, Labels groupLabels, List<Alert> alerts, Instant now) {
  public Notification {
    alerts = List.copyOf(alerts);
  }

  public boolean firing() {
    return alerts.stream().anyMatch(a -> !a.resolvedAt(now));
  }
}
