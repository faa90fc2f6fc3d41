package dev.vigil.alerting.history;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert history on disk: a directory of numbered segment files, each a header then framed,
 * CRC32C-checksummed records (docs/format/alert-history.md). Records are only appended; a new
 * segment is started on open and when the current one reaches {@code segmentBytes}; whole
 * segments whose newest record is older than the retention are deleted by {@link
 * #applyRetention}.
 *
 * <p>Corruption: a segment is read up to its first bad record (torn write, flipped bit, bad
 * header) and the rest of it is ignored, with a warning naming file and offset; the file itself
 * is never rewritten, and new events go to a fresh segment. Thread-safe (one lock; queries scan
 * the segments that overlap the asked time range).
 */
public final class HistoryLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryLog.class);
  static final int MAGIC = 0x56484953; // "VHIS"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int FRAME_BYTES = 8;
  static final int MAX_RECORD_BYTES = 1 << 24;
  private static final Pattern NAME = Pattern.compile("\\d{8}\\.hlog");

  private static final class Segment {
    final Path path;
    final long seq;
    long validBytes;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;

    Segment(Path path, long seq) {
      this.path = path;
      this.seq = seq;
    }

    void saw(long t) {
      minTime = Math.min(minTime, t);
      maxTime = Math.max(maxTime, t);
    }
  }

  private final Path dir;
  private final long retentionMs;
  private final long segmentBytes;
  private final Supplier<Instant> clock;
  private final List<Segment> segments = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private Segment active;
  private FileChannel channel;
  private boolean closed;

  /**
   * Opens (creating) the directory and scans the existing segments.
   *
   * @throws StorageException when the directory cannot be read
   */
  public HistoryLog(Path dir, long retentionMs, long segmentBytes, Supplier<Instant> clock) {
    if (retentionMs <= 0 || segmentBytes < 1024) {
      throw new IllegalArgumentException("history retention " + retentionMs
          + "ms must be positive and segment size " + segmentBytes + " at least 1024 bytes");
    }
    this.dir = dir;
    this.retentionMs = retentionMs;
    this.segmentBytes = segmentBytes;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
            .sorted().toList()) {
          segments.add(scan(p));
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot open alert history in " + dir + ": " + e.getMessage(), e);
    }
  }

  private Segment scan(Path p) throws IOException {
    String name = p.getFileName().toString();
    Segment s = new Segment(p, Long.parseLong(name.substring(0, 8)));
    byte[] b = Files.readAllBytes(p);
    if (b.length < HEADER_BYTES || new ByteReader(b).getInt() != MAGIC || b[4] != VERSION) {
      warn(name + ": bad header (" + b.length + " bytes); ignoring the segment");
      s.validBytes = 0;
      s.maxTime = Files.getLastModifiedTime(p).toMillis();
      return s;
    }
    int off = HEADER_BYTES;
    while (off < b.length) {
      String problem = null;
      HistoryEvent e = null;
      if (b.length - off < FRAME_BYTES) {
        problem = "truncated frame";
      } else {
        ByteReader r = new ByteReader(b, off, b.length - off);
        int len = r.getInt();
        int crc = r.getInt();
        if (len < 0 || len > MAX_RECORD_BYTES || len > b.length - off - FRAME_BYTES) {
          problem = "record length " + len + " exceeds the " + (b.length - off - FRAME_BYTES)
              + " bytes left";
        } else if (crc32c(b, off + FRAME_BYTES, len) != crc) {
          problem = "checksum mismatch";
        } else {
          try {
            e = HistoryCodec.decode(new ByteReader(b, off + FRAME_BYTES, len));
          } catch (RuntimeException ex) {
            problem = "cannot decode record: " + ex.getMessage();
          }
        }
        if (problem == null) {
          s.saw(e.time().toEpochMilli());
          off += FRAME_BYTES + len;
          continue;
        }
      }
      warn(name + ": " + problem + " at offset " + off + "; ignoring the last "
          + (b.length - off) + " bytes of the segment");
      break;
    }
    s.validBytes = off;
    if (s.maxTime == Long.MIN_VALUE) {
      s.maxTime = Files.getLastModifiedTime(p).toMillis();
    }
    return s;
  }

  private void warn(String msg) {
    String full = "alert history " + dir + "/" + msg;
    warnings.add(full);
    LOG.warn(full);
  }

  private static int crc32c(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Problems found when opening (corrupt segments), for the operator. */
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Appends one event (written to the file at once; fsynced by {@link #sync}). */
  public synchronized void append(HistoryEvent e) {
    if (closed) {
      throw new IllegalStateException("alert history is closed");
    }
    ByteWriter payload = new ByteWriter(128);
    HistoryCodec.encode(e, payload);
    int len = payload.length();
    ByteWriter frame = new ByteWriter(FRAME_BYTES + len);
    frame.putInt(len).putInt(crc32c(payload.array(), 0, len)).putBytes(payload.array(), 0, len);
    try {
      if (active == null || active.validBytes + frame.length() > segmentBytes) {
        rotate();
      }
      ByteBuffer buf = ByteBuffer.wrap(frame.array(), 0, frame.length());
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      active.validBytes += frame.length();
      active.saw(e.time().toEpochMilli());
    } catch (IOException ex) {
      throw new StorageException("cannot append to alert history " + active.path + ": "
          + ex.getMessage(), ex);
    }
  }

  private void rotate() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
    }
    long seq = segments.isEmpty() ? 1 : segments.getLast().seq + 1;
    Path p = dir.resolve(String.format("%08d.hlog", seq));
    channel = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteWriter h = new ByteWriter(HEADER_BYTES);
    h.putInt(MAGIC).putByte(VERSION).putByte(0).putShort(0);
    channel.write(ByteBuffer.wrap(h.array(), 0, h.length()));
    active = new Segment(p, seq);
    active.validBytes = HEADER_BYTES;
    segments.add(active);
  }

  /**
   * The newest {@code limit} events with {@code start <= time <= end} that pass the filter,
   * newest first (in reverse order of recording).
   */
  public synchronized List<HistoryEvent> query(Instant start, Instant end,
      Predicate<HistoryEvent> filter, int limit) {
    long from = start.toEpochMilli();
    long to = end.toEpochMilli();
    Deque<HistoryEvent> newest = new ArrayDeque<>();
    for (Segment s : segments) {
      if (s.validBytes <= HEADER_BYTES || s.maxTime < from || s.minTime > to) {
        continue;
      }
      byte[] b;
      try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocate((int) s.validBytes);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
          // read until the valid prefix is in memory
        }
        b = buf.array();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read alert history " + s.path, e);
      }
      int off = HEADER_BYTES;
      while (off + FRAME_BYTES <= s.validBytes) {
        int len = new ByteReader(b, off, FRAME_BYTES).getInt();
        HistoryEvent e = HistoryCodec.decode(new ByteReader(b, off + FRAME_BYTES, len));
        off += FRAME_BYTES + len;
        long t = e.time().toEpochMilli();
        if (t >= from && t <= to && filter.test(e)) {
          newest.addLast(e);
          if (newest.size() > limit) {
            newest.removeFirst();
          }
        }
      }
    }
    List<HistoryEvent> out = new ArrayList<>(newest);
    return out.reversed();
  }

  /** Deletes segments (not the one being written) whose newest event is past the retention. */
  public synchronized int applyRetention() {
    long cutoff = clock.get().toEpochMilli() - retentionMs;
    int deleted = 0;
    for (var it = segments.iterator(); it.hasNext(); ) {
      Segment s = it.next();
      if (s != active && s.maxTime < cutoff) {
        try {
          Files.deleteIfExists(s.path);
          it.remove();
          deleted++;
        } catch (IOException e) {
          LOG.warn("cannot delete alert history segment {}: {}", s.path, e.getMessage());
        }
      }
    }
    return deleted;
  }

  /** Forces written events to disk. */
  public synchronized void sync() {
    if (channel != null && channel.isOpen()) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new StorageException("cannot sync alert history " + active.path + ": "
            + e.getMessage(), e);
      }
    }
  }

  /** Number of segment files (for tests and metrics). */
  public synchronized int segmentCount() {
    return segments.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (channel != null) {
      try {
        channel.force(false);
        channel.close();
      } catch (IOException e) {
        LOG.warn("cannot close alert history {}: {}", active.path, e.getMessage());
      }
    }
  }
}
