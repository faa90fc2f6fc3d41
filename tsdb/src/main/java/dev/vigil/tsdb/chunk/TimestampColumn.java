package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;

/**
 * The timestamps of a chunk stored on their own (chunk encoding 3), so that every series scraped
 * from the same target in a block, which all carry the very same timestamps, can point at one copy
 * (see {@link ValueChunk}, encoding 4, and docs/format/value-chunk.md).
 *
 * <p>Why a schedule instead of deltas of deltas: a scrape is due every {@code step} ms, and a late
 * one (a loaded host) is late alone, the next lands on schedule again. Stored as its distance
 * from the schedule, a late scrape is one non-zero residual; as a delta of deltas it is three.
 * When a scrape is missed or the phase moves for good the encoder lists the sample as a
 * <em>reset</em>: the schedule continues from it, so the residuals after it are zero again.
 *
 * <p>Layout: uvarint n; varint t0; if n &gt; 1: uvarint step, packed ints (offset form allowed)
 * of the n-1 residuals r_i = t_i - (s_{i-1} + step), uvarint reset count, per reset uvarint
 * (index - previous reset index, the first from 0). The schedule is s_0 = t_0, s_i = t_i at a
 * reset and s_{i-1} + step otherwise. Stateless; thread-safe.
 */
public final class TimestampColumn {
  public static final byte ENCODING = 3;

  private TimestampColumn() {}

  /** Encodes ts[0, n), strictly increasing, n &gt;= 1. */
  public static byte[] encode(long[] ts, int n) {
    ByteWriter out = new ByteWriter(16 + n / 4);
    new Writer(new IntPacker()).write(out, ts, n);
    return out.toByteArray();
  }

  /**
   * Encodes columns into a caller's buffer, keeping its arrays between columns so that a block
   * writer's columns allocate nothing. Not thread-safe.
   */
  static final class Writer {
    private long[] r = new long[0];
    private int[] resets = new int[0];
    private long[] deltas = new long[0];
    private final IntPacker packer;

    Writer(IntPacker packer) {
      this.packer = packer;
    }

    /** Appends the encoding of ts[0, n), strictly increasing, n &gt;= 1, to {@code out}. */
    void write(ByteWriter out, long[] ts, int n) {
      if (n < 1 || n > PackedChunk.MAX_SAMPLES) {
        throw new IllegalArgumentException("cannot encode " + n + " timestamps");
      }
      out.putUvarint(n);
      out.putVarint(ts[0]);
      if (n == 1) {
        return;
      }
      if (r.length < n) {
        r = new long[n];
        resets = new int[n];
        deltas = new long[n];
      }
      long step = commonDelta(ts, n);
      out.putUvarint(step);
      long[] r = this.r;
      int[] resets = this.resets;
      int k = 0;
      long s = ts[0];
      for (int i = 1; i < n; i++) {
        r[i] = ts[i] - s - step;
        s += step;
        // Reset when the next sample is on schedule counted from this one but not from the old
        // schedule: a missed scrape or a moved phase, not a single late scrape.
        if (r[i] != 0 && i + 1 < n && ts[i + 1] - ts[i] == step && ts[i + 1] - s != step) {
          resets[k++] = i;
          s = ts[i];
        }
      }
      packer.write(out, r, 1, n, true);
      out.putUvarint(k);
      int prev = 0;
      for (int j = 0; j < k; j++) {
        out.putUvarint(resets[j] - prev);
        prev = resets[j];
      }
    }

    /**
     * The most frequent delta (ties: the smallest). A delta held by more than half the gaps (a
     * regular scrape: nearly always) is found by one vote and one count; otherwise a sorted
     * copy is scanned.
     */
    private long commonDelta(long[] ts, int n) {
      int m = n - 1;
      long candidate = 0;
      int votes = 0;
      for (int i = 1; i < n; i++) {
        long d = ts[i] - ts[i - 1];
        if (votes == 0) {
          candidate = d;
          votes = 1;
        } else if (d == candidate) {
          votes++;
        } else {
          votes--;
        }
      }
      int count = 0;
      for (int i = 1; i < n; i++) {
        if (ts[i] - ts[i - 1] == candidate) {
          count++;
        }
      }
      if (2 * count > m) {
        return candidate; // a strict majority is the only most frequent value
      }
      long[] d = deltas;
      for (int i = 1; i < n; i++) {
        d[i - 1] = ts[i] - ts[i - 1];
      }
      java.util.Arrays.sort(d, 0, m);
      long best = d[0];
      int bestRun = 0;
      for (int i = 0; i < m; ) {
        int j = i;
        while (j < m && d[j] == d[i]) {
          j++;
        }
        if (j - i > bestRun) {
          bestRun = j - i;
          best = d[i];
        }
        i = j;
      }
      return best;
    }
  }

  /**
   * Decodes a column into a new array.
   *
   * @throws DecodeException when the bytes are truncated, counts do not fit, or the timestamps
   *     do not strictly increase
   */
  public static long[] decode(byte[] data) {
    ByteReader in = new ByteReader(data);
    int n = in.getUvarintInt();
    if (n == 0 || n > PackedChunk.MAX_SAMPLES) {
      throw new DecodeException("timestamp column claims " + n + " samples in " + data.length
          + " bytes");
    }
    long[] ts = new long[n];
    ts[0] = in.getVarint();
    if (n > 1) {
      long step = in.getUvarint();
      PackedInts.Cursor residuals = new PackedInts.Cursor(in, n - 1, true);
      int resets = in.getUvarintInt();
      if (resets == 0 && residuals.allZero()) {
        // a perfectly regular scrape, the common case: no residual to read
        try {
          Math.addExact(ts[0], Math.multiplyExact(step, (long) n - 1));
        } catch (ArithmeticException e) {
          throw new DecodeException("timestamp column of " + n + " samples every " + step
              + " ms from " + ts[0] + " overflows");
        }
        if (step <= 0) {
          throw new DecodeException("timestamp column not increasing: step " + step);
        }
        for (int i = 1; i < n; i++) {
          ts[i] = ts[0] + i * step;
        }
        if (in.hasRemaining()) {
          throw new DecodeException("timestamp column has " + in.remaining() + " trailing bytes");
        }
        return ts;
      }
      for (int i = 1; i < n; i++) {
        ts[i] = residuals.next(); // residuals, turned into timestamps below
      }
      if (resets > n) {
        throw new DecodeException("timestamp column has " + resets + " resets for " + n
            + " samples");
      }
      int nextReset = resets > 0 ? in.getUvarintInt() : -1;
      if (resets > 0 && nextReset == 0) {
        throw new DecodeException("timestamp column resets at sample 0");
      }
      long s = ts[0];
      for (int i = 1; i < n; i++) {
        long t = s + step + ts[i];
        if (t <= ts[i - 1]) {
          throw new DecodeException("timestamp column not increasing at sample " + i + ": " + t
              + " after " + ts[i - 1]);
        }
        ts[i] = t;
        s += step;
        if (i == nextReset) {
          s = t;
          if (--resets > 0) {
            int d = in.getUvarintInt();
            if (d == 0) {
              throw new DecodeException("timestamp column repeats reset " + i);
            }
            nextReset = i + d;
          }
        }
      }
      if (resets > 0 && nextReset >= n) {
        throw new DecodeException("timestamp column reset index " + nextReset + " >= " + n);
      }
      if (resets > 0) {
        throw new DecodeException("timestamp column lists " + resets + " resets it never reached");
      }
    }
    if (in.hasRemaining()) {
      throw new DecodeException("timestamp column has " + in.remaining() + " trailing bytes");
    }
    return ts;
  }
}
