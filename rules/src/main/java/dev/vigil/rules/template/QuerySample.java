package dev.vigil.rules.template;

import java.util.Map;
import java.util.Objects;

/**
 * One element of a query result handed to templates: the series' labels (including {@code
 * __name__} when present) and its value.
 *
 * @param labels label names to values
 * @param value the sample value
 */
public record QuerySample(Map<String, String> labels, double value) {
  public QuerySample {
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
  }
}
