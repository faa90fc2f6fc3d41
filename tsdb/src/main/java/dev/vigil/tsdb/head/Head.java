package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.index.PostingsIndex;
import dev.vigil.common.wal.Wal;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Querier;
import dev.vigil.model.SeriesExemplars;
import dev.vigil.model.StorageException;
import dev.vigil.tsdb.wal.CheckpointFilter;
import dev.vigil.tsdb.wal.WalRecords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

/**
 * The in-memory head of the metrics store: recent series and samples, made durable by a
 * write-ahead log and with full chunks in memory-mapped files.
 *
 * <p><b>Write path.</b> {@link HeadAppender}s validate samples against each series at append
 * time and buffer them in primitive arrays. Commit applies the samples to their series (each
 * under its monitor, all under the shared apply permit, concurrently with other commits), then
 * takes the head's commit lock only to log the accepted ones (records of new series first); it
 * then releases the lock and waits for the WAL sync, which concurrent commits share (group
 * commit). Replay re-decides in-order against out-of-order by log order, so the log must hold
 * each series' samples in the order they were applied: a commit that would apply to a series
 * whose last apply (by another commit) is not logged yet logs what it applied so far and waits
 * for that apply to be logged first (see {@link HeadAppender}). Nothing holds a lock across an
 * fsync. Samples become visible to queries when applied, i.e. shortly before the commit's fsync;
 * if the WAL fails, the head refuses all further commits.
 *
 * <p><b>Apply permit</b> ({@link #applyPermit}): commits hold it shared while they apply;
 * raising the append floor or the truncation time and closing hold it exclusively, so once they
 * return no commit still applies samples under the old bound. Lock order: truncation lock, apply
 * permit, commit lock, series-table stripe, series, chunk files.
 *
 * <p><b>Replay.</b> On open the chunk files are scanned, then the WAL checkpoint and segments
 * are replayed; in-order samples already inside a chunk file are skipped.
 *
 * <p><b>Truncation</b> ({@link #truncateBefore}) drops chunks older than a time, garbage-collects
 * empty series, deletes chunk files no longer needed and checkpoints the WAL. The coordinator
 * calls it after persisting that range as a block.
 *
 * <p><b>Append floor</b> ({@link #raiseAppendFloor}): the store raises it to a block's end before
 * writing that block, so no sample (out-of-order ones included) lands in a persisted range; data
 * below it stays readable until truncated. It is not logged: the store derives it from its
 * blocks on open.
 *
 * <p>Thread-safe: any number of appenders (one per thread) and queriers.
 */
public final class Head implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Head.class.getName());

  final HeadOptions options;
  final Wal wal;
  final HeadChunkFiles chunkFiles;
  final PostingsIndex index = new PostingsIndex();
  final SeriesTable series = new SeriesTable(index);
  final ExemplarBuffer exemplars;
  final Map<String, MetricMetadata> metadata = new ConcurrentHashMap<>();
  final Object commitLock = new Object();
  /** Shared while a commit applies samples; exclusive to move the bounds they are checked by. */
  final StampedLock applyPermit = new StampedLock();
  /** Recycled transaction arrays of this head's appenders. */
  final AppendScratch.Pool scratch = new AppendScratch.Pool(16);
  private final Object truncateLock = new Object();
  final AtomicInteger nextId = new AtomicInteger(1);
  final AtomicLong droppedOnCommit = new AtomicLong();
  /** Times a commit waited for another one to log a shared series' earlier apply (tests read it). */
  final AtomicLong orderWaits = new AtomicLong();

  // written under commitLock (or during replay), read anywhere
  volatile long minTime = Long.MAX_VALUE;
  volatile long maxTime = Long.MIN_VALUE;
  volatile long minValidTime = Long.MIN_VALUE;
  // appends below this are refused while older data stays readable (a block holds that range)
  volatile long appendFloor = Long.MIN_VALUE;
  // counters written under commitLock, read anywhere
  volatile long samplesAppended;
  volatile long oooAppended;
  final java.util.concurrent.atomic.AtomicLongArray rejected =
      new java.util.concurrent.atomic.AtomicLongArray(
          dev.vigil.model.AppendException.Reason.values().length);
  private volatile IOException failure;
  // told after a commit that leaves the head spanning more than 1.5 chunk ranges (a cut is due)
  private volatile Runnable onCuttable = () -> { };
  private volatile boolean closed;

  private final FileChannel lockChannel;

  private Head(HeadOptions options, Wal wal, HeadChunkFiles chunkFiles, FileChannel lock) {
    this.lockChannel = lock;
    this.options = options;
    this.wal = wal;
    this.chunkFiles = chunkFiles;
    this.exemplars = new ExemplarBuffer(options.maxExemplars());
  }

  /**
   * Opens the head in {@code options.dir()}, replaying chunk files and the WAL.
   *
   * @throws StorageException when the WAL is corrupt beyond its tail (the message names file,
   *     segment and offset) or I/O fails
   */
  public static Head open(HeadOptions options) {
    Map<Integer, List<long[]>> chunks = new HashMap<>();
    HeadChunkFiles files = null;
    Wal wal = null;
    FileChannel lock = null;
    try {
      Files.createDirectories(options.dir());
      lock = lockDir(options.dir());
      files = HeadChunkFiles.open(options.dir().resolve("chunks_head"), options.chunkFileSize(),
          (id, mint, maxt, ref) ->
              chunks.computeIfAbsent(id, k -> new ArrayList<>()).add(new long[] {mint, maxt, ref}));
      wal = Wal.open(options.dir().resolve("wal"), options.wal());
      Head head = new Head(options, wal, files, lock);
      new HeadReplay(head, chunks).run();
      return head;
    } catch (IOException | RuntimeException e) {
      if (wal != null) {
        try {
          wal.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (files != null) {
        files.close();
      }
      if (lock != null) {
        try {
          lock.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException("cannot open head in " + options.dir() + ": " + e.getMessage(),
          e);
    }
  }

  /** Takes an exclusive lock on {@code dir/lock} so that two stores never share a directory. */
  private static FileChannel lockDir(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new StorageException("data directory " + dir + " is in use by another store");
    }
    return ch;
  }

  public Appender appender() {
    checkOpen();
    return new HeadAppender(this);
  }

  /**
   * A querier over [mint, maxt] (inclusive) of the head's data, never below {@link
   * #minValidTime()}. {@code select(true, null, List.of())} returns every series with samples in
   * the range, sorted: the input for cutting a block.
   */
  public Querier querier(long mint, long maxt) {
    checkOpen();
    return new HeadQuerier(this, mint, maxt);
  }

  public List<SeriesExemplars> exemplars(long start, long end, List<List<Matcher>> matcherSets) {
    return exemplars.select(start, end, matcherSets);
  }

  public Map<String, List<MetricMetadata>> metadata(String metric, int limit) {
    Map<String, List<MetricMetadata>> out = new TreeMap<>();
    if (metric != null) {
      MetricMetadata m = metadata.get(metric);
      if (m != null && limit != 0) {
        out.put(metric, List.of(m));
      }
      return out;
    }
    for (Map.Entry<String, MetricMetadata> e : new TreeMap<>(metadata).entrySet()) {
      if (limit >= 0 && out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), List.of(e.getValue()));
    }
    return out;
  }

  /** Oldest visible sample timestamp, Long.MAX_VALUE when empty. */
  /**
   * Sets what to run after a commit leaves the head spanning more than 1.5 chunk ranges, so that
   * the owner cuts a block promptly under heavy ingest instead of at its next periodic pass. Runs
   * on the committing thread: it must only signal.
   */
  public void onCuttable(Runnable listener) {
    onCuttable = listener;
  }

  void afterCommit() {
    long min = minTime;
    long max = maxTime;
    if (max != Long.MIN_VALUE && min != Long.MAX_VALUE && max - min > options.chunkRangeMs() / 2 * 3) {
      onCuttable.run();
    }
  }

  public long minTime() {
    long m = minTime;
    return m == Long.MAX_VALUE ? m : Math.max(m, minValidTime);
  }

  /** Newest sample timestamp, Long.MIN_VALUE when empty. */
  public long maxTime() {
    return maxTime;
  }

  /** Samples before this time have been truncated away (Long.MIN_VALUE when never truncated). */
  public long minValidTime() {
    return minValidTime;
  }

  public int numSeries() {
    return series.size();
  }

  /** Samples accepted at append time but dropped at commit because a concurrent commit won. */
  public long droppedOnCommit() {
    return droppedOnCommit.get();
  }

  /** The lowest timestamp an in-order append may have without being out of bounds. */
  long appendableMinValidTime() {
    long max = maxTime;
    long floor = floor();
    if (max == Long.MIN_VALUE) {
      return floor;
    }
    return Math.max(floor, max - options.chunkRangeMs() / 2);
  }

  /** No sample, in order or not, below this is accepted. */
  long floor() {
    return Math.max(minValidTime, appendFloor);
  }

  /**
   * Refuses appends (including out-of-order ones) before {@code t} from now on, while data
   * already in the head below {@code t} stays readable. The store calls it before persisting a
   * range as a block, so that no sample can land in that range after its snapshot was taken, and
   * on open with the newest block's end. Not logged: the store re-derives it from its blocks.
   * Samples already accepted by an open appender but committed later are dropped at commit and
   * counted in {@link #droppedOnCommit()}.
   */
  public void raiseAppendFloor(long t) {
    long stamp = applyPermit.writeLock();
    try {
      if (t > appendFloor) {
        appendFloor = t;
      }
    } finally {
      applyPermit.unlockWrite(stamp);
    }
  }

  /** See {@link #raiseAppendFloor}; Long.MIN_VALUE when never raised. */
  public long appendFloor() {
    return appendFloor;
  }

  /** Samples applied in order since open (replay not counted). */
  public long samplesAppended() {
    return samplesAppended;
  }

  /** Out-of-order samples applied since open (replay not counted). */
  public long outOfOrderAppended() {
    return oooAppended;
  }

  /** Samples refused at append time since open, by reason. */
  public Map<dev.vigil.model.AppendException.Reason, Long> rejectedByReason() {
    Map<dev.vigil.model.AppendException.Reason, Long> out =
        new java.util.EnumMap<>(dev.vigil.model.AppendException.Reason.class);
    for (dev.vigil.model.AppendException.Reason r : dev.vigil.model.AppendException.Reason.values()) {
      long n = rejected.get(r.ordinal());
      if (n > 0) {
        out.put(r, n);
      }
    }
    return out;
  }

  /** Bytes of the WAL (segments and checkpoints) and the memory-mapped chunk files on disk. */
  public long diskBytes() {
    return dirBytes(options.dir().resolve("wal")) + dirBytes(options.dir().resolve("chunks_head"));
  }

  /** Bytes of the WAL (segments and checkpoints) on disk. */
  public long walBytes() {
    return dirBytes(options.dir().resolve("wal"));
  }

  private static long dirBytes(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(p -> {
        try {
          return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
          return 0; // deleted while walking (a checkpoint or segment being replaced)
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Drops data before {@code mint}: chunks that end before it, out-of-order samples before it,
   * series left empty; deletes chunk files holding only older chunks; checkpoints the WAL
   * keeping samples from {@code mint} on. Samples before {@code mint} are no longer accepted or
   * returned.
   */
  public void truncateBefore(long mint) {
    synchronized (truncateLock) {
      checkOpen();
      if (mint <= minValidTime) {
        return;
      }
      try {
        long stamp = applyPermit.writeLock();
        try {
          synchronized (commitLock) {
            ByteWriter w = new ByteWriter(16);
            WalRecords.putMinValidTime(w, mint);
            wal.sync(wal.log(w.array(), 0, w.length()));
            minValidTime = mint;
          }
        } finally {
          applyPermit.unlockWrite(stamp);
        }
        int[] removed = {0};
        series.forEach(s -> {
          synchronized (s) {
            s.truncateBefore(mint);
          }
          // a transaction holding the series re-creates it by its labels at commit
          if (series.removeIf(s, MemSeries::isEmpty)) {
            removed[0]++;
          }
        });
        synchronized (commitLock) {
          // as in Prometheus the head's minimum becomes the truncation time (minTime() clamps)
          if (series.size() == 0) {
            minTime = Long.MAX_VALUE;
          }
        }
        int files = chunkFiles.truncateBefore(mint);
        int seg = wal.cutSegment();
        long kept = 0;
        if (seg > 0) {
          kept = wal.checkpoint(seg, new CheckpointFilter(id -> series.byId(id) != null, mint));
        }
        LOG.log(System.Logger.Level.INFO,
            "head truncated before {0}: {1} series removed, {2} chunk files deleted, "
                + "checkpoint up to segment {3} with {4} records",
            mint, removed[0], files, seg, kept);
      } catch (IOException e) {
        throw new StorageException("cannot truncate head before " + mint + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** Cardinality statistics (top 10 lists). */
  public HeadStats stats() {
    Map<String, Long> byName = new HashMap<>();
    long[] chunks = {0};
    series.forEach(s -> {
      byName.merge(s.labels.metricName(), 1L, Long::sum);
      synchronized (s) {
        chunks[0] += s.chunkCount();
      }
    });
    Map<String, Long> valueCount = new HashMap<>();
    Map<String, Long> memory = new HashMap<>();
    Map<String, Long> pairs = new HashMap<>();
    long[] numPairs = {0};
    index.forEachPair((name, value, count) -> {
      numPairs[0]++;
      valueCount.merge(name, 1L, Long::sum);
      memory.merge(name, (long) value.length(), Long::sum);
      pairs.put(name + "=" + value, (long) count);
    });
    return new HeadStats(series.size(), numPairs[0], chunks[0], minTime(), maxTime,
        top10(byName), top10(valueCount), top10(memory), top10(pairs));
  }

  private static List<HeadStats.Stat> top10(Map<String, Long> m) {
    return m.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(10)
        .map(e -> new HeadStats.Stat(e.getKey(), e.getValue()))
        .toList();
  }

  MemSeries getOrCreate(Labels labels) {
    return series.getOrCreate(labels, SeriesTable.hash(labels), nextId::getAndIncrement);
  }

  void checkOpen() {
    if (closed) {
      throw new StorageException("head in " + options.dir() + " is closed");
    }
  }

  /** Throws if an earlier WAL write failed. Caller holds the commit lock. */
  void checkWritable() {
    checkOpen();
    IOException f = failure;
    if (f != null) {
      throw new StorageException("head in " + options.dir()
          + " refuses writes after a wal failure: " + f.getMessage(), f);
    }
  }

  void fail(IOException e) {
    failure = e;
  }

  /** Flushes and closes the WAL and chunk files. Idempotent. */
  @Override
  public void close() {
    synchronized (truncateLock) {
      long stamp = applyPermit.writeLock();
      try {
        closeLocked();
      } finally {
        applyPermit.unlockWrite(stamp);
      }
    }
  }

  private void closeLocked() {
    synchronized (commitLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        wal.close();
      } catch (IOException e) {
        throw new StorageException("cannot close wal in " + options.dir() + ": "
            + e.getMessage(), e);
      } finally {
        chunkFiles.close();
        try {
          lockChannel.close();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot release lock of " + options.dir(), e);
        }
      }
    }
  }
}
