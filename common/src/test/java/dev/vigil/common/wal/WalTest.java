package dev.vigil.common.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WalTest {
  @TempDir Path dir;

  private static final WalOptions SMALL = WalOptions.defaults().withSegmentSize(4096);

  private static byte[] rec(int i) {
    return ("record-" + i + "-" + "x".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> readAll(Wal wal) throws IOException {
    List<String> out = new ArrayList<>();
    try (WalReader r = wal.replay()) {
      while (r.next()) {
        out.add(new String(r.record(), 0, r.length(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<String> expected(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new String(rec(i), StandardCharsets.UTF_8));
    }
    return out;
  }

  private void write(int from, int to, WalOptions opts) throws IOException {
    try (Wal wal = Wal.open(dir, opts)) {
      long pos = 0;
      for (int i = from; i < to; i++) {
        byte[] b = rec(i);
        pos = wal.log(b, 0, b.length);
      }
      wal.sync(pos);
    }
  }

  @Test
  void roundTripAcrossSegmentsAndReopens() throws IOException {
    write(0, 200, SMALL);
    write(200, 300, SMALL);
    assertThat(SegmentFormat.segments(dir).size()).isGreaterThan(3);
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThat(readAll(wal)).isEqualTo(expected(0, 300));
    }
  }

  /** Segments larger than the reader's unload step: read pages are dropped as it goes. */
  @Test
  void readsLargeSegmentsWhoseReadPagesAreDropped() throws IOException {
    WalOptions big = WalOptions.defaults().withSegmentSize(16 << 20);
    write(0, 150_000, big); // about 11 MiB in one segment
    try (Wal wal = Wal.open(dir, big)) {
      assertThat(readAll(wal)).isEqualTo(expected(0, 150_000));
    }
  }

  @Test
  void emptyAndZeroLengthRecords() throws IOException {
    try (Wal wal = Wal.open(dir, SMALL)) {
      wal.sync(wal.log(new byte[0], 0, 0));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      List<String> got = readAll(wal);
      assertThat(got).containsExactly("");
    }
  }

  @Test
  void oversizedRecordGetsItsOwnSegment() throws IOException {
    byte[] big = new byte[10_000];
    new Random(1).nextBytes(big);
    try (Wal wal = Wal.open(dir, SMALL)) {
      byte[] small = rec(1);
      wal.log(small, 0, small.length);
      wal.sync(wal.log(big, 0, big.length));
    }
    try (Wal wal = Wal.open(dir, SMALL); WalReader r = wal.replay()) {
      assertThat(r.next()).isTrue();
      assertThat(r.next()).isTrue();
      assertThat(r.length()).isEqualTo(big.length);
      assertThat(java.util.Arrays.copyOf(r.record(), r.length())).isEqualTo(big);
      assertThat(r.next()).isFalse();
    }
  }

  private Path lastSegment() throws IOException {
    List<Integer> segs = SegmentFormat.segments(dir);
    return dir.resolve(SegmentFormat.name(segs.getLast()));
  }

  @Test
  void tornTailIsTruncated() throws IOException {
    write(0, 50, SMALL);
    Path last = lastSegment();
    long size = Files.size(last);
    // a crash in the middle of the last record
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3);
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      List<String> got = readAll(wal);
      assertThat(got).isEqualTo(expected(0, got.size()));
      assertThat(got.size()).isEqualTo(49);
      byte[] b = rec(999);
      wal.sync(wal.log(b, 0, b.length));
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      List<String> got = readAll(wal);
      assertThat(got.getLast()).isEqualTo(new String(rec(999), StandardCharsets.UTF_8));
      assertThat(got).hasSize(50);
    }
  }

  @Test
  void garbageTailIsTruncated() throws IOException {
    write(0, 10, SMALL);
    Path last = lastSegment();
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 5, 9, 9, 9, 9, 1, 2}));
      ch.write(ByteBuffer.wrap(new byte[100])); // zero-filled preallocation
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThat(readAll(wal)).isEqualTo(expected(0, 10));
    }
  }

  @Test
  void corruptionInEarlierSegmentIsReportedWithFileAndOffset() throws IOException {
    write(0, 200, SMALL);
    List<Integer> segs = SegmentFormat.segments(dir);
    Path first = dir.resolve(SegmentFormat.name(segs.getFirst()));
    flip(first, 100);
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThatThrownBy(() -> readAll(wal))
          .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
            assertThat(e.file()).isEqualTo(first);
            assertThat(e.segment()).isEqualTo(segs.getFirst());
            assertThat(e.offset()).isBetween(8L, 100L);
            assertThat(e.getMessage()).contains("corrupt wal segment", first.toString());
          });
    }
  }

  @Test
  void badHeaderInEarlierSegmentIsReported() throws IOException {
    write(0, 200, SMALL);
    List<Integer> segs = SegmentFormat.segments(dir);
    Path second = dir.resolve(SegmentFormat.name(segs.get(1)));
    flip(second, 0);
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThatThrownBy(() -> readAll(wal))
          .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).contains("bad magic");
          });
    }
  }

  @Test
  void missingSegmentIsReported() throws IOException {
    write(0, 200, SMALL);
    List<Integer> segs = SegmentFormat.segments(dir);
    Files.delete(dir.resolve(SegmentFormat.name(segs.get(1))));
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThatThrownBy(() -> readAll(wal)).isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("segment missing");
    }
  }

  private static void flip(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A));
      b.rewind();
      ch.write(b, offset);
    }
  }

  @Test
  void damagedReservedHeaderByteOfAnEarlierSegmentIsReported() throws IOException {
    try (Wal wal = Wal.open(dir, SMALL)) {
      long pos = 0;
      for (int i = 0; i < 120; i++) {
        byte[] b = rec(i);
        pos = wal.log(b, 0, b.length);
      }
      wal.sync(pos);
    }
    List<Integer> segs = SegmentFormat.segments(dir);
    assertThat(segs).hasSizeGreaterThan(1);
    Path first = dir.resolve(SegmentFormat.name(segs.getFirst()));
    flip(first, 5);
    try (Wal wal = Wal.open(dir, SMALL); WalReader r = wal.replay()) {
      assertThatThrownBy(() -> {
        while (r.next()) {
          // read until the damaged segment is reached
        }
      }).isInstanceOf(WalCorruptionException.class).hasMessageContaining("reserved header byte 5");
    }
  }

  /**
   * Random single-byte corruption anywhere: opening either recovers a prefix of what was written
   * (tail segment truncated) or reports the corruption; it never yields a wrong record.
   */
  @Test
  void randomCorruptionNeverYieldsWrongData() throws IOException {
    long seed = System.nanoTime();
    System.out.println("WalTest.randomCorruptionNeverYieldsWrongData seed " + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 30; round++) {
      Path d = dir.resolve("r" + round);
      try (Wal wal = Wal.open(d, SMALL)) {
        long pos = 0;
        for (int i = 0; i < 120; i++) {
          byte[] b = rec(i);
          pos = wal.log(b, 0, b.length);
        }
        wal.sync(pos);
      }
      List<Integer> segs = SegmentFormat.segments(d);
      int seg = segs.get(rnd.nextInt(segs.size()));
      Path f = d.resolve(SegmentFormat.name(seg));
      long off = rnd.nextLong(Files.size(f));
      flip(f, off);
      boolean last = seg == segs.getLast();
      try (Wal wal = Wal.open(d, SMALL)) {
        List<String> got = new ArrayList<>();
        try (WalReader r = wal.replay()) {
          while (r.next()) {
            got.add(new String(r.record(), 0, r.length(), StandardCharsets.UTF_8));
          }
          assertThat(last).as("seed %d round %d: corruption at %s:%d went unnoticed", seed,
              round, f, off).isTrue();
        } catch (WalCorruptionException e) {
          assertThat(last).as("seed %d round %d: tail segment not repaired", seed, round)
              .isFalse();
          assertThat(e.file()).isEqualTo(f);
        }
        assertThat(got).as("seed %d round %d", seed, round).isEqualTo(expected(0, got.size()));
      }
    }
  }

  @Test
  void checkpointKeepsRewrittenRecordsAndDropsCoveredSegments() throws IOException {
    try (Wal wal = Wal.open(dir, SMALL)) {
      for (int i = 0; i < 200; i++) {
        byte[] b = rec(i);
        wal.log(b, 0, b.length);
      }
      int upTo = wal.cutSegment();
      for (int i = 200; i < 220; i++) {
        byte[] b = rec(i);
        wal.sync(wal.log(b, 0, b.length));
      }
      // keep every 10th record of the covered segments
      long kept = wal.checkpoint(upTo, (r, len, out) -> {
        String s = new String(r, 0, len, StandardCharsets.UTF_8);
        int i = Integer.parseInt(s.split("-")[1]);
        if (i % 10 == 0) {
          out.write(r, 0, len);
        }
      });
      assertThat(kept).isEqualTo(20);
      assertThat(SegmentFormat.segments(dir)).allMatch(n -> n > upTo);
      assertThat(Files.isDirectory(dir.resolve(Wal.checkpointName(upTo)))).isTrue();
    }
    List<String> want = new ArrayList<>();
    for (int i = 0; i < 200; i += 10) {
      want.add(new String(rec(i), StandardCharsets.UTF_8));
    }
    want.addAll(expected(200, 220));
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThat(readAll(wal)).isEqualTo(want);
      // a second checkpoint reads the first one and replaces it
      int upTo = wal.cutSegment();
      wal.checkpoint(upTo, (r, len, out) -> out.write(r, 0, len));
      assertThat(wal.latestCheckpoint()).isEqualTo(upTo);
    }
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThat(readAll(wal)).isEqualTo(want);
      try (var s = Files.list(dir)) {
        assertThat(s.filter(p -> p.getFileName().toString().startsWith("checkpoint")).count())
            .isEqualTo(1);
      }
    }
  }

  @Test
  void unfinishedCheckpointIsIgnored() throws IOException {
    write(0, 50, SMALL);
    Path tmp = dir.resolve("checkpoint.00000099.tmp");
    Files.createDirectories(tmp);
    Files.write(tmp.resolve("00000001"), new byte[] {1, 2, 3});
    try (Wal wal = Wal.open(dir, SMALL)) {
      assertThat(readAll(wal)).isEqualTo(expected(0, 50));
      assertThat(Files.exists(tmp)).isFalse();
    }
  }

  @Test
  void concurrentCommittersShareFsyncs() throws Exception {
    try (Wal wal = Wal.open(dir, WalOptions.defaults())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            byte[] b = rec(base + i);
            wal.sync(wal.log(b, 0, b.length));
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    try (Wal wal = Wal.open(dir, WalOptions.defaults())) {
      List<String> got = readAll(wal);
      assertThat(got).hasSize(200);
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        // each writer's records appear in its own order
        List<String> mine = got.stream()
            .filter(s -> {
              int i = Integer.parseInt(s.split("-")[1]);
              return i >= base && i < base + 1000;
            }).toList();
        assertThat(mine).isEqualTo(expected(base, base + 50));
      }
    }
  }

  @Test
  void intervalAndNeverPoliciesStillReachTheOs() throws IOException {
    for (FsyncPolicy p : new FsyncPolicy[] {FsyncPolicy.INTERVAL, FsyncPolicy.NEVER}) {
      Path d = dir.resolve(p.name());
      WalOptions o = SMALL.withFsyncPolicy(p);
      Wal wal = Wal.open(d, o);
      byte[] b = rec(7);
      wal.sync(wal.log(b, 0, b.length));
      // simulate a crash: read the directory without closing the writer
      try (Wal again = Wal.open(d, o)) {
        assertThat(readAll(again)).containsExactly(new String(b, StandardCharsets.UTF_8));
      }
      wal.close();
    }
  }

  /**
   * Closing a log with the interval policy while its background fsync runs must neither fail nor
   * lose the buffered tail: stopping the fsync thread by interrupting it closed the file channel
   * under the force (an interruptible channel closes itself), and close then failed.
   */
  @Test
  @Timeout(60)
  void closingDuringABackgroundFsyncKeepsEveryRecord() throws IOException {
    WalOptions o = new WalOptions(1 << 20, FsyncPolicy.INTERVAL, java.time.Duration.ofNanos(1000));
    for (int round = 0; round < 40; round++) {
      Path d = dir.resolve("r" + round);
      try (Wal wal = Wal.open(d, o)) {
        for (int i = 0; i < 200; i++) {
          byte[] b = rec(i);
          wal.sync(wal.log(b, 0, b.length));
        }
        byte[] tail = rec(200);
        wal.log(tail, 0, tail.length); // logged, not synced: close must still write it
      }
      try (Wal again = Wal.open(d, o)) {
        assertThat(readAll(again)).as("round %d", round).hasSize(201);
      }
    }
  }

  @Test
  void repairDropsEverythingFromTheCorruptRecordOn() throws IOException {
    write(0, 200, SMALL);
    List<Integer> segs = SegmentFormat.segments(dir);
    Path second = dir.resolve(SegmentFormat.name(segs.get(1)));
    flip(second, 30);
    WalCorruptionException found;
    try (Wal wal = Wal.open(dir, SMALL)) {
      try {
        readAll(wal);
        throw new AssertionError("corruption not detected");
      } catch (WalCorruptionException e) {
        found = e;
      }
    }
    assertThat(Wal.repair(dir, found)).isPositive();
    try (Wal wal = Wal.open(dir, SMALL)) {
      List<String> got = readAll(wal);
      assertThat(got).isNotEmpty().isEqualTo(expected(0, got.size()));
      assertThat(got.size()).isLessThan(200);
    }
  }
}
