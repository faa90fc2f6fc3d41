package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.promql.parser.GoText;
import java.util.Collection;

/** Label-set transformations shared by the operators. Stateless. */
final class SeriesLabels {
  static final String TYPE = "__type__";
  static final String UNIT = "__unit__";

  private SeriesLabels() {}

  /**
   * Drops {@code __name__} and the other metadata labels ({@code __type__}, {@code __unit__}), as
   * Prometheus does wherever an operation changes what a value means.
   */
  static Labels dropMetadata(Labels l) {
    if (!l.has(Labels.METRIC_NAME) && !l.has(TYPE) && !l.has(UNIT)) {
      return l;
    }
    return l.without(Labels.METRIC_NAME, TYPE, UNIT);
  }

  /** Only the labels named in {@code names}. */
  static Labels keep(Labels l, Collection<String> names) {
    if (names.isEmpty() || l.isEmpty()) {
      return Labels.EMPTY;
    }
    LabelsBuilder b = new LabelsBuilder();
    for (int i = 0; i < l.size(); i++) {
      if (names.contains(l.name(i))) {
        b.set(l.name(i), l.value(i));
      }
    }
    return b.build();
  }

  /** All labels but those named in {@code names}. */
  static Labels delete(Labels l, Collection<String> names) {
    boolean any = false;
    for (String n : names) {
      if (l.has(n)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return l;
    }
    LabelsBuilder b = l.toBuilder();
    for (String n : names) {
      b.delete(n);
    }
    return b.build();
  }

  /**
   * The labels that identify a match group: {@code on(names)} keeps only those, {@code
   * ignoring(names)} drops them and {@code __name__}.
   */
  static Labels matchLabels(Labels l, boolean on, Collection<String> names) {
    if (on) {
      return keep(l, names);
    }
    Labels d = delete(l, names);
    return d.has(Labels.METRIC_NAME) ? d.without(Labels.METRIC_NAME) : d;
  }

  /**
   * Prometheus's {@code labels.Labels.String()}: {@code {__name__="x", a="b"}}, every label
   * including the name inside the braces.
   */
  static String format(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String n = l.name(i);
      if (dev.vigil.model.LabelNames.isLegacyLabelName(n)) {
        sb.append(n);
      } else {
        sb.append(GoText.quote(n));
      }
      sb.append('=');
      sb.append(GoText.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }
}
