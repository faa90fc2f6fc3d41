package dev.vigil.promql.engine;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;

/**
 * Float samples from two arrays, for the engine's loop tests; bulk reads are the interface's
 * default (one sample at a time) unless a subclass overrides {@code readFloats}.
 */
class FloatArrayIterator implements SampleIterator {
  protected final long[] t;
  protected final double[] v;
  protected int i = -1;

  FloatArrayIterator(long[] t, double[] v) {
    this.t = t;
    this.v = v;
  }

  @Override
  public ValueType next() {
    i = Math.min(i + 1, t.length);
    return i < t.length ? ValueType.FLOAT : ValueType.NONE;
  }

  @Override
  public ValueType seek(long ts) {
    i = Math.max(i, 0);
    while (i < t.length && t[i] < ts) {
      i++;
    }
    return i < t.length ? ValueType.FLOAT : ValueType.NONE;
  }

  @Override
  public long atT() {
    return t[i];
  }

  @Override
  public double atV() {
    return v[i];
  }
}
