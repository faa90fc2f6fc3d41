package dev.vigil.alerting.notify;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data notifications are rendered from, as Alertmanager builds it ({@code template.Data}):
 * receiver name (regex-quoted, as Alertmanager quotes it), overall status, alerts, group labels,
 * the labels and annotations common to all alerts, and the external URL. Webhooks send it as
 * JSON; templates will read it. Immutable.
 */
public record TemplateData(
    String receiver,
    String status,
    List<TemplateAlert> alerts,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalUrl) {

  /** One alert as templates see it; {@code endsAt} null is Go's zero time. */
  public record TemplateAlert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorUrl,
      String fingerprint) {}

  public static TemplateData of(String receiver, Labels groupLabels, List<Alert> alerts, Instant now, String externalUrl) {
    List<TemplateAlert> tas = new ArrayList<>(alerts.size());
    boolean firing = false;
    for (Alert a : alerts) {
      boolean resolved = a.resolvedAt(now);
      firing |= !resolved;
      tas.add(new TemplateAlert(resolved ? "resolved" : "firing", map(a.labels()), new TreeMap<>(a.annotations()),
          a.startsAt(), a.endsAt(), a.generatorUrl(), LabelSets.fingerprintString(a.labels())));
    }
    Map<String, String> commonLabels = new TreeMap<>();
    Map<String, String> commonAnnotations = new TreeMap<>();
    if (!alerts.isEmpty()) {
      commonLabels.putAll(map(alerts.get(0).labels()));
      commonAnnotations.putAll(alerts.get(0).annotations());
      for (Alert a : alerts.subList(1, alerts.size())) {
        commonLabels.entrySet().removeIf(e -> !e.getValue().equals(orEmpty(a.labels().get(e.getKey()))));
        commonAnnotations.entrySet().removeIf(e -> !e.getValue().equals(orEmpty(a.annotations().get(e.getKey()))));
      }
    }
    return new TemplateData(quoteMeta(receiver), firing ? "firing" : "resolved", List.copyOf(tas),
        map(groupLabels), commonLabels, commonAnnotations, externalUrl);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static Map<String, String> map(Labels l) {
    Map<String, String> m = new TreeMap<>();
    l.forEach(m::put);
    return m;
  }

  /** Go's regexp.QuoteMeta, which Alertmanager applies to the receiver name. */
  static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
