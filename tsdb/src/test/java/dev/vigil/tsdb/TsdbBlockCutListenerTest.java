package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tsdb#onBlockCut}: called after background passes that cut the head, and only then. */
@Timeout(60)
class TsdbBlockCutListenerTest {
  static final long STEP = 15_000;
  static final long HOUR = 3_600_000;

  @TempDir Path dir;

  private static Tsdb open(Path dir) {
    return Tsdb.open(TsdbOptions.defaults(dir).withFsyncPolicy(FsyncPolicy.NEVER)
        .withHeadChunkFileSize(256 << 10).withWalSegmentSize(256 << 10)
        .withMaintenanceInterval(Duration.ofMillis(10)));
  }

  private static void feed(Tsdb db, long from, long hours) {
    for (long t = from; t < from + hours * HOUR; t += STEP) {
      Appender a = db.appender();
      for (int i = 0; i < 5; i++) {
        a.append(0, Labels.of("__name__", "up", "i", Integer.toString(i)), t, t / STEP + i);
      }
      a.commit();
    }
  }

  @Test
  void listenersRunAfterACutEvenWhenOneFails() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch called = new CountDownLatch(1);
    try (Tsdb db = open(dir)) {
      db.onBlockCut(() -> {
        throw new IllegalStateException("a failing listener");
      });
      db.onBlockCut(() -> {
        calls.incrementAndGet();
        called.countDown();
      });
      feed(db, 0, 4); // more than 1.5 block ranges: at least one cut is due
      assertThat(called.await(30, TimeUnit.SECONDS)).as("listener called").isTrue();
      assertThat(db.tsdbStats().headCuts()).isPositive();
      assertThat((long) calls.get()).isLessThanOrEqualTo(db.tsdbStats().headCuts());
    }
  }

  @Test
  void noCallWithoutACut() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Tsdb db = open(dir)) {
      db.onBlockCut(calls::incrementAndGet);
      feed(db, 0, 2); // within 1.5 block ranges: nothing to cut
      Thread.sleep(300); // many maintenance passes
      assertThat(db.tsdbStats().headCuts()).isZero();
      assertThat(calls.get()).isZero();
    }
  }
}
