package dev.vigil.rules.template;

import dev.vigil.common.template.TypedMap;
import java.util.Map;
import java.util.Objects;

/**
 * The data alerting-rule templates see (Prometheus's AlertTemplateData): {@code .Labels}, {@code
 * .ExternalLabels}, {@code .ExternalURL} and {@code .Value}, also bound to {@code $labels},
 * {@code $externalLabels}, {@code $externalURL} and {@code $value}. Label maps behave as Go's
 * map[string]string: a missing label reads as "".
 *
 * @param labels the alert's labels (the sample's series labels)
 * @param externalLabels the configured external labels
 * @param externalURL the server's external URL
 * @param value the sample value
 */
public record AlertTemplateData(TypedMap labels, TypedMap externalLabels, String externalURL, double value) {
  public AlertTemplateData {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(externalLabels, "externalLabels");
    Objects.requireNonNull(externalURL, "externalURL");
  }

  public static AlertTemplateData of(
      Map<String, String> labels, Map<String, String> externalLabels, String externalURL, double value) {
    return new AlertTemplateData(
        TypedMap.ofStrings(labels), TypedMap.ofStrings(externalLabels), externalURL, value);
  }
}
