package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference store keeps native histograms beside floats, in one series, in time order. */
class MemoryStorageHistogramTest {
  private static FloatHistogram histogram(double count) {
    return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 0, count,
        count * 2, new int[] {0, 2}, new double[] {count / 2, count / 2}, new int[0],
        new double[0], null);
  }

  @Test
  void histogramsAndFloatsReadBackInOrder() {
    Labels l = Labels.of("__name__", "h");
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.append(0, l, 1000, 1.5);
      FloatHistogram h2 = histogram(4);
      a.appendHistogram(0, l, 2000, h2);
      a.append(0, l, 3000, 2.5);
      a.commit();
      try (Querier q = s.querier(0, 10_000)) {
        SeriesSet set = q.select(true, SelectHints.range(0, 10_000), List.of(Matcher.eq("__name__", "h")));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.at().iterator();
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atV()).isEqualTo(1.5);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.atT()).isEqualTo(2000);
        assertThat(it.atHistogram()).isSameAs(h2);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThatThrownBy(it::atHistogram).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        it = set.at().iterator();
        assertThat(it.seek(1500)).isEqualTo(ValueType.FLOAT_HISTOGRAM);
      }
    }
  }

  @Test
  void histogramOutOfOrderOrDuplicateIsRefused() {
    Labels l = Labels.of("__name__", "h");
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.appendHistogram(0, l, 2000, histogram(1));
      assertThatThrownBy(() -> a.appendHistogram(0, l, 1000, histogram(2)))
          .isInstanceOf(AppendException.class).hasMessageContaining("out of order");
      assertThatThrownBy(() -> a.appendHistogram(0, l, 2000, histogram(2)))
          .isInstanceOf(AppendException.class).hasMessageContaining("duplicate");
    }
  }

  private static FloatHistogram withHint(FloatHistogram h, FloatHistogram.CounterResetHint hint) {
    return new FloatHistogram(hint, h.schema(), h.zeroThreshold(), h.zeroCount(), h.count(),
        h.sum(), h.positiveSpans(), h.positiveBuckets(), h.negativeSpans(), h.negativeBuckets(),
        h.customValues());
  }

  /** Hints as Prometheus's TSDB hands them back: per chunk, not as they were appended. */
  @Test
  void counterResetHintsReadBackAsPrometheusChunksGiveThem() {
    Labels l = Labels.of("__name__", "h");
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.appendHistogram(0, l, 1000, histogram(4)); // series start: a new chunk
      a.appendHistogram(0, l, 2000, histogram(6)); // appended to it
      a.appendHistogram(0, l, 3000, histogram(2)); // count went down: a reset cuts a chunk
      a.appendHistogram(0, l, 4000, withHint(histogram(3),
          FloatHistogram.CounterResetHint.COUNTER_RESET)); // an explicit reset cuts one too
      a.appendHistogram(0, l, 5000, histogram(3));
      a.append(0, l, 6000, 1); // a float sample ends the histogram chunk
      a.appendHistogram(0, l, 7000, histogram(5));
      a.appendHistogram(0, l, 8000, withHint(histogram(1),
          FloatHistogram.CounterResetHint.GAUGE)); // gauges read back as gauges
      a.appendHistogram(0, l, 9000, withHint(histogram(0.5),
          FloatHistogram.CounterResetHint.GAUGE));
      long twoHours = 2 * 3600 * 1000L;
      a.appendHistogram(0, l, twoHours - 1000, histogram(5)); // counter after gauge: new chunk
      a.appendHistogram(0, l, twoHours - 500, histogram(6));
      a.appendHistogram(0, l, twoHours, histogram(7)); // the 2h chunk range ends
      a.commit();
      try (Querier q = s.querier(0, 3 * twoHours)) {
        SeriesSet set = q.select(true, SelectHints.range(0, 3 * twoHours),
            List.of(Matcher.eq("__name__", "h")));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.at().iterator();
        List<FloatHistogram.CounterResetHint> got = new java.util.ArrayList<>();
        for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
          if (vt == ValueType.FLOAT_HISTOGRAM) {
            got.add(it.atHistogram().counterResetHint());
          }
        }
        assertThat(got).containsExactly(
            FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CounterResetHint.NOT_COUNTER_RESET,
            FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CounterResetHint.NOT_COUNTER_RESET,
            FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CounterResetHint.GAUGE,
            FloatHistogram.CounterResetHint.GAUGE,
            FloatHistogram.CounterResetHint.UNKNOWN,
            FloatHistogram.CounterResetHint.NOT_COUNTER_RESET,
            FloatHistogram.CounterResetHint.UNKNOWN);
      }
    }
  }

  @Test
  void bucketLayoutChangesDecideBetweenResetAndContinuation() {
    FloatHistogram prev = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 1,
        5, 5, new int[] {0, 2}, new double[] {2, 2}, null, null, null);
    // A new bucket appears: still the same chunk.
    FloatHistogram grown = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001,
        1, 6, 6, new int[] {0, 3}, new double[] {2, 2, 1}, null, null, null);
    assertThat(ChunkHints.startsChunk(prev, 0, 1000, grown)).isFalse();
    // A bucket that held observations is gone: a reset.
    FloatHistogram moved = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001,
        1, 6, 6, new int[] {1, 2}, new double[] {3, 2}, null, null, null);
    assertThat(ChunkHints.startsChunk(prev, 0, 1000, moved)).isTrue();
    // Another schema cannot share the chunk.
    FloatHistogram coarser = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, -1,
        0.001, 1, 6, 6, new int[] {0, 2}, new double[] {2, 3}, null, null, null);
    assertThat(ChunkHints.startsChunk(prev, 0, 1000, coarser)).isTrue();
  }
}
