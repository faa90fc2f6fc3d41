package dev.vigil.server.alerting;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.model.Labels;
import dev.vigil.rules.notify.NotifiedAlert;
import dev.vigil.rules.notify.Notifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the alerts of rule evaluation to the built-in Alertmanager, as Prometheus posts them to
 * {@code /api/v2/alerts}: same defaults (unset times), same validation (invalid alerts are logged
 * and dropped, the rest kept), and the same history recording. Thread-safe.
 */
public final class RuleNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(RuleNotifier.class);
  private final BuiltinAlertmanager builtin;

  public RuleNotifier(BuiltinAlertmanager builtin) {
    this.builtin = builtin;
  }

  @Override
  public void send(List<NotifiedAlert> alerts) {
    List<Alert> batch = new ArrayList<>(alerts.size());
    for (NotifiedAlert n : alerts) {
      batch.add(toAlert(n));
    }
    try {
      List<String> errors = builtin.receive(batch);
      if (!errors.isEmpty()) {
        LOG.atWarn().addKeyValue("err", String.join("; ", errors))
            .log("built-in alertmanager rejected alerts from rule evaluation");
      }
    } catch (IllegalStateException e) {
      LOG.atWarn().addKeyValue("err", e.getMessage()).log("built-in alertmanager not ready");
    }
  }

  static Alert toAlert(NotifiedAlert n) {
    Map<String, String> annotations = new TreeMap<>();
    n.annotations().forEach(annotations::put);
    var labels = n.labels().toBuilder();
    n.labels().forEach((k, v) -> {
      if (v.isEmpty()) {
        labels.delete(k);
      }
    });
    return new Alert(labels.build(), annotations,
        n.startsAt() == 0 ? null : Instant.ofEpochMilli(n.startsAt()),
        n.endsAt() == 0 ? null : Instant.ofEpochMilli(n.endsAt()), n.generatorUrl(), null, false);
  }
}
