package dev.vigil.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL at random moments (mid-commit, mid-checkpoint, mid-chunk
 * write) and checks that the store opens and holds every acknowledged sample.
 */
@Timeout(120)
class KillNineTest {
  static final int SERIES = 20;
  static final long STEP = 15_000;

  @TempDir Path dir;

  static TsdbOptions options(Path dir) {
    return TsdbOptions.defaults(dir).withHeadChunkFileSize(16 << 10)
        .withWalSegmentSize(16 << 10).withMaintenanceInterval(java.time.Duration.ZERO);
  }

  /**
   * Blocks of 2 minutes of data time (8 samples at the 15s step) and a maintenance thread that
   * runs every millisecond: the writer is nearly always racing a head cut or a compaction.
   */
  static TsdbOptions blockOptions(Path dir, boolean background) {
    return options(dir).withBlockRangeMs(BLOCK_RANGE).withMaintenanceInterval(
        background ? java.time.Duration.ofMillis(1) : java.time.Duration.ZERO);
  }

  static final long BLOCK_RANGE = 120_000;

  static double value(long t) {
    return t / 1000.0;
  }

  @Test
  void killDuringWritesLosesNothingAcknowledged() throws Exception {
    run(false);
  }

  /** Kills also land while the head is cut into blocks, blocks compacted, the head truncated. */
  @Test
  void killDuringCutsAndCompactionsLosesNothingAcknowledged() throws Exception {
    run(true);
  }

  private void run(boolean blocks) throws Exception {
    long seed = System.nanoTime();
    System.out.println("KillNineTest seed " + seed + (blocks ? " (blocks)" : " (head)"));
    Random rnd = new Random(seed);
    String java = ProcessHandle.current().info().command().orElse("java");
    long next = 1_000_000;
    long bound = Long.MIN_VALUE; // samples before the last started truncation may be gone
    long lastAck = Long.MIN_VALUE;
    for (int round = 0; round < 4; round++) {
      Process p = new ProcessBuilder(java, "-Xmx128m", "-cp",
          System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
          Long.toString(next), blocks ? "blocks" : "head")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      int killAfter = blocks ? 100 + rnd.nextInt(300) : 50 + rnd.nextInt(400);
      int acks = 0;
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("ack ")) {
            lastAck = Long.parseLong(line.substring(4));
            if (++acks >= killAfter) {
              // SIGKILL: no shutdown hooks, no close; through the handle, which unlike
              // Process.destroyForcibly leaves the pipe open for what the writer printed before
              p.toHandle().destroyForcibly();
              break;
            }
          } else if (line.startsWith("trunc ")) {
            bound = Math.max(bound, Long.parseLong(line.substring(6)));
          }
        }
        // The writer may be far ahead of this reader (a loaded machine): what it printed before
        // it died counts too, a truncation above all (it may have removed samples acked above).
        while ((line = r.readLine()) != null) {
          if (line.startsWith("ack ")) {
            lastAck = Long.parseLong(line.substring(4));
          } else if (line.startsWith("trunc ")) {
            bound = Math.max(bound, Long.parseLong(line.substring(6)));
          }
        }
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acks).as("seed %d round %d: writer died early", seed, round)
          .isEqualTo(killAfter);
      if (blocks) {
        try (var files = Files.list(dir)) {
          System.out.println("round " + round + " killed with leftovers: " + files
              .map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".tmp")).toList());
        }
      }
      next = verify(seed, round, bound, lastAck, blocks);
    }
  }

  /** Checks the store and returns the next timestamp to write. */
  private long verify(long seed, int round, long bound, long lastAck, boolean blocks) {
    try (Tsdb db = Tsdb.open(blocks ? blockOptions(dir, false) : options(dir));
        Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null, List.of(Matcher.eq("__name__", "crash")));
      int n = 0;
      long maxSeen = Long.MIN_VALUE;
      while (set.next()) {
        List<Long> ts = new ArrayList<>();
        SampleIterator it = set.at().iterator();
        while (it.next() == ValueType.FLOAT) {
          assertThat(it.atV()).isEqualTo(value(it.atT()));
          ts.add(it.atT());
        }
        long from = Math.max(bound, ts.isEmpty() ? Long.MAX_VALUE : ts.getFirst());
        assertThat(ts).as("seed %d round %d %s", seed, round, set.at().labels())
            .isSorted().doesNotHaveDuplicates()
            .contains(lastAck);
        if (blocks) {
          assertThat(ts.getFirst()).as("seed %d round %d: nothing is ever deleted", seed, round)
              .isEqualTo(1_000_000);
        }
        // every acknowledged sample, and no hole before the newest one: the writer commits one
        // timestamp after another, so what survives past the last ack is a prefix as well
        assertThat(ts.getLast()).isGreaterThanOrEqualTo(lastAck);
        for (long t = Math.max(from, 1_000_000); t <= ts.getLast(); t += STEP) {
          assertThat(ts).as("seed %d round %d: sample %d (last ack %d)", seed, round, t, lastAck)
              .contains(t);
        }
        maxSeen = Math.max(maxSeen, ts.getLast());
        n++;
      }
      assertThat(n).isEqualTo(SERIES);
      if (blocks) {
        System.out.printf("round %d: %d blocks, head from %d, last ack %d%n", round,
            db.blocks().size(), db.head().minTime(), lastAck);
      }
      return maxSeen + STEP;
    }
  }
}
