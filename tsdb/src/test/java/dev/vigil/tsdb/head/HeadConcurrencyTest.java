package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers, readers and truncation at the same time: readers must always see sorted, duplicate
 * free samples and never fail; what survives truncation must survive a restart.
 */
@Timeout(60)
class HeadConcurrencyTest {
  @TempDir Path dir;

  @Test
  void writersReadersAndTruncation() throws Exception {
    // no background maintenance: its head cuts checkpoint the WAL while the test copies the
    // directory (a checkpoint.N.tmp vanished under the copy); the truncating thread is the point
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withHeadChunkFileSize(8 << 10)
        .withWalSegmentSize(16 << 10).withFsyncPolicy(FsyncPolicy.NEVER)
        .withMaintenanceInterval(java.time.Duration.ZERO);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong clock = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Tsdb db = Tsdb.open(o)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int worker = w;
        fs.add(pool.submit(() -> {
          Appender a = db.appender();
          for (int step = 0; step < 3000; step++) {
            long t = step * 10_000L;
            clock.accumulateAndGet(t, Math::max);
            for (int s = 0; s < 5; s++) {
              try {
                a.append(0, Labels.of("__name__", "m", "w", "" + worker, "s", "" + s), t, step);
              } catch (AppendException e) {
                // truncated past this time
              }
            }
            a.commit();
          }
          return null;
        }));
      }
      fs.add(pool.submit(() -> {
        while (!stop.get()) {
          try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, null, List.of(Matcher.eq("__name__", "m")));
            while (set.next()) {
              SampleIterator it = set.at().iterator();
              long prev = Long.MIN_VALUE;
              while (it.next() == ValueType.FLOAT) {
                assertThat(it.atT()).isGreaterThan(prev);
                prev = it.atT();
              }
            }
            reads.incrementAndGet();
          }
        }
        return null;
      }));
      fs.add(pool.submit(() -> {
        while (!stop.get()) {
          long cut = clock.get() - 3 * 3_600_000L;
          if (cut > db.head().minValidTime()) {
            db.head().truncateBefore(cut);
          }
          Thread.sleep(5);
        }
        return null;
      }));
      fs.get(0).get(50, TimeUnit.SECONDS);
      fs.get(1).get(50, TimeUnit.SECONDS);
      // The writers may finish before the truncating thread sees the final clock; give it a
      // bounded moment to catch up rather than depending on thread scheduling.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (db.head().minValidTime() <= 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      stop.set(true);
      for (Future<?> f : fs) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(reads.get()).isPositive();
      assertThat(db.head().minValidTime()).isGreaterThan(0);
      Map<Labels, List<String>> want = HeadTest.dump(db);
      assertThat(want).hasSize(10);
      HeadTest.copyDir(dir.resolve("a"), dir.resolve("b"));
      try (Tsdb again = Tsdb.open(o.withDir(dir.resolve("b")))) {
        assertThat(HeadTest.dump(again)).isEqualTo(want);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
