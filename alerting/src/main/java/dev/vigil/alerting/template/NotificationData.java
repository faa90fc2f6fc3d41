package dev.vigil.alerting.template;

import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.TemplateData;
import dev.vigil.common.template.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dot of a notification template (Alertmanager's {@code template.Data}): {@code .Receiver}
 * (regex-quoted, as Alertmanager quotes it), {@code .Status}, {@code .Alerts}, {@code
 * .GroupLabels}, {@code .CommonLabels}, {@code .CommonAnnotations} and {@code .ExternalURL}.
 * Immutable.
 */
public record NotificationData(
    String receiver,
    String status,
    AlertList alerts,
    KV groupLabels,
    KV commonLabels,
    KV commonAnnotations,
    String externalURL) {

  /** Go's zero time.Time, which unset end times print as. */
  static final GoTime ZERO_TIME = new GoTime(-62_135_596_800L, 0);

  public static NotificationData of(Notification n, String externalUrl) {
    return of(TemplateData.of(n.receiver(), n.groupLabels(), n.alerts(), n.now(), externalUrl));
  }

  public static NotificationData of(TemplateData d) {
    List<AlertData> alerts = new ArrayList<>(d.alerts().size());
    for (TemplateData.TemplateAlert a : d.alerts()) {
      alerts.add(new AlertData(a.status(), new KV(a.labels()), new KV(a.annotations()), time(a.startsAt()),
          time(a.endsAt()), a.generatorUrl(), a.fingerprint()));
    }
    return new NotificationData(d.receiver(), d.status(), new AlertList(alerts), new KV(d.groupLabels()),
        new KV(d.commonLabels()), new KV(d.commonAnnotations()), d.externalUrl());
  }

  private static GoTime time(Instant t) {
    return t == null ? ZERO_TIME : GoTime.ofInstant(t);
  }
}
