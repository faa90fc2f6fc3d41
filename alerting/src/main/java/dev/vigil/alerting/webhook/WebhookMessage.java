package dev.vigil.alerting.webhook;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.notify.GoJsonWriter;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.TemplateData;
import java.util.List;

/**
 * The webhook payload, version "4", exactly as Alertmanager sends it: the template data fields
 * (receiver, status, alerts, groupLabels, commonLabels, commonAnnotations, externalURL) then
 * version, groupKey and truncatedAlerts. With {@code maxAlerts} > 0 only the first that many
 * alerts are sent and the rest counted. Stateless.
 */
public final class WebhookMessage {
  private WebhookMessage() {}

  public static byte[] json(Notification n, String externalUrl, long maxAlerts) {
    List<Alert> alerts = n.alerts();
    long truncated = 0;
    if (maxAlerts > 0 && alerts.size() > maxAlerts) {
      truncated = alerts.size() - maxAlerts;
      alerts = alerts.subList(0, (int) maxAlerts);
    }
    TemplateData d = TemplateData.of(n.receiver(), n.groupLabels(), alerts, n.now(), externalUrl);
    long t = truncated;
    return GoJsonWriter.write(g -> {
      g.writeStartObject();
      g.writeStringField("receiver", d.receiver());
      g.writeStringField("status", d.status());
      g.writeArrayFieldStart("alerts");
      for (TemplateData.TemplateAlert a : d.alerts()) {
        g.writeStartObject();
        g.writeStringField("status", a.status());
        GoJsonWriter.map(g, "labels", a.labels());
        GoJsonWriter.map(g, "annotations", a.annotations());
        g.writeStringField("startsAt", GoJsonWriter.time(a.startsAt()));
        g.writeStringField("endsAt", GoJsonWriter.time(a.endsAt()));
        g.writeStringField("generatorURL", a.generatorUrl());
        g.writeStringField("fingerprint", a.fingerprint());
        g.writeEndObject();
      }
      g.writeEndArray();
      GoJsonWriter.map(g, "groupLabels", d.groupLabels());
      GoJsonWriter.map(g, "commonLabels", d.commonLabels());
      GoJsonWriter.map(g, "commonAnnotations", d.commonAnnotations());
      g.writeStringField("externalURL", d.externalUrl());
      g.writeStringField("version", "4");
      g.writeStringField("groupKey", n.groupKey());
      g.writeNumberField("truncatedAlerts", t);
      g.writeEndObject();
    });
  }
}
