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
}
