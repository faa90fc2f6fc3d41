package dev.vigil.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.fixture.MemSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BlockTest {
  static final long H = 3_600_000L;

  @TempDir
  Path dir;

  /** Random series over a small label vocabulary so that matchers hit and miss. */
  static MemSeries randomSeries(Random r, int numSeries, long mint, long maxt) {
    MemSeries mem = new MemSeries();
    String[] paths = {"/api/v1/query", "/api/v1/series", "/api/v2/alerts", "/metrics", "/",
        "/ready", "ünïcode/π"};
    for (int i = 0; i < numSeries; i++) {
      List<String> kv = new ArrayList<>(List.of(
          "__name__", "metric_" + r.nextInt(6),
          "job", "job" + r.nextInt(3),
          "instance", "host-" + r.nextInt(20) + ":9100"));
      if (r.nextBoolean()) {
        kv.addAll(List.of("env", r.nextBoolean() ? "prod" : "dev"));
      }
      if (r.nextInt(3) == 0) {
        kv.addAll(List.of("path", paths[r.nextInt(paths.length)]));
      }
      kv.addAll(List.of("i", Integer.toString(i)));
      Labels ls = Labels.of(kv.toArray(String[]::new));
      int n = switch (r.nextInt(4)) {
        case 0 -> 1;
        case 1 -> r.nextInt(1, 50);
        default -> r.nextInt(100, 700);
      };
      long step = Math.max(1, (maxt - mint) / (n + 1));
      long t = mint + r.nextLong(0, step);
      double v = r.nextInt(1000);
      for (int k = 0; k < n && t < maxt; k++) {
        switch (r.nextInt(8)) {
          case 0 -> v = r.nextGaussian() * 100;
          case 1 -> v = Samples.STALE_NAN;
          case 2 -> v = Math.floor(v) + r.nextInt(10);
          default -> v += r.nextInt(5);
        }
        mem.add(ls, t, v);
        t += step + r.nextLong(-step / 4, step / 4 + 1);
      }
    }
    return mem;
  }

  static final List<List<Matcher>> MATCHER_SETS = List.of(
      List.of(Matcher.eq("__name__", "metric_1")),
      List.of(Matcher.eq("__name__", "metric_1"), Matcher.eq("job", "job2")),
      List.of(Matcher.eq("__name__", "nope")),
      List.of(Matcher.eq("nolabel", "x")),
      List.of(Matcher.re("__name__", "metric_1|metric_3|zzz")),
      List.of(Matcher.re("instance", "host-1.*")),
      List.of(Matcher.re("instance", "host-1[0-5]:9100")),
      List.of(Matcher.re("path", "/api/v[12]/.*")),
      List.of(Matcher.re("__name__", ".*_2")),
      List.of(Matcher.re("__name__", ".+"), Matcher.neq("env", "prod")),
      List.of(Matcher.re("__name__", ".+"), Matcher.eq("env", "")),
      List.of(Matcher.re("__name__", ".+"), Matcher.re("env", "dev|")),
      List.of(Matcher.re("__name__", ".+"), Matcher.nre("path", "/api.*")),
      List.of(Matcher.re("__name__", ".+"), Matcher.nre("job", "job0|job1")),
      List.of(Matcher.eq("job", "job1"), Matcher.re("path", ".*")),
      List.of(Matcher.eq("job", "job1"), Matcher.re("path", ".+")),
      List.of(Matcher.neq("job", "job1")),
      List.of(Matcher.eq("path", "ünïcode/π")),
      List.of(Matcher.re("env", "prod"), Matcher.re("i", "1.*"), Matcher.neq("instance", "")));

  @Test
  void roundTripMatchesBruteForce() throws IOException {
    long seed = System.nanoTime();
    System.out.println("BlockTest.roundTripMatchesBruteForce seed " + seed);
    Random r = new Random(seed);
    long mint = 1_700_000_000_000L;
    long maxt = mint + 4 * H;
    MemSeries mem = randomSeries(r, 300, mint - H, maxt + H);
    BlockMeta meta = new BlockWriter(dir).write(mem.seriesSet(), mint, maxt).orElseThrow();
    // The reference keeps only what the block range [mint, maxt) holds.
    MemSeries inBlock = new MemSeries();
    mem.data().forEach((ls, s) -> s.subMap(mint, maxt).forEach((t, v) -> inBlock.add(ls, t, v)));
    assertThat(meta.stats().numSamples()).isEqualTo(inBlock.numSamples());
    assertThat(meta.stats().numSeries()).isEqualTo(inBlock.data().size());
    assertThat(meta.compaction().level()).isEqualTo(1);
    assertThat(meta.compaction().sources()).containsExactly(meta.ulid());
    assertThat(Files.exists(dir.resolve(meta.ulid() + ".tmp"))).isFalse();

    try (Block block = Block.open(dir.resolve(meta.ulid()))) {
      assertThat(block.meta()).isEqualTo(meta);
      assertThat(block.sizeBytes()).isEqualTo(BlockDirectory.sizeBytes(block.dir()));
      long[][] ranges = {{mint, maxt}, {mint - H, maxt + H}, {mint + H, mint + 2 * H},
          {mint + 1234, mint + 1234}, {maxt, maxt + H}, {mint - H, mint - 1}};
      for (long[] range : ranges) {
        for (List<Matcher> ms : MATCHER_SETS) {
          try (Querier q = block.querier(range[0], range[1]);
               Querier ref = inBlock.querier(range[0], range[1])) {
            var got = MemSeries.drain(q.select(true, null, ms));
            var want = MemSeries.drain(ref.select(true, null, ms));
            assertThat(List.copyOf(got.keySet())).as("series for %s in %s", ms, range[0])
                .isEqualTo(List.copyOf(want.keySet()));
            assertThat(got).as("samples for %s", ms).isEqualTo(want);
            if (ms == MATCHER_SETS.get(0)) {
              SeriesSet bulk = q.select(false, null, ms);
              while (bulk.next()) {
                dev.vigil.testkit.SampleIteratorCheck.check(bulk.at()::iterator, seed, 3);
              }
            }
            assertThat(q.labelNames(ms)).as("names for %s", ms).isEqualTo(ref.labelNames(ms));
            for (String name : List.of("__name__", "env", "path", "job", "absent")) {
              assertThat(q.labelValues(name, ms)).as("values of %s for %s", name, ms)
                  .isEqualTo(ref.labelValues(name, ms));
            }
          }
        }
      }
      try (Querier ref = inBlock.querier(mint, maxt)) {
        assertThat(block.labelNames()).isEqualTo(ref.labelNames(List.of()));
        assertThat(block.labelValues("instance")).isEqualTo(ref.labelValues("instance", List.of()));
      }
      checkStaleMarkersKeepTheirBits(block, inBlock);
      checkSeek(block, inBlock, r);
    }
  }

  private void checkStaleMarkersKeepTheirBits(Block block, MemSeries mem) {
    try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null, List.of(Matcher.re("__name__", ".+")));
      int stale = 0;
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        TreeMap<Long, Double> want = mem.data().get(set.at().labels());
        while (it.next() != ValueType.NONE) {
          assertThat(Double.doubleToRawLongBits(it.atV()))
              .isEqualTo(Double.doubleToRawLongBits(want.get(it.atT())));
          stale += Samples.isStaleNaN(it.atV()) ? 1 : 0;
        }
      }
      assertThat(stale).isPositive();
    }
  }

  private void checkSeek(Block block, MemSeries mem, Random r) {
    try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, null, List.of(Matcher.re("__name__", ".+")));
      while (set.next()) {
        TreeMap<Long, Double> want = mem.data().get(set.at().labels());
        SampleIterator it = set.at().iterator();
        long t = want.firstKey() - 10;
        while (true) {
          t += r.nextLong(1, 3 * H / Math.max(1, want.size()) + 2);
          Map.Entry<Long, Double> e = want.ceilingEntry(t);
          ValueType vt = it.seek(t);
          if (e == null) {
            assertThat(vt).isEqualTo(ValueType.NONE);
            break;
          }
          assertThat(vt).isEqualTo(ValueType.FLOAT);
          assertThat(it.atT()).isEqualTo(e.getKey());
          t = it.atT();
          // seek never moves backwards
          assertThat(it.seek(t - 1000)).isEqualTo(ValueType.FLOAT);
          assertThat(it.atT()).isEqualTo(e.getKey());
        }
      }
    }
  }

  @Test
  void chunksSpreadOverSeveralSegmentsReadBack() throws IOException {
    MemSeries mem = randomSeries(new Random(11), 50, 0, 2 * H);
    BlockMeta meta = new BlockWriter(dir, 4096).write(mem.seriesSet(), 0, 2 * H).orElseThrow();
    try (var files = Files.list(dir.resolve(meta.ulid()).resolve("chunks"))) {
      assertThat(files.count()).isGreaterThan(3);
    }
    try (Block block = Block.open(dir.resolve(meta.ulid()));
         Querier q = block.querier(0, 2 * H)) {
      assertThat(MemSeries.drain(q.select(true, null, List.of(Matcher.re("__name__", ".+")))))
          .isEqualTo(mem.data());
    }
  }

  @Test
  void hintsNarrowTheRangeAndStraddlingChunksWithoutSamplesAreSkipped() throws IOException {
    MemSeries mem = new MemSeries();
    Labels a = Labels.of("__name__", "a");
    Labels b = Labels.of("__name__", "b");
    mem.add(a, 0, 1).add(a, 1000, 2);
    mem.add(b, 400, 1);
    BlockMeta meta = new BlockWriter(dir).write(mem.seriesSet(), 0, 2000).orElseThrow();
    try (Block block = Block.open(dir.resolve(meta.ulid()));
         Querier q = block.querier(100, 900)) {
      // a's only chunk spans [0, 1000] but has no sample in [100, 900].
      assertThat(MemSeries.drain(q.select(true, null, List.of(Matcher.re("__name__", ".+")))))
          .containsOnlyKeys(b);
      assertThat(MemSeries.drain(q.select(true, SelectHints.range(500, 900),
          List.of(Matcher.re("__name__", ".+"))))).isEmpty();
    }
  }

  @Test
  void emptyInputWritesNoBlockAndUnsortedInputIsRejected() throws IOException {
    MemSeries mem = new MemSeries().add(Labels.of("__name__", "x"), 5000, 1);
    assertThat(new BlockWriter(dir).write(mem.seriesSet(), 0, 5000)).isEmpty();
    SeriesSet unsorted = MemSeries.of(List.of(
        MemSeries.series(Labels.of("__name__", "b"), new long[] {1}, new double[] {1}),
        MemSeries.series(Labels.of("__name__", "a"), new long[] {1}, new double[] {1})));
    assertThatThrownBy(() -> new BlockWriter(dir).write(unsorted, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not strictly sorted");
    SeriesSet backwards = MemSeries.of(List.of(
        MemSeries.series(Labels.of("__name__", "a"), new long[] {5, 3}, new double[] {1, 2})));
    assertThatThrownBy(() -> new BlockWriter(dir).write(backwards, 0, 10))
        .hasMessageContaining("timestamp 3 after 5");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void closeWaitsForOpenQueriersAndRefusesNewOnes() throws Exception {
    MemSeries mem = new MemSeries().add(Labels.of("__name__", "x"), 5, 1);
    BlockMeta meta = new BlockWriter(dir).write(mem.seriesSet(), 0, 10).orElseThrow();
    Block block = Block.open(dir.resolve(meta.ulid()));
    Querier q = block.querier(0, 10);
    CountDownLatch closed = new CountDownLatch(1);
    Thread closer = Thread.ofVirtual().start(() -> {
      block.close();
      closed.countDown();
    });
    assertThat(closed.await(200, TimeUnit.MILLISECONDS)).isFalse();
    // still readable while the close waits
    assertThat(MemSeries.drain(q.select(true, null, List.of(Matcher.eq("__name__", "x")))))
        .hasSize(1);
    assertThatThrownBy(() -> block.querier(0, 10)).isInstanceOf(IllegalStateException.class);
    q.close();
    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    closer.join();
    block.close(); // idempotent
  }

  @Test
  void concurrentQueriersSeeTheSameData() throws Exception {
    Random r = new Random(42);
    MemSeries mem = randomSeries(r, 100, 0, 2 * H);
    BlockMeta meta = new BlockWriter(dir).write(mem.seriesSet(), 0, 2 * H).orElseThrow();
    try (Block block = Block.open(dir.resolve(meta.ulid()))) {
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 4; i++) {
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            for (int k = 0; k < 20; k++) {
              try (Querier q = block.querier(0, 2 * H)) {
                assertThat(MemSeries.drain(q.select(true, null,
                    List.of(Matcher.re("__name__", ".+"))))).isEqualTo(mem.data());
              }
            }
          } catch (Throwable t) {
            errors.add(t);
          }
        }));
      }
      for (Thread t : threads) {
        t.join(30_000);
      }
      assertThat(errors).isEmpty();
    }
  }
}
