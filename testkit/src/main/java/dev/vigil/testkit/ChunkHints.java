package dev.vigil.testkit;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.model.Samples;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The counter-reset hints native histograms read back with from Prometheus's TSDB, so that the
 * reference store hands back what Prometheus's storage would. Prometheus keeps histograms in
 * chunks and derives the hint on read: GAUGE for every sample of a gauge chunk, UNKNOWN for the
 * first sample of a counter chunk (whatever its header says: the previous chunk may be gone), and
 * NOT_COUNTER_RESET for every later sample of it. A new chunk starts with the series, after a
 * float sample, when a gauge follows a counter histogram or the other way round, when the sample
 * cannot be appended to the open chunk (an explicit or detected counter reset, another schema,
 * zero threshold or set of custom bounds, a sample after a stale marker), and at the end of the
 * chunk's 2h range. Prometheus also cuts chunks by their encoded size, which this store does not
 * model. Stateless.
 */
final class ChunkHints {
  /** The head's chunk range (Prometheus's default block duration). */
  static final long CHUNK_RANGE_MS = 2 * 60 * 60 * 1000L;

  private ChunkHints() {}

  /**
   * Whether {@code h} at {@code t} starts a new chunk after {@code prev} (null when the previous
   * sample is a float or there is none) in a chunk that started at {@code chunkMinT}.
   */
  static boolean startsChunk(FloatHistogram prev, long chunkMinT, long t, FloatHistogram h) {
    if (prev == null || t >= Math.floorDiv(chunkMinT, CHUNK_RANGE_MS) * CHUNK_RANGE_MS
        + CHUNK_RANGE_MS) {
      return true;
    }
    boolean gauge = h.counterResetHint() == CounterResetHint.GAUGE;
    if (gauge != (prev.counterResetHint() == CounterResetHint.GAUGE)) {
      return true;
    }
    if (Samples.isStaleNaN(h.sum())) {
      return false;
    }
    if (Samples.isStaleNaN(prev.sum()) || h.schema() != prev.schema()
        || h.zeroThreshold() != prev.zeroThreshold()
        || (h.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA
        && !Arrays.equals(h.customValues(), prev.customValues()))) {
      return true;
    }
    return !gauge && isReset(prev, h);
  }

  /** {@code h} with the hint it reads back with. */
  static FloatHistogram hinted(FloatHistogram h, boolean firstInChunk) {
    CounterResetHint out = h.counterResetHint() == CounterResetHint.GAUGE
        ? CounterResetHint.GAUGE
        : firstInChunk ? CounterResetHint.UNKNOWN : CounterResetHint.NOT_COUNTER_RESET;
    if (out == h.counterResetHint()) {
      return h;
    }
    return new FloatHistogram(out, h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(),
        h.sum(), h.positiveSpans(), h.positiveBuckets(), h.negativeSpans(), h.negativeBuckets(),
        h.customValues());
  }

  /**
   * A counter reset between two histograms of one layout family (same schema, zero threshold and
   * custom bounds): an explicit hint, a lower count or zero count, or a bucket that held
   * observations and now holds fewer or is gone.
   */
  private static boolean isReset(FloatHistogram prev, FloatHistogram h) {
    if (h.counterResetHint() == CounterResetHint.COUNTER_RESET || h.count() < prev.count()
        || h.zeroCount() < prev.zeroCount()) {
      return true;
    }
    return decreased(prev.positiveSpans(), prev.positiveBuckets(), h.positiveSpans(),
        h.positiveBuckets())
        || decreased(prev.negativeSpans(), prev.negativeBuckets(), h.negativeSpans(),
        h.negativeBuckets());
  }

  private static boolean decreased(int[] ps, double[] pb, int[] cs, double[] cb) {
    TreeMap<Integer, Double> after = buckets(cs, cb);
    for (var e : buckets(ps, pb).entrySet()) {
      Double now = after.get(e.getKey());
      if (now == null ? e.getValue() != 0 : e.getValue() > now) {
        return true;
      }
    }
    return false;
  }

  private static TreeMap<Integer, Double> buckets(int[] spans, double[] counts) {
    TreeMap<Integer, Double> m = new TreeMap<>();
    if (spans == null || counts == null) {
      return m;
    }
    int idx = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1] && k < counts.length; j++, idx++, k++) {
        m.put(idx, counts[k]);
      }
    }
    return m;
  }
}
