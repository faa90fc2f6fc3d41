package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits apply outside the commit lock and log afterwards; a commit applying to a series whose
 * last apply another commit has not logged yet waits for it, so that the log holds each series'
 * samples in apply order; and a series truncation removed between append and commit is re-created
 * at commit. All must leave the head and its replay holding the same samples.
 */
@Timeout(90)
class HeadCommitTest {
  @TempDir Path dir;

  @Test
  void concurrentCommitsOnSharedSeriesReplayToTheSameSamples() throws Exception {
    long seed = System.nanoTime();
    System.out.println("HeadCommitTest seed " + seed);
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withOutOfOrderTimeWindowMs(600_000)
        .withHeadChunkFileSize(8 << 10).withWalSegmentSize(16 << 10)
        .withFsyncPolicy(FsyncPolicy.NEVER);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> offered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Tsdb db = Tsdb.open(o)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Random rnd = new Random(seed + w);
        int worker = w;
        fs.add(pool.submit(() -> {
          for (int batch = 0; batch < 400; batch++) {
            Appender a = db.appender();
            int k = 1 + rnd.nextInt(40);
            for (int i = 0; i < k; i++) {
              // few series shared by all writers, timestamps interleaved and partly repeated
              Labels l = Labels.of("__name__", "m", "s", Integer.toString(rnd.nextInt(6)));
              long t = (batch * 40L + rnd.nextInt(80)) * 1000;
              double v = rnd.nextInt(4) == 0 ? 7 : worker * 1e6 + batch * 100 + i;
              try {
                a.append(0, l, t, v);
                offered.add(l + "@" + t + "=" + v);
              } catch (AppendException e) {
                // duplicate timestamp or out of the window: refused at append
              }
            }
            if (rnd.nextInt(10) == 0) {
              a.rollback();
            } else {
              a.commit();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      System.out.println("HeadCommitTest order waits " + db.head().orderWaits.get());
      Map<Labels, List<String>> want = HeadTest.dump(db);
      int n = 0;
      for (Map.Entry<Labels, List<String>> e : want.entrySet()) {
        Set<Long> times = new HashSet<>();
        long prev = Long.MIN_VALUE;
        for (String s : e.getValue()) {
          long t = Long.parseLong(s.substring(0, s.indexOf('=')));
          double v = Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(s.indexOf('=') + 1),
              16));
          assertThat(t).as("seed %d", seed).isGreaterThan(prev);
          prev = t;
          assertThat(times.add(t)).isTrue();
          assertThat(offered).as("seed %d", seed).contains(e.getKey() + "@" + t + "=" + v);
          n++;
        }
      }
      assertThat(n).isPositive();
      HeadTest.copyDir(dir.resolve("a"), dir.resolve("b"));
      try (Tsdb again = Tsdb.open(o.withDir(dir.resolve("b")))) {
        assertThat(HeadTest.dump(again)).as("seed %d", seed).isEqualTo(want);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void seriesRemovedBetweenAppendAndCommitIsRecreated() throws Exception {
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withFsyncPolicy(FsyncPolicy.NEVER);
    Labels l = Labels.of("__name__", "m", "s", "1");
    try (Tsdb db = Tsdb.open(o)) {
      Appender first = db.appender();
      long oldRef = first.append(0, l, 1_000, 1);
      first.commit();
      Appender a = db.appender();
      assertThat(a.append(oldRef, l, 10_000_000, 2)).isEqualTo(oldRef);
      db.head().truncateBefore(5_000_000); // the series is empty now, so it goes
      assertThat(db.head().numSeries()).isZero();
      a.commit();
      assertThat(db.head().numSeries()).isEqualTo(1);
      Map<Labels, List<String>> want = HeadTest.dump(db);
      assertThat(want).containsOnlyKeys(l);
      assertThat(want.get(l)).containsExactly(
          "10000000=" + Long.toHexString(Double.doubleToRawLongBits(2)));
      Appender b = db.appender();
      long ref = b.append(oldRef, l, 10_015_000, 3); // the stale reference falls back to labels
      assertThat(ref).isNotEqualTo(oldRef);
      b.commit();
      want = HeadTest.dump(db);
      HeadTest.copyDir(dir.resolve("a"), dir.resolve("b"));
      try (Tsdb again = Tsdb.open(o.withDir(dir.resolve("b")))) {
        assertThat(HeadTest.dump(again)).isEqualTo(want);
      }
    }
  }

  @Test
  void ownPendingSamplesAreCheckedAtAppend() throws Exception {
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withFsyncPolicy(FsyncPolicy.NEVER);
    try (Tsdb db = Tsdb.open(o)) {
      Appender a = db.appender();
      // many series so that the transaction's own table grows while holding pending samples
      for (int s = 0; s < 3000; s++) {
        a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), 1_000, s);
      }
      for (int s = 0; s < 3000; s += 7) {
        Labels l = Labels.of("__name__", "m", "s", Integer.toString(s));
        a.append(0, l, 1_000, s); // an exact repeat of the pending sample: accepted
        int series = s;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.append(0, l, 1_000, -1))
            .isInstanceOf(AppendException.class)
            .extracting(e -> ((AppendException) e).reason())
            .isEqualTo(AppendException.Reason.DUPLICATE_TIMESTAMP);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.append(0, l, 500, series))
            .isInstanceOf(AppendException.class)
            .extracting(e -> ((AppendException) e).reason())
            .isEqualTo(AppendException.Reason.OUT_OF_ORDER);
        a.append(0, l, 2_000, s);
      }
      a.commit();
      Map<Labels, List<String>> got = HeadTest.dump(db);
      assertThat(got).hasSize(3000);
      assertThat(got.get(Labels.of("__name__", "m", "s", "7"))).hasSize(2);
      assertThat(got.get(Labels.of("__name__", "m", "s", "8"))).hasSize(1);
    }
  }

  @Test
  void commitWaitsUntilAnEarlierApplyOfItsSeriesIsLogged() throws Exception {
    TsdbOptions o = TsdbOptions.defaults(dir.resolve("a")).withOutOfOrderTimeWindowMs(600_000)
        .withFsyncPolicy(FsyncPolicy.NEVER);
    Labels l1 = Labels.of("__name__", "m", "s", "1");
    Labels l2 = Labels.of("__name__", "m", "s", "2");
    try (Tsdb db = Tsdb.open(o)) {
      Appender first = db.appender();
      long r1 = first.append(0, l1, 10_000, 1);
      long r2 = first.append(0, l2, 10_000, 1);
      first.commit();
      // as if a concurrent commit had applied to series 2 and not logged that yet
      MemSeries s2 = db.head().series.byId((int) r2);
      CommitTicket other = new CommitTicket();
      synchronized (s2) {
        s2.applier = other;
        s2.appliedAt = 3;
      }
      Appender b = db.appender();
      b.append(r1, l1, 20_000, 2);
      b.append(r2, l2, 20_000, 2);
      Thread t = Thread.ofPlatform().start(b::commit);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(db.head().orderWaits.get()).isEqualTo(1);
      other.advance(3); // not yet covering the apply at index 3
      Thread.sleep(50);
      assertThat(t.isAlive()).isTrue();
      other.advance(4);
      t.join(20_000);
      assertThat(t.isAlive()).isFalse();
      Map<Labels, List<String>> want = HeadTest.dump(db);
      assertThat(want.get(l1)).hasSize(2);
      assertThat(want.get(l2)).hasSize(2);
      HeadTest.copyDir(dir.resolve("a"), dir.resolve("b"));
      try (Tsdb again = Tsdb.open(o.withDir(dir.resolve("b")))) {
        assertThat(HeadTest.dump(again)).isEqualTo(want);
      }
    }
  }
}
