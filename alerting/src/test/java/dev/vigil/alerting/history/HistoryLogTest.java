package dev.vigil.alerting.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file: round trip, restart, segments, retention, torn and corrupt records. */
class HistoryLogTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final long DAY = 86_400_000L;
  @TempDir Path dir;
  final AtomicReference<Instant> now = new AtomicReference<>(T0);

  HistoryLog open(long segmentBytes) {
    return new HistoryLog(dir.resolve("history"), 7 * DAY, segmentBytes, now::get);
  }

  static AlertChange change(long ms, AlertChange.Kind kind, String name) {
    return new AlertChange(T0.plusMillis(ms), kind, Labels.of("alertname", name, "i", "1"),
        T0, kind == AlertChange.Kind.RESOLVED ? T0.plusMillis(ms) : null,
        kind == AlertChange.Kind.SILENCED ? List.of("6b9d3a3c-0000-4000-8000-000000000000") : List.of());
  }

  static NotificationSent sent(long ms, String error) {
    return new NotificationSent(T0.plusMillis(ms), "web", "webhook", 1, "{}:{alertname=\"A\"}",
        List.of(Labels.of("alertname", "A")), List.of(Labels.of("alertname", "B", "x", "é")), error);
  }

  static List<HistoryEvent> all(HistoryLog log) {
    return log.query(Instant.EPOCH, T0.plusMillis(100 * DAY), e -> true, 1_000_000);
  }

  @Test
  void eventsSurviveARestartAndComeBackNewestFirst() {
    List<HistoryEvent> want = new ArrayList<>();
    try (HistoryLog log = open(1 << 20)) {
      want.add(change(1, AlertChange.Kind.FIRING, "A"));
      want.add(change(2, AlertChange.Kind.SILENCED, "A"));
      want.add(sent(3, ""));
      want.add(sent(4, "unexpected status code 500"));
      want.add(change(5, AlertChange.Kind.RESOLVED, "A"));
      want.forEach(log::append);
      assertThat(all(log)).containsExactlyElementsOf(want.reversed());
    }
    try (HistoryLog log = open(1 << 20)) {
      assertThat(log.warnings()).isEmpty();
      assertThat(all(log)).containsExactlyElementsOf(want.reversed());
      log.append(change(6, AlertChange.Kind.FIRING, "A"));
      assertThat(all(log)).hasSize(6);
      // time range, filter and limit
      assertThat(log.query(T0.plusMillis(2), T0.plusMillis(4), e -> true, 10)).hasSize(3);
      assertThat(log.query(Instant.EPOCH, T0.plusMillis(10), e -> e instanceof NotificationSent, 10))
          .containsExactly(want.get(3), want.get(2));
      assertThat(log.query(Instant.EPOCH, T0.plusMillis(10), e -> true, 2))
          .extracting(HistoryEvent::time).containsExactly(T0.plusMillis(6), T0.plusMillis(5));
    }
  }

  @Test
  void segmentsRotateAndRetentionDropsOldOnes() {
    try (HistoryLog log = open(1024)) {
      for (int i = 0; i < 100; i++) {
        log.append(change(i * (DAY / 10), AlertChange.Kind.FIRING, "A" + i));
      }
      int segments = log.segmentCount();
      assertThat(segments).isGreaterThan(3);
      now.set(T0.plusMillis(15 * DAY));
      int deleted = log.applyRetention();
      assertThat(deleted).isPositive();
      // segments are dropped whole once their newest event is older than now - 7d (day 8):
      // every newer event stays, most older ones are gone
      List<HistoryEvent> left = all(log);
      Instant cutoff = T0.plusMillis(8 * DAY);
      assertThat(left).filteredOn(e -> e.time().isAfter(cutoff)).hasSize(19);
      assertThat(left).hasSizeLessThan(19 + 100 / segments * 2);
      assertThat(left.getFirst().time()).isEqualTo(T0.plusMillis(99 * (DAY / 10)));
    }
  }

  @Test
  void tornTailIsIgnoredAndNewEventsFollowInANewSegment() throws Exception {
    try (HistoryLog log = open(1 << 20)) {
      for (int i = 0; i < 10; i++) {
        log.append(change(i, AlertChange.Kind.FIRING, "A" + i));
      }
    }
    Path seg = dir.resolve("history/00000001.hlog");
    long size = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(size - 5); // a write cut short by a crash
    }
    try (HistoryLog log = open(1 << 20)) {
      assertThat(log.warnings()).singleElement().asString()
          .contains("00000001.hlog").contains("at offset").contains("ignoring the last");
      assertThat(all(log)).hasSize(9);
      log.append(change(100, AlertChange.Kind.RESOLVED, "A0"));
      assertThat(all(log)).hasSize(10);
    }
    assertThat(Files.size(seg)).isEqualTo(size - 5); // the damaged file is never rewritten
    try (HistoryLog log = open(1 << 20)) {
      assertThat(all(log)).hasSize(10);
    }
  }

  @Test
  void flippedBitsStopReadingTheSegmentAtTheBadRecord() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("HistoryLogTest seed " + seed);
    Random rnd = new Random(seed);
    try (HistoryLog log = open(1 << 20)) {
      for (int i = 0; i < 20; i++) {
        log.append(i % 3 == 0 ? sent(i, "") : change(i, AlertChange.Kind.FIRING, "A" + i));
      }
    }
    Path seg = dir.resolve("history/00000001.hlog");
    byte[] b = Files.readAllBytes(seg);
    int pos = HistoryLog.HEADER_BYTES + rnd.nextInt(b.length - HistoryLog.HEADER_BYTES);
    b[pos] ^= (byte) (1 << rnd.nextInt(8));
    Files.write(seg, b);
    try (HistoryLog log = open(1 << 20)) {
      assertThat(log.warnings()).as("flip at %d", pos).hasSize(1);
      List<HistoryEvent> left = all(log);
      assertThat(left).hasSizeLessThan(20);
      // what is left is an intact prefix
      for (HistoryEvent e : left) {
        assertThat(e.time()).isBefore(T0.plusMillis(left.size()));
      }
    }
  }

  @Test
  void badHeaderSkipsTheSegment() throws Exception {
    try (HistoryLog log = open(1 << 20)) {
      log.append(change(1, AlertChange.Kind.FIRING, "A"));
    }
    Path seg = dir.resolve("history/00000001.hlog");
    byte[] b = Files.readAllBytes(seg);
    b[0] = 'X';
    Files.write(seg, b);
    try (HistoryLog log = open(1 << 20)) {
      assertThat(log.warnings()).singleElement().asString().contains("bad header");
      assertThat(all(log)).isEmpty();
      log.append(change(2, AlertChange.Kind.FIRING, "A"));
      assertThat(all(log)).hasSize(1);
    }
  }
}
