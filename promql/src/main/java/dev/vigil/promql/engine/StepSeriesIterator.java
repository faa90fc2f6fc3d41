package dev.vigil.promql.engine;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;

/**
 * Iterates the float points of a {@link StepSeries} as samples stamped with the grid's step
 * times: how a subquery's inner result is windowed like a stored series.
 */
final class StepSeriesIterator implements SampleIterator {
  private final StepSeries series;
  private final StepGrid grid;
  private int i = -1;

  StepSeriesIterator(StepSeries series, StepGrid grid) {
    this.series = series;
    this.grid = grid;
  }

  @Override
  public ValueType next() {
    int n = series.steps();
    do {
      i++;
    } while (i < n && !series.has(i));
    if (i >= n) {
      return ValueType.NONE;
    }
    return series.isHistogram(i) ? ValueType.FLOAT_HISTOGRAM : ValueType.FLOAT;
  }

  @Override
  public ValueType seek(long t) {
    if (i >= 0 && i < series.steps() && grid.time(i) >= t) {
      return series.isHistogram(i) ? ValueType.FLOAT_HISTOGRAM : ValueType.FLOAT;
    }
    if (t > grid.start()) {
      // Jump close to the target step instead of walking every step before it.
      long target = (t - grid.start()) / grid.step() - 1;
      if (target > i) {
        i = (int) Math.min(target, series.steps());
      }
    }
    ValueType vt;
    do {
      vt = next();
    } while (vt != ValueType.NONE && grid.time(i) < t);
    return vt;
  }

  @Override
  public long atT() {
    return grid.time(i);
  }

  @Override
  public double atV() {
    return series.values[i];
  }

  @Override
  public dev.vigil.model.FloatHistogram atHistogram() {
    return series.histograms[i];
  }
}
