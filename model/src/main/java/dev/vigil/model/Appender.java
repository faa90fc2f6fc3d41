package dev.vigil.model;

/**
 * Adds samples in a transaction: nothing is visible to queriers or durable before {@link
 * #commit()}; after commit returns, everything appended is durable (in the write-ahead log). Not
 * thread-safe: one appender per writer.
 *
 * <p>A series reference returned by an append may be passed to later appends of the same series
 * to skip the label lookup; 0 means "unknown, look it up by labels".
 */
public interface Appender {
  /**
   * Appends a float sample.
   *
   * @return the series reference
   * @throws AppendException if this sample is rejected (the rest of the transaction stays valid)
   */
  long append(long ref, Labels labels, long t, double v);

  /**
   * Appends a native histogram sample. Stores that hold floats only refuse it.
   *
   * @return the series reference
   * @throws AppendException if this sample is rejected
   */
  default long appendHistogram(long ref, Labels labels, long t, FloatHistogram h) {
    throw new AppendException(AppendException.Reason.UNSUPPORTED,
        "native histograms are not supported by this store");
  }

  /**
   * Appends a float sample with its start timestamp ("created timestamp": when the cumulative
   * counter the sample belongs to started, or the start of the interval a delta sample covers).
   * {@code st} is in milliseconds; {@link SampleIterator#NO_START_TIMESTAMP} (0) means none, as in
   * Prometheus. The default ignores {@code st}: stores that keep no start timestamps (the tsdb head
   * and blocks, for now) append the plain sample.
   *
   * @return the series reference
   * @throws AppendException if this sample is rejected
   */
  default long appendWithStartTimestamp(long ref, Labels labels, long t, long st, double v) {
    return append(ref, labels, t, v);
  }

  /**
   * Appends a native histogram sample with its start timestamp; see {@link
   * #appendWithStartTimestamp}. The default ignores {@code st}.
   *
   * @return the series reference
   * @throws AppendException if this sample is rejected
   */
  default long appendHistogramWithStartTimestamp(
      long ref, Labels labels, long t, long st, FloatHistogram h) {
    return appendHistogram(ref, labels, t, h);
  }

  /**
   * Hints that a sample of series {@code ref} (a reference an earlier append returned) will be
   * appended soon, so that the store may load what that append reads now: issued for several
   * series in a row before their appends, the memory loads of the series overlap instead of being
   * waited for one after the other. Only a hint: never throws and changes nothing; an unknown,
   * stale or zero reference is ignored. The default does nothing.
   */
  default void prefetch(long ref) {}

  /** Attaches an exemplar to a series. @throws AppendException when rejected */
  long appendExemplar(long ref, Labels labels, Exemplar exemplar);

  /** Records type, help and unit for the series' metric family. */
  long updateMetadata(long ref, Labels labels, MetricMetadata metadata);

  /** Makes everything appended visible and durable. */
  void commit();

  /** Discards everything appended since the last commit. */
  void rollback();
}
