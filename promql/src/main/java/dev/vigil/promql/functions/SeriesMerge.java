package dev.vigil.promql.functions;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines series that ended up with the same label set (after a function dropped the metric
 * name, or {@code label_replace} rewrote a label): their steps merge into one series, and two
 * samples at the same step are Prometheus's error "vector cannot contain metrics with the same
 * labelset". The functions call it on their own results; the evaluator can use it for range
 * functions' results. Stateless.
 */
public final class SeriesMerge {
  public static final String DUPLICATE_LABELSET =
      "vector cannot contain metrics with the same labelset";

  private SeriesMerge() {}

  /**
   * Merges series with equal labels into the first of them, in place where possible, keeping the
   * order of first appearance. Series without any sample are dropped.
   *
   * @throws PromqlException ({@link ErrorType#EXECUTION}) when two of them have a sample at the
   *     same step
   */
  public static List<StepSeries> mergeSameLabels(List<StepSeries> in) {
    if (in.size() <= 1) {
      return removeEmpty(in);
    }
    Map<Labels, StepSeries> seen = new HashMap<>(in.size() * 2);
    List<StepSeries> out = new ArrayList<>(in.size());
    for (StepSeries s : in) {
      if (s.isEmpty()) {
        continue;
      }
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
          throw new PromqlException(ErrorType.EXECUTION, DUPLICATE_LABELSET);
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

  static List<StepSeries> removeEmpty(List<StepSeries> in) {
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
