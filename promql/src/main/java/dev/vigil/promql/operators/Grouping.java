package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code by}/{@code without} grouping of an aggregation: each input series' group label set is
 * computed once ({@code by} keeps the named labels, {@code without} drops them and {@code
 * __name__}), groups keep the order in which their first series appears, as Prometheus's results
 * do.
 */
final class Grouping {
  private final boolean without;
  private final Set<String> names;

  Grouping(List<String> grouping, boolean without) {
    this.without = without;
    this.names = new HashSet<>(grouping);
  }

  Labels groupLabels(Labels l) {
    if (without) {
      Labels d = SeriesLabels.delete(l, names);
      return d.has(Labels.METRIC_NAME) ? d.without(Labels.METRIC_NAME) : d;
    }
    return names.isEmpty() ? Labels.EMPTY : SeriesLabels.keep(l, names);
  }

  /** One entry per group, members in input order, groups in order of first appearance. */
  Map<Labels, List<StepSeries>> groups(List<StepSeries> input) {
    Map<Labels, List<StepSeries>> groups = new LinkedHashMap<>();
    for (StepSeries s : input) {
      groups.computeIfAbsent(groupLabels(s.labels), k -> new ArrayList<>()).add(s);
    }
    return groups;
  }
}
