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

  /**
   * Bulk read: copies the current float sample and the float samples that follow it into {@code
   * ts[off..off+n)} and {@code vs[off..off+n)}, in order, and returns n. It lets decoders fill
   * arrays in tight loops instead of paying three calls per sample.
   *
   * <p>Precondition: the iterator is positioned on a {@link ValueType#FLOAT} sample (the last
   * {@link #next()} or {@link #seek(long)} returned {@code FLOAT}); otherwise the result is
   * unspecified and an implementation may throw {@link IllegalStateException}.
   *
   * <p>Copying stops before the first sample that
   * <ul>
   *   <li>does not exist (end of the series),
   *   <li>is not a float ({@link ValueType#HISTOGRAM} or {@link ValueType#FLOAT_HISTOGRAM}),
   *   <li>has a timestamp greater than {@code maxT} (inclusive bound), or
   *   <li>would exceed {@code max} samples copied;
   * </ul>
   * and an implementation may stop earlier at any sample (for example at the end of a chunk), so
   * a return value below {@code max} does not mean the series or the range ended. It copies at
   * least one sample when {@code max >= 1} and the current sample's timestamp is {@code <= maxT};
   * it returns 0, without moving, when {@code max <= 0} or the current timestamp is {@code > maxT}.
   *
   * <p>Afterwards (n &gt;= 1) the iterator is positioned on the last sample copied, exactly as if
   * {@link #next()} had been called n - 1 times: {@link #atT()} and {@link #atV()} return {@code
   * ts[off + n - 1]} and {@code vs[off + n - 1]}, and the following {@link #next()} returns the
   * first sample not copied (float, histogram or {@link ValueType#NONE}). The usual loop is:
   *
   * <pre>{@code
   * for (ValueType vt = it.seek(mint); vt != ValueType.NONE; vt = it.next()) {
   *   if (vt != ValueType.FLOAT) { ...one histogram sample...; continue; }
   *   if (it.atT() > maxT) break;
   *   n += it.readFloats(maxT, ts, vs, n, ts.length - n);   // grow the arrays when full
   * }
   * }</pre>
   *
   * <p>Values are copied bit for bit (stale markers and other NaN payloads included). The
   * default copies just the current sample; stores override it with a decoder loop.
   *
   * @param maxT the greatest timestamp to copy, in milliseconds (inclusive)
   * @param ts receives the timestamps from index {@code off}
   * @param vs receives the values from index {@code off}
   * @param off first index written in both arrays
   * @param max the most samples to copy; both arrays must have room for it from {@code off}
   * @return the number of samples copied, 0 to {@code max}
   */
  default int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (max <= 0) {
      return 0;
    }
    long t = atT();
    if (t > maxT) {
      return 0;
    }
    ts[off] = t;
    vs[off] = atV();
    return 1;
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
