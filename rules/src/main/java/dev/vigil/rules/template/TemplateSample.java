package dev.vigil.rules.template;

import dev.vigil.common.template.GoTyped;
import dev.vigil.common.template.TypedMap;

/**
 * Prometheus's template {@code sample}: {@code .Labels} (a map[string]string, so missing labels
 * read as "") and {@code .Value}.
 *
 * @param labels the labels
 * @param value the value
 */
public record TemplateSample(TypedMap labels, double value) implements GoTyped {
  static TemplateSample of(QuerySample s) {
    return new TemplateSample(TypedMap.ofStrings(s.labels()), s.value());
  }

  String label(String name) {
    Object v = labels.get(name);
    return v == null ? "" : v.toString();
  }

  /** Go's %v of a *sample: {@code &{map[job:api] 1}}. */
  @Override
  public String toString() {
    return "&{" + dev.vigil.common.template.GoFormat.sprint(labels) + " "
        + dev.vigil.common.template.GoFormat.sprint(value) + "}";
  }

  @Override
  public String goTypeName() {
    return "*template.sample";
  }
}
