package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.HashMap;
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
    this.byNames = without || names.isEmpty() ? null : names.toArray(new String[0]);
  }

  /** The {@code by} labels in order, for {@link #valuesKey}; null for {@code without}. */
  private final String[] byNames;

  /**
   * A key equal for two label sets exactly when their {@link #groupLabels} are equal, cheaper to
   * make than those: the values of the {@code by} labels (a missing label distinct from any
   * value). Null for {@code without}, where no such shortcut applies.
   */
  Object valuesKey(Labels l) {
    String[] n = byNames;
    if (n == null) {
      return null;
    }
    if (n.length == 1) {
      int i = l.indexOf(n[0]);
      return i < 0 ? ABSENT : l.value(i);
    }
    Object[] key = new Object[n.length];
    for (int j = 0; j < n.length; j++) {
      int i = l.indexOf(n[j]);
      key[j] = i < 0 ? ABSENT : l.value(i);
    }
    return java.util.Arrays.asList(key);
  }

  /** Stands for a {@code by} label a series does not have. */
  private static final Object ABSENT = new Object();

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
    Map<Object, List<StepSeries>> byValues = byNames == null ? null : new HashMap<>();
    for (StepSeries s : input) {
      if (byValues == null) {
        groups.computeIfAbsent(groupLabels(s.labels), k -> new ArrayList<>()).add(s);
        continue;
      }
      Object k = valuesKey(s.labels);
      List<StepSeries> members = byValues.get(k);
      if (members == null) {
        members = groups.computeIfAbsent(groupLabels(s.labels), x -> new ArrayList<>());
        byValues.put(k, members);
      }
      members.add(s);
    }
    return groups;
  }
}
