package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;

/**
 * One series of an instant-vector expression evaluated at every step of a {@link StepGrid}: the
 * engine's working representation, so that functions, operators and aggregations run over whole
 * series at once instead of step by step. Step {@code i} holds a sample when {@link #has(int)};
 * it is then a histogram when {@code histograms != null && histograms[i] != null}, else the float
 * {@code values[i]}.
 *
 * <p>Mutable on purpose: an operator that owns its input may overwrite values in place instead of
 * allocating.
 */
public final class StepSeries {
  public Labels labels;
  public final double[] values;
  /** Null while no step holds a histogram. */
  public FloatHistogram[] histograms;
  private final long[] present;
  /**
   * With delayed name removal: {@code __name__} is still in {@link #labels} but must be dropped
   * when the result is returned.
   */
  public boolean dropName;

  public StepSeries(Labels labels, int steps) {
    this.labels = labels;
    this.values = new double[steps];
    this.present = new long[(steps + 63) >>> 6];
  }

  /**
   * Makes this series empty again with other labels, for {@link SeriesRecycler}: no step holds a
   * sample (the values at absent steps are unspecified, as after {@link #clear}).
   */
  void reuse(Labels labels) {
    this.labels = labels;
    java.util.Arrays.fill(present, 0L);
    histograms = null;
    dropName = false;
  }

  public int steps() {
    return values.length;
  }

  /**
   * The presence bitmap: bit {@code i & 63} of word {@code i >>> 6} is set when step {@code i}
   * holds a sample. The live array, for loops that visit only the present steps; never modify it.
   */
  public long[] presentWords() {
    return present;
  }

  public boolean has(int i) {
    return (present[i >>> 6] & (1L << i)) != 0;
  }

  public void set(int i, double v) {
    values[i] = v;
    present[i >>> 6] |= 1L << i;
    if (histograms != null) {
      histograms[i] = null;
    }
  }

  public void setHistogram(int i, FloatHistogram h) {
    if (histograms == null) {
      histograms = new FloatHistogram[values.length];
    }
    histograms[i] = h;
    present[i >>> 6] |= 1L << i;
  }

  public void clear(int i) {
    present[i >>> 6] &= ~(1L << i);
    if (histograms != null) {
      histograms[i] = null;
    }
  }

  public boolean isHistogram(int i) {
    return histograms != null && histograms[i] != null;
  }

  /** True when no step holds a sample. */
  public boolean isEmpty() {
    for (long w : present) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  /** Number of steps holding a sample. */
  public int count() {
    int n = 0;
    for (long w : present) {
      n += Long.bitCount(w);
    }
    return n;
  }
}
