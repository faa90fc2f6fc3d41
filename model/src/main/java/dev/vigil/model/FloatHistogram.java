package dev.vigil.model;

/**
 * A native histogram sample with float counts, as PromQL evaluates it (integer histograms are
 * converted to this on read). Buckets are described by spans (offset, length) over the
 * exponential bucket index at {@code schema}; {@code customValues} holds the upper bounds of a
 * custom-bucket histogram (schema -53). Arrays are owned by the instance and not modified after
 * construction by code that did not create it.
 *
 * <p>The value model carries histograms from the start so that they can flow end to end later;
 * today the stores hold floats only.
 */
public record FloatHistogram(
    CounterResetHint counterResetHint,
    int schema,
    double zeroThreshold,
    double zeroCount,
    double count,
    double sum,
    int[] positiveSpans,
    double[] positiveBuckets,
    int[] negativeSpans,
    double[] negativeBuckets,
    double[] customValues) {

  public enum CounterResetHint {
    UNKNOWN, COUNTER_RESET, NOT_COUNTER_RESET, GAUGE
  }

  public static final int CUSTOM_BUCKETS_SCHEMA = -53;
}
