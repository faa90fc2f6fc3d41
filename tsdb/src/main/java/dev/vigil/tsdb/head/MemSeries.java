package dev.vigil.tsdb.head;

import dev.vigil.model.Labels;
import dev.vigil.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.util.Arrays;

/**
 * One series in the head: its full chunks (references into {@link HeadChunkFiles}), the open
 * {@link XorChunk} being appended to, and out-of-order samples kept sorted in primitive arrays.
 *
 * <p>All mutable state is guarded by the object's monitor ({@code synchronized (series)}); lock
 * order is series-table stripe, then series, then chunk files. {@code hashNext} is guarded by the
 * table stripe and {@code walLogged} by the head's commit lock.
 */
final class MemSeries {
  static final int APPENDED = 0;
  static final int APPENDED_OOO = 1;
  static final int DUPLICATE = 2;
  static final int REJECTED = 3;
  static final int SAMPLES_PER_CHUNK = 120;

  final int id;
  final Labels labels;
  final long hash;
  MemSeries hashNext; // collision chain in the series table

  boolean walLogged; // guarded by the head's commit lock

  // guarded by this
  long[] mmRefs = new long[0];
  long[] mmMint = new long[0];
  long[] mmMaxt = new long[0];
  int mmCount;
  XorChunk headChunk;
  long headMint;
  long nextCut;
  long lastT = Long.MIN_VALUE;
  long lastBits;
  long replaySkipBefore = Long.MIN_VALUE; // replay: in-order samples <= this are in chunk files
  long[] oooT;
  double[] oooV;
  int oooN;
  int pending; // samples appended by uncommitted transactions
  Object pendingOwner;
  long pendingT = Long.MIN_VALUE;
  long pendingBits;
  boolean removed;

  MemSeries(int id, Labels labels, long hash) {
    this.id = id;
    this.labels = labels;
    this.hash = hash;
  }

  /**
   * Adds a sample: in order after the last one, ignored when it repeats the last sample exactly,
   * out of order when {@code oooAllowed}, else rejected. Caller holds the monitor.
   */
  int append(long t, double v, boolean oooAllowed, long chunkRange, HeadChunkFiles files)
      throws IOException {
    long bits = Double.doubleToRawLongBits(v);
    if (t > lastT) {
      if (headChunk == null || headChunk.numSamples() >= SAMPLES_PER_CHUNK || t >= nextCut) {
        cut(t, chunkRange, files);
      }
      headChunk.append(t, v);
      lastT = t;
      lastBits = bits;
      return APPENDED;
    }
    if (t == lastT) {
      return bits == lastBits ? DUPLICATE : REJECTED;
    }
    if (!oooAllowed) {
      return REJECTED;
    }
    return insertOoo(t, v) ? APPENDED_OOO : DUPLICATE;
  }

  private void cut(long t, long chunkRange, HeadChunkFiles files) throws IOException {
    if (headChunk == null) {
      headChunk = new XorChunk();
    } else {
      if (headChunk.numSamples() > 0) {
        long ref = files.write(id, headMint, lastT, XorChunk.ENCODING, headChunk.bytes());
        addMmapped(ref, headMint, lastT);
      }
      headChunk.reset(); // reused: nothing outside this series' monitor holds the open chunk
    }
    headMint = t;
    nextCut = (Math.floorDiv(t, chunkRange) + 1) * chunkRange;
  }

  void addMmapped(long ref, long mint, long maxt) {
    if (mmCount == mmRefs.length) {
      int n = Math.max(4, mmCount * 2);
      mmRefs = Arrays.copyOf(mmRefs, n);
      mmMint = Arrays.copyOf(mmMint, n);
      mmMaxt = Arrays.copyOf(mmMaxt, n);
    }
    mmRefs[mmCount] = ref;
    mmMint[mmCount] = mint;
    mmMaxt[mmCount] = maxt;
    mmCount++;
  }

  private boolean insertOoo(long t, double v) {
    if (oooT == null) {
      oooT = new long[8];
      oooV = new double[8];
    }
    int i = Arrays.binarySearch(oooT, 0, oooN, t);
    if (i >= 0) {
      return false; // first accepted value for a timestamp wins, as in Prometheus' ooo chunks
    }
    i = -i - 1;
    if (oooN == oooT.length) {
      oooT = Arrays.copyOf(oooT, oooN * 2);
      oooV = Arrays.copyOf(oooV, oooN * 2);
    }
    System.arraycopy(oooT, i, oooT, i + 1, oooN - i);
    System.arraycopy(oooV, i, oooV, i + 1, oooN - i);
    oooT[i] = t;
    oooV[i] = v;
    oooN++;
    return true;
  }

  boolean isEmpty() {
    return mmCount == 0 && (headChunk == null || headChunk.numSamples() == 0) && oooN == 0;
  }

  long minTime() {
    long m = Long.MAX_VALUE;
    if (mmCount > 0) {
      m = mmMint[0];
    } else if (headChunk != null && headChunk.numSamples() > 0) {
      m = headMint;
    }
    return oooN > 0 ? Math.min(m, oooT[0]) : m;
  }

  long maxTime() {
    long m = headChunk != null && headChunk.numSamples() > 0 ? lastT
        : mmCount > 0 ? mmMaxt[mmCount - 1] : Long.MIN_VALUE;
    return oooN > 0 ? Math.max(m, oooT[oooN - 1]) : m;
  }

  int chunkCount() {
    return mmCount + (headChunk != null && headChunk.numSamples() > 0 ? 1 : 0);
  }

  /**
   * Drops chunks ending and out-of-order samples lying before {@code mint}.
   *
   * @return the number of chunks dropped
   */
  int truncateBefore(long mint) {
    int drop = 0;
    while (drop < mmCount && mmMaxt[drop] < mint) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(mmRefs, drop, mmRefs, 0, mmCount - drop);
      System.arraycopy(mmMint, drop, mmMint, 0, mmCount - drop);
      System.arraycopy(mmMaxt, drop, mmMaxt, 0, mmCount - drop);
      mmCount -= drop;
    }
    if (mmCount == 0 && headChunk != null && headChunk.numSamples() > 0 && lastT < mint
        && pending == 0) {
      headChunk = null; // keep lastT: later samples must still be in order
      drop++;
    }
    if (oooN > 0) {
      int i = Arrays.binarySearch(oooT, 0, oooN, mint);
      int from = i >= 0 ? i : -i - 1;
      if (from > 0) {
        System.arraycopy(oooT, from, oooT, 0, oooN - from);
        System.arraycopy(oooV, from, oooV, 0, oooN - from);
        oooN -= from;
      }
    }
    return drop;
  }

  /** Copies what a query over [mint, maxt] needs. Caller holds the monitor. */
  SeriesSnapshot snapshot(long mint, long maxt, HeadChunkFiles files) {
    byte[][] chunks = new byte[mmCount + 1][];
    long[] maxts = new long[mmCount + 1];
    int n = 0;
    for (int i = 0; i < mmCount; i++) {
      if (mmMaxt[i] >= mint && mmMint[i] <= maxt) {
        try {
          chunks[n] = files.read(mmRefs[i]);
          maxts[n++] = mmMaxt[i];
        } catch (IllegalStateException e) {
          // file truncated away while the query ran: that data now lives in a block
        }
      }
    }
    if (headChunk != null && headChunk.numSamples() > 0 && lastT >= mint && headMint <= maxt) {
      chunks[n] = headChunk.bytes();
      maxts[n++] = lastT;
    }
    long[] ts = null;
    double[] vs = null;
    int on = 0;
    if (oooN > 0) {
      int lo = Arrays.binarySearch(oooT, 0, oooN, mint);
      lo = lo >= 0 ? lo : -lo - 1;
      int hi = Arrays.binarySearch(oooT, 0, oooN, maxt);
      hi = hi >= 0 ? hi + 1 : -hi - 1;
      if (hi > lo) {
        ts = Arrays.copyOfRange(oooT, lo, hi);
        vs = Arrays.copyOfRange(oooV, lo, hi);
        on = hi - lo;
      }
    }
    return new SeriesSnapshot(chunks, maxts, n, ts, vs, on, mint, maxt);
  }
}
