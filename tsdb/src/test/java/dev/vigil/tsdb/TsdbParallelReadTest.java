package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.testkit.MemoryStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the PromQL engine's parallel evaluation relies on: the series a querier's series set
 * returned stay valid after it moves on, and their sample iterators (block chunks through the
 * shared chunk reader and its timestamp-column cache, head snapshots, merged head and block
 * series) may be read on several threads at once, one iterator per thread.
 */
@Timeout(120)
class TsdbParallelReadTest {
  @TempDir Path dir;

  private static String samples(Series s) {
    StringBuilder b = new StringBuilder();
    SampleIterator it = s.iterator();
    while (it.next() == ValueType.FLOAT) {
      b.append(it.atT()).append('=').append(Double.doubleToRawLongBits(it.atV())).append(',');
    }
    return b.toString();
  }

  @Test
  void seriesOfOneQuerierReadConcurrentlyAsSequentially() throws Exception {
    long seed = System.nanoTime();
    System.out.println("TsdbParallelReadTest seed " + seed);
    long from = 1_700_000_000_000L;
    MemoryStorage mem = new MemoryStorage();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Tsdb db = Tsdb.open(TsdbBlocksTest.options(dir))) {
      TsdbBlocksTest.feed(seed, List.of(mem, db), from, 6, db::compact);
      assertThat(db.blocks()).as("blocks and head both read").isNotEmpty();
      try (Querier q = db.querier(from + TsdbBlocksTest.HOUR, from + 6 * TsdbBlocksTest.HOUR)) {
        SeriesSet set = q.select(true, null, List.of(Matcher.re("__name__", ".+")));
        List<Series> all = new ArrayList<>();
        while (set.next()) {
          all.add(set.at());
        }
        Map<String, String> want = new TreeMap<>();
        for (Series s : all) {
          want.put(s.labels().toString(), samples(s));
        }
        for (int round = 0; round < 3; round++) {
          List<Future<Map<String, String>>> parts = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            int first = t;
            int stride = round + 1;
            parts.add(pool.submit(() -> {
              Map<String, String> got = new TreeMap<>();
              // threads read overlapping series in different orders: shared cache slots race
              for (int i = first; i < all.size(); i += stride) {
                Series s = all.get((i * 7 + first) % all.size());
                got.put(s.labels().toString(), samples(s));
              }
              return got;
            }));
          }
          for (Future<Map<String, String>> p : parts) {
            for (Map.Entry<String, String> e : p.get().entrySet()) {
              assertThat(e.getValue()).as("seed %d: %s", seed, e.getKey())
                  .isEqualTo(want.get(e.getKey()));
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
