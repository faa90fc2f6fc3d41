package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference store keeps a start timestamp per sample, float or histogram. */
class MemoryStorageStartTimestampTest {
  private static final Labels L = Labels.of("__name__", "c_total");

  private static SampleIterator read(MemoryStorage s, long mint, long maxt) {
    Querier q = s.querier(mint, maxt);
    SeriesSet set = q.select(true, SelectHints.range(mint, maxt), List.of(Matcher.eq("__name__",
        "c_total")));
    assertThat(set.next()).isTrue();
    return set.at().iterator();
  }

  @Test
  void startTimestampsReadBackPerSample() {
    FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, 3, 3,
        new int[0], new double[0], new int[0], new double[0], null);
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.append(0, L, 1000, 1); // none
      a.appendWithStartTimestamp(0, L, 2000, 500, 2);
      a.appendHistogramWithStartTimestamp(0, L, 3000, 2500, h);
      // More samples than the initial arrays hold: the start timestamps grow with them.
      for (int i = 4; i <= 20; i++) {
        a.appendWithStartTimestamp(0, L, i * 1000L, i * 1000L - 1, i);
      }
      a.commit();
      SampleIterator it = read(s, 0, 100_000);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atStartTimestamp()).isEqualTo(SampleIterator.NO_START_TIMESTAMP);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atStartTimestamp()).isEqualTo(500);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
      assertThat(it.atStartTimestamp()).isEqualTo(2500);
      List<Long> rest = new ArrayList<>();
      while (it.next() != ValueType.NONE) {
        rest.add(it.atStartTimestamp());
      }
      assertThat(rest).hasSize(17).startsWith(3999L).endsWith(19_999L);
      // A querier clipped to a later range keeps each sample's own start timestamp.
      SampleIterator clipped = read(s, 15_000, 16_000);
      assertThat(clipped.seek(16_000)).isEqualTo(ValueType.FLOAT);
      assertThat(clipped.atStartTimestamp()).isEqualTo(15_999);
    }
  }

  @Test
  void withoutStartTimestampsEverySampleHasNone() {
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.append(0, L, 1000, 1);
      a.append(0, L, 2000, 2);
      a.commit();
      SampleIterator it = read(s, 0, 10_000);
      while (it.next() != ValueType.NONE) {
        assertThat(it.atStartTimestamp()).isEqualTo(SampleIterator.NO_START_TIMESTAMP);
      }
    }
  }

  @Test
  void orderRulesStillApplyAndRollbackDropsThem() {
    try (MemoryStorage s = new MemoryStorage()) {
      Appender a = s.appender();
      a.appendWithStartTimestamp(0, L, 2000, 1000, 2);
      assertThatThrownBy(() -> a.appendWithStartTimestamp(0, L, 1000, 500, 1))
          .isInstanceOf(AppendException.class);
      a.rollback();
      a.appendWithStartTimestamp(0, L, 1000, 500, 1);
      a.commit();
      SampleIterator it = read(s, 0, 10_000);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(1000);
      assertThat(it.atStartTimestamp()).isEqualTo(500);
      assertThat(it.next()).isEqualTo(ValueType.NONE);
    }
  }

  @Test
  void appendersWithoutStartTimestampsIgnoreThem() {
    List<String> seen = new ArrayList<>();
    Appender plain = new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        seen.add(t + "=" + v);
        return 7;
      }

      @Override
      public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
        return 0;
      }

      @Override
      public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
        return 0;
      }

      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };
    assertThat(plain.appendWithStartTimestamp(0, L, 2000, 1000, 2.5)).isEqualTo(7);
    assertThat(seen).containsExactly("2000=2.5");
    assertThat(SampleIterator.EMPTY.atStartTimestamp()).isEqualTo(0);
  }
}
