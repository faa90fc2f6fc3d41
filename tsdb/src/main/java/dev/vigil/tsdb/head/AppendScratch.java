package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.ByteWriter;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The growable arrays of one {@link HeadAppender} transaction (pending samples, commit scratch,
 * WAL record buffer), recycled across transactions through a {@link Pool}. A server makes one
 * appender per request; without recycling every request regrows these from a few hundred entries
 * to its batch size and leaves them as garbage. An appender holds a scratch only between its
 * first use and its commit or rollback, so an appender used again afterwards simply takes
 * another one and no two transactions ever share arrays. Not thread-safe; the pool is.
 */
final class AppendScratch {
  /** Larger scratches are dropped instead of kept, bounding what idle pools hold. */
  static final int MAX_KEPT_SAMPLES = 1 << 16;
  /**
   * A series-record buffer above this is replaced by a small one when the scratch goes idle: the
   * first requests of a new fleet log thousands of series records at once and grew it to hundreds
   * of KiB, which every idle scratch then kept (1.3 MB of the live heap on the ingest benchmark).
   */
  static final int MAX_KEPT_SERIES_BYTES = 16 << 10;

  MemSeries[] series = new MemSeries[128];
  long[] ts = new long[128];
  double[] vs = new double[128];
  /** This transaction's series ids to pending-sample indexes (HeadAppender's own-sample table). */
  int[] ownKeys = new int[256];
  int[] ownVals = new int[256];
  int[] accIds = new int[128];
  long[] accT = new long[128];
  double[] accV = new double[128];
  /** Encoded sample records of the commit (see WalRecords.encodeSamples). */
  byte[] walBytes = new byte[4096];
  ByteWriter seriesBuf = new ByteWriter(256);

  /**
   * Idle scratches, at most {@code maxIdle}, reused last in, first out so that a transaction gets
   * the arrays most likely still in the CPU cache. Thread-safe.
   */
  static final class Pool {
    private final ConcurrentLinkedDeque<AppendScratch> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;

    Pool(int maxIdle) {
      this.maxIdle = maxIdle;
    }

    AppendScratch take() {
      AppendScratch s = idle.pollFirst();
      if (s == null) {
        return new AppendScratch();
      }
      idleCount.decrementAndGet();
      return s;
    }

    /** Returns a scratch whose pending-series slots the caller has already cleared. */
    void give(AppendScratch s) {
      if (s.series.length > MAX_KEPT_SAMPLES || s.walBytes.length > MAX_KEPT_SAMPLES * 32) {
        return;
      }
      if (s.seriesBuf.array().length > MAX_KEPT_SERIES_BYTES) {
        s.seriesBuf = new ByteWriter(256);
      }
      if (idleCount.incrementAndGet() <= maxIdle) {
        idle.offerFirst(s);
      } else {
        idleCount.decrementAndGet();
      }
    }
  }
}
