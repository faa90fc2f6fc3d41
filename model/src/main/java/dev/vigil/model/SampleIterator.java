package dev.vigil.model;

/**
 * Iterates the samples of one series in increasing time order. Not thread-safe.
 *
 * <p>Contract: before the first {@link #next()} or {@link #seek(long)} the iterator is positioned
 * before the first sample; {@link #atT()} and {@link #atV()} are valid only after a call that
 * returned something other than {@link ValueType#NONE}.
 */
public interface SampleIterator {
  /** Advances to the next sample. */
  ValueType next();

  /**
   * Advances to the first sample with timestamp &gt;= t; never moves backwards (if the current
   * sample already satisfies it, stays there).
   */
  ValueType seek(long t);

  /** Timestamp of the current sample in milliseconds. */
  long atT();

  /** Float value of the current sample (valid when positioned on {@link ValueType#FLOAT}). */
  double atV();

  /**
   * The current histogram sample (valid when positioned on {@link ValueType#HISTOGRAM} or
   * {@link ValueType#FLOAT_HISTOGRAM}). Stores holding floats only never position there.
   */
  default FloatHistogram atHistogram() {
    throw new IllegalStateException("not positioned on a histogram sample");
  }

  SampleIterator EMPTY = new SampleIterator() {
    @Override
    public ValueType next() {
      return ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
      return ValueType.NONE;
    }

    @Override
    public long atT() {
      throw new IllegalStateException("empty iterator");
    }

    @Override
    public double atV() {
      throw new IllegalStateException("empty iterator");
    }
  };
}
