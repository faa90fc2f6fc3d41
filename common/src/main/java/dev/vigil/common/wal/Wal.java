package dev.vigil.common.wal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A segmented write-ahead log: numbered segment files in one directory plus at most one
 * checkpoint directory ({@code checkpoint.NNNNNNNN}) that summarises every segment up to and
 * including NNNNNNNN. Records are opaque byte arrays framed with a type byte, a length and a
 * CRC32C (docs/format/wal.md).
 *
 * <p><b>Opening</b> repairs what a crash may leave: temporary checkpoint directories are
 * deleted, segments already covered by the checkpoint are deleted, and a torn or garbage tail of
 * the <em>last</em> segment is truncated (and logged). Corruption anywhere else surfaces as a
 * {@link WalCorruptionException} from {@link #replay()}. Writing always starts a fresh segment, so
 * files written before a crash are never appended to.
 *
 * <p><b>Concurrency.</b> {@link #log} is serialised by the log's monitor and only copies into a
 * buffer (flushed to the file when large). {@link #sync(long)} makes everything up to a logged
 * position reach the operating system and, under {@link FsyncPolicy#ALWAYS}, the disk. Syncs are
 * grouped: the first caller to arrive forces the file for everything logged so far while later
 * callers wait on {@code syncLock}; when they get it their position is usually already covered and
 * they return without a second fsync. The fsync itself runs outside the log's monitor so logging
 * continues meanwhile. A segment rotation forces the closed segment, so a sync racing with a
 * rotation may find its channel closed and still be durable.
 *
 * <p>After an I/O failure the log refuses all further writes: a half-written record must not be
 * followed by acknowledged ones.
 */
public final class Wal implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());
  private static final int FLUSH_THRESHOLD = 1 << 20;

  private final Path dir;
  private final WalOptions options;
  private final Object syncLock = new Object();
  private final int checkpointAtOpen;
  private final List<Integer> segmentsAtOpen;

  // guarded by this
  private SegmentWriter current;
  private byte[] buf = new byte[64 << 10];
  private int bufLen;
  private long segBytes; // bytes of the current segment, buffered ones included
  private long logged; // logical position: total frame bytes ever logged by this instance
  private long flushed; // logical position handed to the operating system
  private IOException failure;
  private boolean closed;

  private volatile long synced;
  private final Thread syncer;
  private volatile boolean stopSyncer;

  private Wal(Path dir, WalOptions options, int checkpoint, List<Integer> segments)
      throws IOException {
    this.dir = dir;
    this.options = options;
    this.checkpointAtOpen = checkpoint;
    this.segmentsAtOpen = List.copyOf(segments);
    int last = segments.isEmpty() ? checkpoint : Math.max(checkpoint, segments.getLast());
    current = SegmentWriter.create(dir, Math.max(1, last + 1));
    segBytes = SegmentFormat.HEADER_SIZE;
    SegmentFormat.syncDir(dir);
    if (options.fsyncPolicy() == FsyncPolicy.INTERVAL) {
      syncer = Thread.ofPlatform().daemon().name("wal-fsync " + dir).unstarted(this::syncLoop);
      syncer.start();
    } else {
      syncer = null;
    }
  }

  /**
   * Opens (creating if needed) the log in {@code dir}, repairing a torn tail of the last segment.
   */
  public static Wal open(Path dir, WalOptions options) throws IOException {
    Files.createDirectories(dir);
    int checkpoint = -1;
    List<Path> checkpoints = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (!name.startsWith(SegmentFormat.CHECKPOINT_PREFIX)) {
          continue;
        }
        if (name.endsWith(SegmentFormat.TMP_SUFFIX)) {
          LOG.log(System.Logger.Level.INFO, "deleting unfinished wal checkpoint {0}", p);
          WalFiles.deleteTree(p);
          continue;
        }
        int n = SegmentFormat.parse(name.substring(SegmentFormat.CHECKPOINT_PREFIX.length()));
        if (n >= 0) {
          checkpoints.add(p);
          checkpoint = Math.max(checkpoint, n);
        }
      }
    }
    for (Path p : checkpoints) {
      if (!p.getFileName().toString().equals(WalFiles.checkpointName(checkpoint))) {
        WalFiles.deleteTree(p); // superseded; a crash interrupted the cleanup after the last checkpoint
      }
    }
    List<Integer> segments = new ArrayList<>();
    for (int n : SegmentFormat.segments(dir)) {
      if (n <= checkpoint) {
        Files.deleteIfExists(dir.resolve(SegmentFormat.name(n)));
      } else {
        segments.add(n);
      }
    }
    if (!segments.isEmpty() && WalFiles.repairTail(dir.resolve(SegmentFormat.name(segments.getLast())))) {
      segments.removeLast();
    }
    return new Wal(dir, options, checkpoint, segments);
  }

  /**
   * Repairs the corruption {@code e} reported for the log in {@code dir} (which must not be open)
   * by dropping everything from the bad record on: the segment is truncated at the offset and all
   * later segments are deleted. This loses acknowledged data, so it is an operator's decision,
   * never automatic. A corrupt checkpoint cannot be repaired this way.
   *
   * @return the number of bytes dropped
   */
  public static long repair(Path dir, WalCorruptionException e) throws IOException {
    return WalFiles.repair(dir, e);
  }

  /** The records of the checkpoint and of the segments that existed when the log was opened. */
  public WalReader replay() throws IOException {
    List<WalReader.Source> sources = new ArrayList<>();
    if (checkpointAtOpen >= 0) {
      Path cp = dir.resolve(WalFiles.checkpointName(checkpointAtOpen));
      for (int n : SegmentFormat.segments(cp)) {
        sources.add(new WalReader.Source(cp.resolve(SegmentFormat.name(n)), n));
      }
    }
    int expect = -1;
    for (int n : segmentsAtOpen) {
      if (expect >= 0 && n != expect) {
        Path f = dir.resolve(SegmentFormat.name(expect));
        throw new WalCorruptionException(f, expect, 0,
            "segment missing: found " + SegmentFormat.name(n) + " after "
                + SegmentFormat.name(expect - 1));
      }
      sources.add(new WalReader.Source(dir.resolve(SegmentFormat.name(n)), n));
      expect = n + 1;
    }
    return new WalReader(sources);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Appends one record (buffered; see {@link #sync}).
   *
   * @return the position to pass to {@link #sync} to make this record durable
   */
  public synchronized long log(byte[] record, int off, int len) throws IOException {
    ensureWritable();
    int frame = SegmentFormat.FRAME_HEADER_SIZE + len;
    try {
      if (segBytes + frame > options.segmentSize() && segBytes > SegmentFormat.HEADER_SIZE) {
        rotate();
      }
      if (bufLen + frame > buf.length) {
        flushBuffer();
        if (frame > buf.length) {
          buf = new byte[Math.max(frame, buf.length * 2)];
        }
      }
      int crc = SegmentFormat.crc(SegmentFormat.TYPE_FULL, record, off, len);
      buf[bufLen] = SegmentFormat.TYPE_FULL;
      putInt(buf, bufLen + 1, len);
      putInt(buf, bufLen + 5, crc);
      System.arraycopy(record, off, buf, bufLen + SegmentFormat.FRAME_HEADER_SIZE, len);
      bufLen += frame;
      segBytes += frame;
      logged += frame;
      if (bufLen >= FLUSH_THRESHOLD) {
        flushBuffer();
      }
      return logged;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new IOException("wal " + dir + " is closed");
    }
    if (failure != null) {
      throw new IOException("wal " + dir + " failed earlier: " + failure.getMessage(), failure);
    }
  }

  // guarded by this
  private void flushBuffer() throws IOException {
    if (bufLen > 0) {
      current.write(buf, 0, bufLen);
      current.size += bufLen;
      flushed += bufLen;
      bufLen = 0;
    }
  }

  // guarded by this
  private void rotate() throws IOException {
    flushBuffer();
    current.force();
    current.close();
    current = SegmentWriter.create(dir, current.segment + 1);
    segBytes = SegmentFormat.HEADER_SIZE;
    if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
      SegmentFormat.syncDir(dir);
    }
    synced = Math.max(synced, flushed);
  }

  /**
   * Returns once every record logged up to {@code position} has reached the operating system
   * and, under {@link FsyncPolicy#ALWAYS}, stable storage.
   */
  public void sync(long position) throws IOException {
    if (options.fsyncPolicy() != FsyncPolicy.ALWAYS) {
      synchronized (this) {
        ensureWritable();
        if (flushed < position) {
          try {
            flushBuffer();
          } catch (IOException e) {
            failure = e;
            throw e;
          }
        }
      }
      return;
    }
    if (synced >= position) {
      return;
    }
    synchronized (syncLock) {
      if (synced < position) {
        forceAll();
      }
    }
  }

  // caller holds syncLock
  private void forceAll() throws IOException {
    SegmentWriter w;
    long target;
    synchronized (this) {
      ensureWritable();
      try {
        flushBuffer();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      w = current;
      target = flushed;
    }
    try {
      w.force();
    } catch (ClosedChannelException e) {
      synchronized (this) {
        if (current == w) {
          throw e; // closed by close(), not by a rotation that forced it
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        failure = e;
      }
      throw e;
    }
    synced = Math.max(synced, target);
  }

  // Stopped through stopSyncer and unpark, never by interrupting it: a thread interrupted inside
  // FileChannel.force closes the channel (ClosedByInterruptException), after which close() could
  // not write the buffered tail.
  private void syncLoop() {
    long nanos = options.fsyncInterval().toNanos();
    while (!stopSyncer) {
      try {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !stopSyncer; left = deadline - System.nanoTime()) {
          LockSupport.parkNanos(this, left);
        }
        if (stopSyncer) {
          return;
        }
        synchronized (syncLock) {
          forceAll();
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.ERROR, "periodic wal fsync failed: " + e.getMessage(), e);
        return;
      }
    }
  }

  /**
   * Closes the current segment (if it holds records) and starts the next one.
   *
   * @return the number of the last segment that is now closed, i.e. the highest segment a
   *     checkpoint may cover; -1 when there is none
   */
  public synchronized int cutSegment() throws IOException {
    ensureWritable();
    if (current.hasRecords() || bufLen > 0) {
      try {
        rotate();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
    int closedSeg = current.segment - 1;
    return closedSeg >= 1 ? closedSeg : -1;
  }

  /** Number of the segment records are currently appended to. */
  public synchronized int currentSegment() {
    return current.segment;
  }

  /**
   * Writes {@code checkpoint.<upTo>} from the previous checkpoint and segments up to {@code upTo}
   * through {@code rewriter}, atomically replaces the previous checkpoint with it and deletes the
   * segments it covers. Must not run concurrently with itself; logging may continue.
   *
   * @param upTo a segment already closed (see {@link #cutSegment()})
   * @return the number of records written to the checkpoint
   */
  public long checkpoint(int upTo, RecordRewriter rewriter) throws IOException {
    int writing = currentSegment();
    if (upTo >= writing) {
      throw new IllegalArgumentException(
          "cannot checkpoint up to segment " + upTo + ": segment " + writing + " is still open");
    }
    return CheckpointWriter.write(dir, options.segmentSize(), upTo, rewriter);
  }

  /** The number of the newest complete checkpoint, -1 when there is none. */
  public int latestCheckpoint() throws IOException {
    return WalFiles.latestCheckpoint(dir);
  }

  static String checkpointName(int segment) {
    return WalFiles.checkpointName(segment);
  }

  /** Flushes, forces and closes the current segment. Idempotent. */
  @Override
  public void close() throws IOException {
    if (syncer != null) {
      stopSyncer = true;
      LockSupport.unpark(syncer);
      try {
        syncer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (failure == null) {
          flushBuffer();
          current.force();
        }
      } finally {
        current.close();
      }
    }
  }

}
