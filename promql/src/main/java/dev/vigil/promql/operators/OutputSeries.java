package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result series by label set, in first-written order. Two samples with the same labels at the same
 * step are Prometheus's "vector cannot contain metrics with the same labelset" error; samples at
 * different steps merge into one series, as Prometheus's step-by-step assembly merges them.
 */
final class OutputSeries {
  static final String SAME_LABELSET = "vector cannot contain metrics with the same labelset";
  /** Rank of the duplicate-labelset error among the errors of one step (checked last). */
  static final int RANK = 9;

  private final Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
  private final int steps;
  private final StepErrors errors;

  OutputSeries(int steps, StepErrors errors) {
    this.steps = steps;
    this.errors = errors;
  }

  StepSeries series(Labels labels) {
    return byLabels.computeIfAbsent(labels, l -> new StepSeries(l, steps));
  }

  /** Sets a float at a step of {@code out}, recording the duplicate error when already set. */
  void set(StepSeries out, int step, double v) {
    if (out.has(step)) {
      errors.record(step, RANK, 0, SAME_LABELSET);
      return;
    }
    out.set(step, v);
  }

  void setHistogram(StepSeries out, int step, FloatHistogram h) {
    if (out.has(step)) {
      errors.record(step, RANK, 0, SAME_LABELSET);
      return;
    }
    out.setHistogram(step, h);
  }

  /** Adds every sample of {@code s} under its labels. */
  void addAll(StepSeries s) {
    StepSeries out = byLabels.get(s.labels);
    if (out == null) {
      byLabels.put(s.labels, s);
      return;
    }
    out.dropName |= s.dropName;
    for (int i = 0; i < steps; i++) {
      if (s.has(i)) {
        if (s.isHistogram(i)) {
          setHistogram(out, i, s.histograms[i]);
        } else {
          set(out, i, s.values[i]);
        }
      }
    }
  }

  /** The non-empty series. */
  List<StepSeries> result() {
    List<StepSeries> out = new ArrayList<>(byLabels.size());
    for (StepSeries s : byLabels.values()) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
