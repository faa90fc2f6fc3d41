package dev.vigil.tsdb.head;

import dev.vigil.model.Labels;
import dev.vigil.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.util.Arrays;

/**
 * One series in the head: its full chunks (references into {@link HeadChunkFiles}), the open
 * chunk being appended to (inherited from {@link OpenChunk}, so that an append touches this one
 * object and the chunk's byte array), and out-of-order samples kept sorted in primitive arrays.
 *
 * <p>Full chunks are kept as triples in one array ({@code mm[3i]} reference, {@code mm[3i+1]} min
 * time, {@code mm[3i+2]} max time) rather than three arrays: two array headers less per series;
 * the array is always exactly {@code 3 * mmCount} long.
 *
 * <p>All mutable state is guarded by the object's monitor ({@code synchronized (series)}); lock
 * order is series-table stripe, then series, then chunk files. {@code hashNext} is guarded by the
 * table stripe; {@code walLogged} is written under the head's commit lock (and may be read
 * without it: true is only seen once the series record was logged). {@link #lastT} may be read
 * without the monitor as a hint (see {@link HeadAppender}). {@code applier} and {@code appliedAt}
 * name the commit that applied here last, so that commits log each series' samples in the order
 * they applied them.
 */
final class MemSeries extends OpenChunk {
  static final int APPENDED = 0;
  static final int APPENDED_OOO = 1;
  static final int DUPLICATE = 2;
  static final int REJECTED = 3;
  static final int SAMPLES_PER_CHUNK = 120;
  private static final long[] NO_CHUNKS = new long[0];

  final int id;
  final Labels labels;
  MemSeries hashNext; // collision chain in the series table

  volatile boolean walLogged; // written under the head's commit lock

  // guarded by this
  long[] mm = NO_CHUNKS;
  int mmCount;
  long nextCut;
  // out-of-order samples, null when there are none: one field instead of three in every series,
  // since few series ever get any
  private Ooo ooo;
  boolean removed;
  // the commit that applied samples here last, and the index of its last pending sample applied:
  // a later commit logs its own samples of this series only after that apply is in the log
  CommitTicket applier;
  int appliedAt;

  MemSeries(int id, Labels labels) {
    this.id = id;
    this.labels = labels;
  }

  long mmRef(int i) {
    return mm[3 * i];
  }

  long mmMint(int i) {
    return mm[3 * i + 1];
  }

  long mmMaxt(int i) {
    return mm[3 * i + 2];
  }

  /**
   * Adds a sample: in order after the last one, ignored when it repeats the last sample exactly,
   * out of order when {@code oooAllowed}, else rejected. Caller holds the monitor.
   */
  int append(long t, double v, boolean oooAllowed, long chunkRange, HeadChunkFiles files)
      throws IOException {
    long bits = Double.doubleToRawLongBits(v);
    if (t > lastT) {
      if (count >= SAMPLES_PER_CHUNK || t >= nextCut || buf == null) {
        cut(t, chunkRange, files);
      }
      encode(t, bits);
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
    if (buf != null && count > 0) {
      long mint = chunkMint();
      long ref = files.write(id, mint, lastT, XorChunk.ENCODING, sealedBuffer(),
          chunkByteSize());
      addMmapped(ref, mint, lastT);
    }
    // a small buffer that grows with the chunk (see OpenChunk.INITIAL_BYTES)
    startChunk(OpenChunk.INITIAL_BYTES);
    nextCut = (Math.floorDiv(t, chunkRange) + 1) * chunkRange;
  }

  // exact size: a chunk is added every 120 samples, so copying is cheap, and growth slack (plus
  // what truncation left unused) was the largest part of this array (21 slots for 12 on ingest)
  void addMmapped(long ref, long mint, long maxt) {
    mm = Arrays.copyOf(mm, 3 * mmCount + 3);
    int i = 3 * mmCount;
    mm[i] = ref;
    mm[i + 1] = mint;
    mm[i + 2] = maxt;
    mmCount++;
  }

  /** Out-of-order samples sorted by timestamp, in primitive arrays. */
  private static final class Ooo {
    long[] t = new long[8];
    double[] v = new double[8];
    int n;
  }

  private boolean insertOoo(long t, double v) {
    Ooo o = ooo;
    if (o == null) {
      o = new Ooo();
      ooo = o;
    }
    long[] oooT = o.t;
    double[] oooV = o.v;
    int oooN = o.n;
    int i = Arrays.binarySearch(oooT, 0, oooN, t);
    if (i >= 0) {
      return false; // first accepted value for a timestamp wins, as in Prometheus' ooo chunks
    }
    i = -i - 1;
    if (oooN == oooT.length) {
      oooT = Arrays.copyOf(oooT, oooN * 2);
      oooV = Arrays.copyOf(oooV, oooN * 2);
      o.t = oooT;
      o.v = oooV;
    }
    System.arraycopy(oooT, i, oooT, i + 1, oooN - i);
    System.arraycopy(oooV, i, oooV, i + 1, oooN - i);
    oooT[i] = t;
    oooV[i] = v;
    o.n = oooN + 1;
    return true;
  }

  boolean isEmpty() {
    return mmCount == 0 && count == 0 && ooo == null;
  }

  long minTime() {
    long m = Long.MAX_VALUE;
    if (mmCount > 0) {
      m = mmMint(0);
    } else if (count > 0) {
      m = chunkMint();
    }
    return ooo != null ? Math.min(m, ooo.t[0]) : m;
  }

  long maxTime() {
    long m = count > 0 ? lastT : mmCount > 0 ? mmMaxt(mmCount - 1) : Long.MIN_VALUE;
    return ooo != null ? Math.max(m, ooo.t[ooo.n - 1]) : m;
  }

  int chunkCount() {
    return mmCount + (count > 0 ? 1 : 0);
  }

  /**
   * Drops chunks ending and out-of-order samples lying before {@code mint}.
   *
   * @return the number of chunks dropped
   */
  int truncateBefore(long mint) {
    int drop = 0;
    while (drop < mmCount && mmMaxt(drop) < mint) {
      drop++;
    }
    if (drop > 0) {
      mmCount -= drop;
      mm = mmCount == 0 ? NO_CHUNKS : Arrays.copyOfRange(mm, 3 * drop, 3 * drop + 3 * mmCount);
    }
    if (mmCount == 0 && count > 0 && lastT < mint) {
      dropChunk(); // keeps lastT: later samples must still be in order
      drop++;
    }
    Ooo o = ooo;
    if (o != null) {
      int i = Arrays.binarySearch(o.t, 0, o.n, mint);
      int from = i >= 0 ? i : -i - 1;
      if (from > 0) {
        System.arraycopy(o.t, from, o.t, 0, o.n - from);
        System.arraycopy(o.v, from, o.v, 0, o.n - from);
        o.n -= from;
      }
      if (o.n == 0) {
        ooo = null;
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
      if (mmMaxt(i) >= mint && mmMint(i) <= maxt) {
        try {
          chunks[n] = files.read(mmRef(i));
          maxts[n++] = mmMaxt(i);
        } catch (IllegalStateException e) {
          // file truncated away while the query ran: that data now lives in a block
        }
      }
    }
    if (count > 0 && lastT >= mint && chunkMint() <= maxt) {
      chunks[n] = chunkBytes();
      maxts[n++] = lastT;
    }
    long[] ts = null;
    double[] vs = null;
    int on = 0;
    Ooo o = ooo;
    if (o != null) {
      long[] oooT = o.t;
      double[] oooV = o.v;
      int oooN = o.n;
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
