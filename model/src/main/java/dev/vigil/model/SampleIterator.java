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

  /**
   * The value of {@link #atStartTimestamp()} for a sample without a start timestamp: 0, as
   * Prometheus uses (a start timestamp at exactly the Unix epoch cannot be told apart from none).
   */
  long NO_START_TIMESTAMP = 0;

  /**
   * The start timestamp ("created timestamp") of the current sample in milliseconds, float or
   * histogram: when its cumulative series started counting, or the start of the interval a delta
   * sample covers; {@link #NO_START_TIMESTAMP} when the sample has none. Valid where {@link
   * #atT()} is. The default, for stores that keep none, is always {@link #NO_START_TIMESTAMP}: the
   * tsdb store does not keep start timestamps yet, the testkit's {@code MemoryStorage} does.
   */
  default long atStartTimestamp() {
    return NO_START_TIMESTAMP;
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
