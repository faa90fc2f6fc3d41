package dev.vigil.tsdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.fixture.MemSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MergeQuerierTest {
  static final List<Matcher> ALL = List.of(Matcher.re("__name__", ".+"));
  static final Labels A = Labels.of("__name__", "a");
  static final Labels B = Labels.of("__name__", "b");
  static final Labels C = Labels.of("__name__", "c", "x", "1");

  @Test
  void mergesEqualSeriesAndFirstInputWinsOnEqualTimestamps() {
    MemSeries head = new MemSeries().add(A, 10, 1).add(A, 30, 3).add(C, 5, 50);
    MemSeries block = new MemSeries().add(A, 10, 99).add(A, 20, 2).add(A, 40, 4).add(B, 1, 7);
    try (Querier q = new MergeQuerier(List.of(head.querier(0, 100), block.querier(0, 100)))) {
      var got = MemSeries.drain(q.select(false, null, ALL));
      assertThat(List.copyOf(got.keySet())).containsExactly(A, B, C);
      assertThat(got.get(A)).isEqualTo(new TreeMap<>(Map.of(10L, 1.0, 20L, 2.0, 30L, 3.0,
          40L, 4.0)));
      assertThat(got.get(B)).isEqualTo(new TreeMap<>(Map.of(1L, 7.0)));
      assertThat(q.labelNames(List.of())).containsExactly("__name__", "x");
      assertThat(q.labelValues("__name__", List.of(Matcher.neq("__name__", "b"))))
          .containsExactly("a", "c");
    }
  }

  @Test
  void randomSplitsMergeBackToTheUnion() {
    long seed = System.nanoTime();
    System.out.println("MergeQuerierTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(4);
      List<MemSeries> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parts.add(new MemSeries());
      }
      MemSeries union = new MemSeries();
      for (int s = 0; s < 20; s++) {
        Labels ls = Labels.of("__name__", "m" + r.nextInt(10), "k", "v" + r.nextInt(3));
        long t = r.nextInt(50);
        for (int k = 0; k < r.nextInt(30); k++) {
          t += 1 + r.nextInt(20);
          double v = t * 0.5; // same value wherever a timestamp is duplicated
          parts.get(r.nextInt(n)).add(ls, t, v);
          if (r.nextInt(4) == 0) {
            parts.get(r.nextInt(n)).add(ls, t, v);
          }
          union.add(ls, t, v);
        }
      }
      long mint = r.nextInt(100);
      long maxt = mint + r.nextInt(400);
      List<Querier> qs = parts.stream().map(p -> p.querier(mint, maxt)).toList();
      try (Querier q = new MergeQuerier(qs); Querier ref = union.querier(mint, maxt)) {
        var got = MemSeries.drain(q.select(false, null, ALL));
        var want = MemSeries.drain(ref.select(true, null, ALL));
        assertThat(List.copyOf(got.keySet())).isEqualTo(List.copyOf(want.keySet()));
        assertThat(got).isEqualTo(want);
        checkSeek(q.select(true, null, ALL), want, r);
        SeriesSet bulk = q.select(false, null, ALL);
        while (bulk.next()) {
          dev.vigil.testkit.SampleIteratorCheck.check(bulk.at()::iterator, seed + round, 5);
        }
        assertThat(q.labelValues("k", List.of())).isEqualTo(ref.labelValues("k", List.of()));
      }
    }
  }

  private static void checkSeek(SeriesSet set, Map<Labels, TreeMap<Long, Double>> want, Random r) {
    while (set.next()) {
      TreeMap<Long, Double> samples = want.get(set.at().labels());
      SampleIterator it = set.at().iterator();
      long t = -5;
      boolean useSeek = true;
      while (true) {
        Map.Entry<Long, Double> e;
        ValueType vt;
        if (useSeek) {
          t += r.nextInt(30);
          e = samples.ceilingEntry(t);
          vt = it.seek(t);
        } else {
          e = samples.higherEntry(t);
          vt = it.next();
        }
        if (e == null) {
          assertThat(vt).isEqualTo(ValueType.NONE);
          assertThat(it.next()).isEqualTo(ValueType.NONE);
          break;
        }
        assertThat(vt).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(e.getKey());
        assertThat(it.atV()).isEqualTo(e.getValue());
        t = it.atT();
        useSeek = r.nextBoolean();
      }
    }
  }

  @Test
  void emptyAndSingleInputs() {
    try (Querier q = new MergeQuerier(List.of())) {
      assertThat(q.select(true, null, ALL).next()).isFalse();
      assertThat(q.labelNames(List.of())).isEmpty();
    }
    MemSeries one = new MemSeries().add(B, 1, 1).add(A, 1, 1);
    try (Querier q = new MergeQuerier(List.of(one.querier(0, 10)))) {
      assertThat(MemSeries.drain(q.select(true, SelectHints.range(0, 10), ALL)))
          .containsOnlyKeys(A, B);
    }
  }

  @Test
  void closeClosesEveryInputAndReportsTheFirstFailure() {
    AtomicInteger closed = new AtomicInteger();
    Querier ok = new MemSeries().querier(0, 1);
    Querier counting = new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
        return SeriesSet.EMPTY;
      }

      @Override
      public List<String> labelNames(List<Matcher> matchers) {
        return List.of();
      }

      @Override
      public List<String> labelValues(String name, List<Matcher> matchers) {
        return List.of();
      }

      @Override
      public void close() {
        closed.incrementAndGet();
        throw new IllegalStateException("boom " + closed.get());
      }
    };
    MergeQuerier q = new MergeQuerier(List.of(counting, ok, counting));
    assertThatThrownBy(q::close).hasMessage("boom 1")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(closed.get()).isEqualTo(2);
  }
}
