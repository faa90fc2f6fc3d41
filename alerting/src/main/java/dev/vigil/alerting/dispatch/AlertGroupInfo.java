package dev.vigil.alerting.dispatch;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.model.Labels;
import java.util.List;

/** A snapshot of one aggregation group, for {@code /api/v2/alerts/groups}. Immutable. */
public record AlertGroupInfo(Labels labels, String receiver, String groupKey, String routeId, List<Alert> alerts) {
  public AlertGroupInfo {
    alerts = List.copyOf(alerts);
  }
}
