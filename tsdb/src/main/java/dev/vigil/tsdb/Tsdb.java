package dev.vigil.tsdb;

import dev.vigil.model.Appender;
import dev.vigil.model.Matcher;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Querier;
import dev.vigil.model.SeriesExemplars;
import dev.vigil.model.Storage;
import dev.vigil.model.StorageException;
import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockDirectory;
import dev.vigil.tsdb.block.BlockMeta;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadOptions;
import dev.vigil.tsdb.head.HeadStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.HexFormat;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metrics store: a WAL-backed {@link Head} for recent data plus immutable blocks on disk, as
 * Prometheus' DB. See docs/format/data-dir.md for the directory layout and the lifecycle.
 *
 * <p><b>Writes</b> go to the head only. Acknowledged means durable: {@link Appender#commit()}
 * returns after the WAL holds the data (fsynced under the default policy). No sample is accepted
 * below the newest block's end: such samples, out-of-order ones included, are refused with
 * {@code OUT_OF_BOUNDS} (blocks are immutable and never receive late data).
 *
 * <p><b>Reads</b> ({@link #querier}) merge the head (first: it wins on equal timestamps) with the
 * blocks overlapping the range, from one consistent version of the block list.
 *
 * <p><b>Maintenance</b> (a background thread every {@link TsdbOptions#maintenanceInterval()}, or
 * {@link #compact()}): when the head spans more than 1.5 block ranges its oldest aligned range is
 * cut into a block and the head truncated; blocks are compacted into larger ranges
 * ({@code CompactionPlanner}); blocks past the retention time or size are deleted. Appenders are
 * never blocked by it except for the head truncation's short commit-lock section.
 *
 * <p>Thread-safe.
 */
public final class Tsdb implements Storage {
  private static final System.Logger LOG = System.getLogger(Tsdb.class.getName());
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final long WAKE_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final TsdbOptions options;
  private final Head head;
  private final BlockList blocks;
  private final Maintenance maintenance;
  private final Thread thread;
  private final ReentrantLock stopLock = new ReentrantLock();
  private final Condition stopSignal = stopLock.newCondition();
  private boolean stopping;
  private boolean wakeRequested; // a commit found the head cuttable; guarded by stopLock
  private final List<Runnable> cutListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Tsdb(TsdbOptions options, Head head, BlockList blocks) {
    this.options = options;
    this.head = head;
    this.blocks = blocks;
    this.maintenance = new Maintenance(options, head, blocks);
    Duration every = options.maintenanceInterval();
    this.thread = every.isZero() ? null
        : Thread.ofPlatform().daemon().name("tsdb-maintenance " + options.dir().getFileName())
            .unstarted(() -> loop(every.toMillis()));
  }

  /**
   * Opens (creating if needed) the store in {@code options.dir()}: replays the WAL, removes the
   * leftovers of interrupted block writes and compactions, opens every block, and forbids appends
   * below the newest block's end.
   *
   * @throws StorageException when the data cannot be read (a corrupt block is named)
   */
  public static Tsdb open(TsdbOptions options) {
    Head head = Head.open(new HeadOptions(options.dir(), options.walOptions(),
        options.blockRangeMs(), options.outOfOrderTimeWindowMs(), options.maxExemplars(),
        options.headChunkFileSize()));
    List<Block> opened = new ArrayList<>();
    try {
      // the head holds the directory lock: no other store recovers or writes blocks here
      for (BlockMeta m : BlockDirectory.recover(options.dir())) {
        opened.add(Block.open(options.dir().resolve(m.ulid())));
      }
      BlockList blocks = new BlockList(opened);
      // Head data below the floor stays: after a crash between writing a block and truncating
      // the head it is in that block too (queries merge equal samples, the next cut writes an
      // overlapping block that compaction merges), and a block imported into the directory may
      // overlap the head without holding its series.
      long floor = blocks.maxTime();
      if (floor != Long.MIN_VALUE) {
        head.raiseAppendFloor(floor);
      }
      Tsdb db = new Tsdb(options, head, blocks);
      if (db.thread != null) {
        head.onCuttable(db::wake);
        db.thread.start();
      }
      return db;
    } catch (IOException | RuntimeException e) {
      for (Block b : opened) {
        b.close();
      }
      head.close();
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException("cannot open blocks in " + options.dir() + ": "
          + e.getMessage(), e);
    }
  }

  public TsdbOptions options() {
    return options;
  }

  public Head head() {
    return head;
  }

  /** Metas of the current blocks, sorted by minTime. */
  public List<BlockMeta> blocks() {
    return blocks.metas();
  }

  @Override
  public Appender appender() {
    return head.appender();
  }

  /** Head and the blocks overlapping [mint, maxt]; must be closed (it pins those blocks). */
  @Override
  public Querier querier(long mint, long maxt) {
    checkOpen();
    return blocks.querier(head, mint, maxt);
  }

  @Override
  public List<SeriesExemplars> exemplars(long start, long end, List<List<Matcher>> matcherSets) {
    return head.exemplars(start, end, matcherSets);
  }

  @Override
  public Map<String, List<MetricMetadata>> metadata(String metric, int limit) {
    return head.metadata(metric, limit);
  }

  /** Oldest sample time over blocks and head, Long.MAX_VALUE when empty. */
  @Override
  public long minTime() {
    List<Block> list = blocks.blocks();
    long h = head.minTime();
    return list.isEmpty() ? h : Math.min(h, list.getFirst().meta().minTime());
  }

  /** Head cardinality statistics (see {@link #tsdbStats()} for blocks and counters). */
  public HeadStats stats() {
    return head.stats();
  }

  /** Head statistics, blocks, bytes on disk and counters. */
  public TsdbStats tsdbStats() {
    List<Block> list = blocks.blocks();
    long blockBytes = list.stream().mapToLong(Block::sizeBytes).sum();
    long maxTime = head.maxTime();
    if (maxTime == Long.MIN_VALUE && !list.isEmpty()) {
      maxTime = blocks.maxTime() - 1;
    }
    return new TsdbStats(head.numSeries(), head.minTime(), head.maxTime(), list.size(), blockBytes, head.walBytes(),
        head.diskBytes(), minTime(), maxTime, maintenance.headCuts.get(),
        maintenance.compactionsRun.get(), maintenance.compactionsFailed.get(),
        maintenance.blocksDeleted.get(), head.samplesAppended(), head.outOfOrderAppended(),
        head.droppedOnCommit(), head.rejectedByReason());
  }

  /**
   * One maintenance pass now: cut the head while it spans more than 1.5 block ranges, compact
   * blocks, apply retention. Runs after a concurrent pass finishes.
   *
   * @throws StorageException when writing or deleting a block fails (the store stays consistent)
   */
  public void compact() {
    checkOpen();
    try {
      maintenance.run();
    } catch (IOException e) {
      throw new StorageException("maintenance of " + options.dir() + " failed: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("maintenance of " + options.dir() + " interrupted", e);
    }
  }

  /**
   * Cuts everything in the head into blocks now (aligned to the block range; the last block ends
   * right after the newest sample) and truncates the head. Afterwards, appends at or before that
   * newest sample's time are refused as out of bounds.
   */
  public void flushHead() {
    checkOpen();
    try {
      maintenance.flushHead();
    } catch (IOException e) {
      throw new StorageException("cannot flush the head of " + options.dir() + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("flushing the head of " + options.dir() + " interrupted", e);
    }
  }

  /**
   * Prometheus's admin snapshot: a new directory {@code <parent>/<UTC time>-<random hex>} holding
   * hard links to every block and, when {@code withHead}, the head written as a block. The store
   * keeps running unchanged. Returns the snapshot's directory name.
   */
  public String snapshot(Path parent, boolean withHead) {
    checkOpen();
    String name = SNAPSHOT_TIME.format(Instant.now()) + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    try {
      maintenance.snapshot(parent.resolve(name), withHead);
      return name;
    } catch (IOException e) {
      throw new StorageException("cannot write snapshot " + name + " of " + options.dir() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code listener} on the maintenance thread after each background maintenance pass that
   * cut the head into at least one block (so after that pass's compactions too). Why: writing a
   * block leaves the process' largest transient garbage (encoder buffers, JIT compilations of
   * the writing code), which a listener may hand back to the system at once. A listener must
   * return quickly; its exceptions are logged, never propagated.
   */
  public void onBlockCut(Runnable listener) {
    cutListeners.add(listener);
  }

  private void blockCut() {
    for (Runnable r : cutListeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "block-cut listener failed", e);
      }
    }
  }

  /** Runs a maintenance pass soon; called by the head when a commit makes a cut due. */
  private void wake() {
    if (stopLock.tryLock()) { // never make a committer wait for the maintenance thread
      try {
        wakeRequested = true;
        stopSignal.signalAll();
      } finally {
        stopLock.unlock();
      }
    }
  }

  private void loop(long everyMs) {
    long every = TimeUnit.MILLISECONDS.toNanos(everyMs);
    long lastPass = System.nanoTime();
    while (true) {
      stopLock.lock();
      try {
        while (!stopping) {
          // a commit's wake-up runs a pass early, but at most once a second
          long due = wakeRequested ? Math.min(lastPass + every, lastPass + WAKE_GAP_NANOS)
              : lastPass + every;
          long left = due - System.nanoTime();
          if (left <= 0) {
            break;
          }
          stopSignal.awaitNanos(left);
        }
        wakeRequested = false;
        if (stopping) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        stopLock.unlock();
      }
      long cuts = maintenance.headCuts.get();
      try {
        maintenance.run();
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "maintenance of " + options.dir() + " failed", e);
      }
      if (maintenance.headCuts.get() != cuts) {
        blockCut();
      }
      lastPass = System.nanoTime();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("tsdb in " + options.dir() + " is closed");
    }
  }

  /**
   * Stops the maintenance thread (letting a running step finish), then closes head and blocks.
   * Open queriers must be closed first: closing a block waits for them. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.stopping = true;
    if (thread != null) {
      stopLock.lock();
      try {
        stopping = true;
        stopSignal.signalAll();
      } finally {
        stopLock.unlock();
      }
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      head.close();
    } finally {
      for (Block b : blocks.blocks()) {
        b.close();
      }
    }
  }
}
