package dev.vigil.promql.engine;

import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines step series whose label sets became equal (a function or the final name removal took
 * away the label that told them apart), as Prometheus assembles a node's output by label set:
 * allowed while they never hold a sample at the same step, else the error Prometheus gives. The
 * evaluator uses it on every node's output, the functions on their own results ({@code
 * label_replace}, {@code label_join}, name-dropping functions). Stateless.
 */
public final class SeriesMerge {
  public static final String DUPLICATE = "vector cannot contain metrics with the same labelset";

  private SeriesMerge() {}

  /**
   * @return {@code in} itself when no two series share labels, else a new list where the later
   *     series' steps were copied into the first one with the same labels
   * @throws PromqlException when two of them hold a sample at the same step
   */
  public static List<StepSeries> sameLabels(List<StepSeries> in) {
    if (in.size() < 2) {
      return in;
    }
    Map<Labels, StepSeries> seen = new HashMap<>(in.size() * 2);
    boolean dup = false;
    for (StepSeries s : in) {
      if (seen.putIfAbsent(s.labels, s) != null) {
        dup = true;
        break;
      }
    }
    if (!dup) {
      return in;
    }
    seen.clear();
    List<StepSeries> out = new ArrayList<>(in.size());
    for (StepSeries s : in) {
      StepSeries first = seen.putIfAbsent(s.labels, s);
      if (first == null) {
        out.add(s);
        continue;
      }
      for (int i = 0; i < s.steps(); i++) {
        if (!s.has(i)) {
          continue;
        }
        if (first.has(i)) {
          throw new PromqlException(ErrorType.EXECUTION, DUPLICATE);
        }
        if (s.isHistogram(i)) {
          first.setHistogram(i, s.histograms[i]);
        } else {
          first.set(i, s.values[i]);
        }
      }
    }
    return out;
  }

  /** {@code in} without the series that hold no sample ({@code in} itself when there are none). */
  public static List<StepSeries> withoutEmpty(List<StepSeries> in) {
    boolean any = false;
    for (StepSeries s : in) {
      if (s.isEmpty()) {
        any = true;
        break;
      }
    }
    if (!any) {
      return in;
    }
    List<StepSeries> out = new ArrayList<>(in.size());
    for (StepSeries s : in) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
