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
 * <p>Full chunks are kept in one exactly sized array, usually packed: {@code mm[0]} is a base
 * time (the lowest min time), then per chunk its reference {@code mm[1+2i]} and its min and max
 * time as unsigned 32-bit offsets from the base in {@code mm[2+2i]} (high and low half). That is
 * 16 bytes a chunk instead of 24, and a head rarely spans more than a few hours, far below the
 * 49 days the offsets can reach. When a chunk does not fit (data spanning longer, or older than
 * the base), the array switches to triples {@code [ref, mint, maxt]} ({@code mmWide}).
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
  boolean mmWide; // mm holds [ref, mint, maxt] triples rather than the packed layout
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

  /** Full chunks in memory-mapped files. */
  int mmCount() {
    return mmWide ? mm.length / 3 : mm.length >> 1; // packed: 0 or 1 + 2 * count
  }

  long mmRef(int i) {
    return mmWide ? mm[3 * i] : mm[1 + 2 * i];
  }

  long mmMint(int i) {
    return mmWide ? mm[3 * i + 1] : mm[0] + (mm[2 + 2 * i] >>> 32);
  }

  long mmMaxt(int i) {
    return mmWide ? mm[3 * i + 2] : mm[0] + (mm[2 + 2 * i] & 0xFFFF_FFFFL);
  }

  // true when t - base is in [0, 2^32): compared unsigned, the difference cannot overflow
  private static boolean fitsOffset(long t, long base) {
    return t >= base && Long.compareUnsigned(t - base, 0xFFFF_FFFFL) <= 0;
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
    // the sealed chunk's buffer, already written out (see OpenChunk.restartChunk)
    restartChunk();
    nextCut = (Math.floorDiv(t, chunkRange) + 1) * chunkRange;
  }

  // exact size: a chunk is added every 120 samples, so copying is cheap, and growth slack (plus
  // what truncation left unused) was the largest part of this array (21 slots for 12 on ingest)
  void addMmapped(long ref, long mint, long maxt) {
    int n = mmCount();
    if (!mmWide) {
      if (n == 0 && fitsOffset(maxt, mint)) {
        mm = new long[] {mint, ref, maxt - mint};
        return;
      }
      if (n > 0 && fitsOffset(mint, mm[0]) && fitsOffset(maxt, mm[0])) {
        long[] a = Arrays.copyOf(mm, mm.length + 2);
        a[mm.length] = ref;
        a[mm.length + 1] = (mint - a[0]) << 32 | (maxt - a[0]);
        mm = a;
        return;
      }
    }
    long[] t = triples(n + 1);
    t[3 * n] = ref;
    t[3 * n + 1] = mint;
    t[3 * n + 2] = maxt;
    setMmapped(t, 0, n + 1);
  }

  /** The full chunks as triples [ref, mint, maxt] in an array with room for {@code room}. */
  long[] triples(int room) {
    long[] t = new long[3 * room];
    for (int i = 0, n = mmCount(); i < n; i++) {
      t[3 * i] = mmRef(i);
      t[3 * i + 1] = mmMint(i);
      t[3 * i + 2] = mmMaxt(i);
    }
    return t;
  }

  /** Replaces the full chunks by triples {@code [from, to)} of {@code t}, packed when they fit. */
  void setMmapped(long[] t, int from, int to) {
    if (to == from) {
      mm = NO_CHUNKS;
      mmWide = false;
      return;
    }
    long base = Long.MAX_VALUE;
    for (int i = from; i < to; i++) {
      base = Math.min(base, t[3 * i + 1]);
    }
    boolean fit = true;
    for (int i = from; i < to && fit; i++) {
      fit = fitsOffset(t[3 * i + 1], base) && fitsOffset(t[3 * i + 2], base);
    }
    if (!fit) {
      mm = Arrays.copyOfRange(t, 3 * from, 3 * to);
      mmWide = true;
      return;
    }
    long[] a = new long[1 + 2 * (to - from)];
    a[0] = base;
    for (int i = from; i < to; i++) {
      int k = 1 + 2 * (i - from);
      a[k] = t[3 * i];
      a[k + 1] = (t[3 * i + 1] - base) << 32 | (t[3 * i + 2] - base);
    }
    mm = a;
    mmWide = false;
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
    return mm.length == 0 && count == 0 && ooo == null;
  }

  long minTime() {
    long m = Long.MAX_VALUE;
    if (mm.length > 0) {
      m = mmMint(0);
    } else if (count > 0) {
      m = chunkMint();
    }
    return ooo != null ? Math.min(m, ooo.t[0]) : m;
  }

  long maxTime() {
    int mmCount = mmCount();
    long m = count > 0 ? lastT : mmCount > 0 ? mmMaxt(mmCount - 1) : Long.MIN_VALUE;
    return ooo != null ? Math.max(m, ooo.t[ooo.n - 1]) : m;
  }

  int chunkCount() {
    return mmCount() + (count > 0 ? 1 : 0);
  }

  /**
   * Drops chunks ending and out-of-order samples lying before {@code mint}.
   *
   * @return the number of chunks dropped
   */
  int truncateBefore(long mint) {
    int drop = 0;
    int mmCount = mmCount();
    while (drop < mmCount && mmMaxt(drop) < mint) {
      drop++;
    }
    if (drop > 0) {
      setMmapped(triples(mmCount), drop, mmCount); // rebased: may pack again after wide
      mmCount -= drop;
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

  /**
   * Copies what a query over [mint, maxt] needs, reading the memory-mapped chunks through
   * {@code reader} when it is not null (see {@link PositionalChunkReader}), else through the
   * mappings. Caller holds the monitor.
   */
  SeriesSnapshot snapshot(long mint, long maxt, HeadChunkFiles files,
      PositionalChunkReader reader) {
    int mmCount = mmCount();
    byte[][] chunks = new byte[mmCount + 1][];
    long[] maxts = new long[mmCount + 1];
    int n = 0;
    for (int i = 0; i < mmCount; i++) {
      if (mmMaxt(i) >= mint && mmMint(i) <= maxt) {
        try {
          chunks[n] = reader != null ? reader.read(mmRef(i)) : files.read(mmRef(i));
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
