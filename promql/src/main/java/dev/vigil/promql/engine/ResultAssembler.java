package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.ValueKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the evaluator's working values into the API's {@link Value}s: applies the name removal
 * delayed until the end, rejects (instant) or merges (range) series whose label sets became
 * equal, and sorts range results by labels.
 */
final class ResultAssembler {
  private ResultAssembler() {}

  /** Labels of a series as returned: without {@code __name__} when its removal was delayed. */
  private static Labels finalLabels(StepSeries s) {
    return s.dropName ? Evaluator.withoutName(s.labels) : s.labels;
  }

  @SuppressWarnings("unchecked")
  static Value instant(Object v, ValueKind kind, long t) {
    if (v instanceof String s) {
      return new Value.StringValue(t, s);
    }
    if (v instanceof double[] d) {
      return new Value.Scalar(t, d[0]);
    }
    List<?> list = (List<?>) v;
    if (kind == ValueKind.MATRIX) {
      return new Value.Matrix((List<Value.SeriesPoints>) list);
    }
    List<Value.Sample> out = new ArrayList<>(list.size());
    // sized for every series at once: growing from the default capacity rehashed a 400-series
    // answer six times, per request, in code a young server still runs interpreted
    Set<Labels> seen = HashSet.newHashSet(list.size());
    for (Object o : list) {
      StepSeries s = (StepSeries) o;
      if (!s.has(0)) {
        continue;
      }
      Labels l = finalLabels(s);
      if (!seen.add(l)) {
        throw new PromqlException(ErrorType.EXECUTION, SeriesMerge.DUPLICATE);
      }
      out.add(s.isHistogram(0)
          ? new Value.Sample(l, t, 0, s.histograms[0])
          : new Value.Sample(l, t, s.values[0], null));
    }
    return new Value.Vector(out);
  }

  @SuppressWarnings("unchecked")
  static Value range(Object v, StepGrid g) {
    int n = g.count();
    List<StepSeries> series;
    if (v instanceof double[] d) {
      StepSeries s = new StepSeries(Labels.EMPTY, n);
      for (int i = 0; i < n; i++) {
        s.set(i, d[i]);
      }
      series = List.of(s);
    } else {
      series = (List<StepSeries>) v;
    }
    List<StepSeries> named = new ArrayList<>(series.size());
    for (StepSeries s : series) {
      if (s.isEmpty()) {
        continue;
      }
      s.labels = finalLabels(s);
      s.dropName = false;
      named.add(s);
    }
    named = SeriesMerge.sameLabels(named);
    List<Value.SeriesPoints> out = new ArrayList<>(named.size());
    long[] allTimes = null; // every step's time, shared by the series with a float at every step
    for (StepSeries s : named) {
      if (s.histograms == null && s.count() == s.steps()) {
        if (allTimes == null) {
          allTimes = new long[g.count()];
          for (int i = 0; i < allTimes.length; i++) {
            allTimes[i] = g.time(i);
          }
        }
        // The series is not used again: its values become the points' values as they are.
        out.add(new Value.SeriesPoints(s.labels, allTimes, s.values, NO_TIMES, NO_HISTOGRAMS));
        continue;
      }
      out.add(points(s, g));
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new Value.Matrix(out);
  }

  private static final long[] NO_TIMES = new long[0];
  private static final FloatHistogram[] NO_HISTOGRAMS = new FloatHistogram[0];

  private static Value.SeriesPoints points(StepSeries s, StepGrid g) {
    int n = s.steps();
    int floats = 0;
    int hists = 0;
    for (int i = 0; i < n; i++) {
      if (s.has(i)) {
        if (s.isHistogram(i)) {
          hists++;
        } else {
          floats++;
        }
      }
    }
    long[] fts = new long[floats];
    double[] fvs = new double[floats];
    long[] hts = new long[hists];
    FloatHistogram[] hvs = new FloatHistogram[hists];
    int fi = 0;
    int hi = 0;
    for (int i = 0; i < n; i++) {
      if (!s.has(i)) {
        continue;
      }
      if (s.isHistogram(i)) {
        hts[hi] = g.time(i);
        hvs[hi++] = s.histograms[i];
      } else {
        fts[fi] = g.time(i);
        fvs[fi++] = s.values[i];
      }
    }
    return new Value.SeriesPoints(s.labels, fts, fvs, hts, hvs);
  }
}
