package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import java.util.List;

/** A parsed series line: {@code metric{l="v"} 1 2 _ stale 1+2x3 {{schema:0 sum:1 count:1}}}. */
public record SeriesDescription(Labels labels, List<SequenceValue> values) {
  public SeriesDescription {
    values = List.copyOf(values);
  }
}
