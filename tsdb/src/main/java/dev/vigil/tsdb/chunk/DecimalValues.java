package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;

/**
 * The decimal coding of a {@link ValueChunk}: values scaled by 10^S to exact integers M, whose
 * deltas (counters) or deltas of deltas (steady gauges) are packed by {@link PackedInts}, the
 * offset form allowed (a counter's deltas are all positive: a base and unsigned offsets cost a
 * bit less per value than zig-zag). Non-finite values and -0.0 are listed verbatim as specials;
 * in the integer sequence they repeat the previous M. Exactness is checked value by value when
 * encoding, as in {@link PackedChunk}.
 *
 * <p>Layout: uvarint S; byte mode (1 deltas, 2 deltas of deltas); varint M0; mode 2 with n &gt; 1:
 * varint (M1 - M0) and packed n-2 deltas of deltas; mode 1: packed n-1 deltas; uvarint k; k
 * times uvarint index delta and 8 raw bytes.
 */
final class DecimalValues {
  private DecimalValues() {}

  /**
   * Writes decimal codings, keeping its integer arrays and buffers between chunks (a block writer
   * encodes tens of thousands; fresh ones per chunk were over half of what encoding allocated).
   * Not thread-safe.
   */
  static final class Writer {
    private long[] m = new long[0];
    private long[] d = new long[0];
    private long[] dd = new long[0];
    private final ByteWriter deltas = new ByteWriter(512);
    private final ByteWriter dods = new ByteWriter(512);
    private final IntPacker packer;

    Writer(IntPacker packer) {
      this.packer = packer;
    }

    /** Writes the values, or returns false (having written garbage) when they are not decimal. */
    boolean write(ByteWriter out, double[] vs, int n) {
      // The two loops over the values are methods of their own: how often their branches go
      // which way depends on the data (the series of a block cut come metric by metric), and a
      // branch first taken deoptimises and recompiles only the small method holding it.
      int scale = scale(vs, n);
      if (scale < 0) {
        return false;
      }
      if (m.length < n) {
        m = new long[n];
        d = new long[n];
        dd = new long[n];
      }
      int specials = mantissas(vs, n, scale);
      if (specials < 0) {
        return false;
      }
      long[] m = this.m;
      out.putUvarint(scale);
      long[] d = this.d;
      differences(m, d, 1, n);
      deltas.reset();
      if (n > 1) {
        packer.write(deltas, d, 1, n, true);
      }
      boolean dodMode = false;
      if (n > 2) {
        long[] dd = this.dd;
        differences(d, dd, 2, n);
        dods.reset();
        dods.putVarint(d[1]);
        packer.write(dods, dd, 2, n, true);
        dodMode = dods.length() < deltas.length();
      }
      if (dodMode) {
        out.putByte(2).putVarint(m[0]).putBytes(dods.array(), 0, dods.length());
      } else {
        out.putByte(1).putVarint(m[0]).putBytes(deltas.array(), 0, deltas.length());
      }
      out.putUvarint(specials);
      if (specials > 0) {
        int last = 0;
        for (int i = 0; i < n; i++) {
          if (PackedChunk.special(vs[i])) {
            out.putUvarint(i - last);
            out.putLong(Double.doubleToRawLongBits(vs[i]));
            last = i;
          }
        }
      }
      return true;
    }

    /**
     * out[i] = in[i] - in[i - 1] for i in [from, n). A method of its own so that its loop is not
     * compiled as an on-stack replacement of all of write().
     */
    private static void differences(long[] in, long[] out, int from, int n) {
      for (int i = from; i < n; i++) {
        out[i] = in[i] - in[i - 1];
      }
    }

    /**
     * The largest decimal scale of vs[0, n) (special values aside), or -1 when a value is not a
     * decimal that can be stored exactly.
     */
    private static int scale(double[] vs, int n) {
      int scale = 0;
      for (int i = 0; i < n; i++) {
        if (PackedChunk.special(vs[i])) {
          continue;
        }
        int s = PackedChunk.decimalScale(vs[i]);
        if (s < 0 || Math.abs(vs[i] * PackedChunk.POW10[s]) > PackedChunk.MAX_EXACT) {
          return -1;
        }
        scale = Math.max(scale, s);
      }
      return scale;
    }

    /**
     * Fills m[0, n) with the values' mantissas at {@code scale} (a special value repeats the
     * mantissa before it) and returns how many special values there are, or -1 when a value
     * does not round-trip.
     */
    private int mantissas(double[] vs, int n, int scale) {
      long[] m = this.m;
      int specials = 0;
      long prev = 0;
      double pow10 = PackedChunk.POW10[scale];
      for (int i = 0; i < n; i++) {
        double v = vs[i];
        if (PackedChunk.special(v)) {
          m[i] = prev;
          specials++;
          continue;
        }
        long mi = Math.round(v * pow10);
        if (Math.abs(mi) > PackedChunk.MAX_EXACT || PackedChunk.toDouble(mi, scale) != v) {
          return -1;
        }
        m[i] = mi;
        prev = mi;
      }
      return specials;
    }
  }

  /**
   * Streams the values, jumping over runs of residuals on seeks. Holds the value state only; the
   * {@link ColumnIterator} owning it keeps the sample index and passes it in. Not thread-safe.
   */
  static final class Reader {
    private final int n;
    private final int mode;
    private final int scale;
    private final double pow10;
    private final PackedInts.Cursor residuals;
    private long m;
    private long mDelta;
    private final SpecialValues specials;

    Reader(int n, ByteReader in) {
      this.n = n;
      scale = in.getUvarintInt();
      if (scale > PackedChunk.MAX_SCALE) {
        throw new DecodeException("value chunk scale " + scale + " > " + PackedChunk.MAX_SCALE);
      }
      pow10 = PackedChunk.POW10[scale];
      mode = in.getByte();
      if (mode != 1 && mode != 2) {
        throw new DecodeException("value chunk mode " + mode + " unknown");
      }
      m = in.getVarint();
      if (n == 1) {
        residuals = null;
      } else if (mode == 2) {
        if (n < 3) {
          throw new DecodeException("value chunk of " + n + " samples in mode 2");
        }
        mDelta = in.getVarint();
        residuals = new PackedInts.Cursor(in, n - 2, true);
      } else {
        residuals = new PackedInts.Cursor(in, n - 1, true);
      }
      specials = SpecialValues.read(in, n, "value chunk", true);
      if (in.hasRemaining()) {
        throw new DecodeException("value chunk has " + in.remaining() + " trailing bytes");
      }
    }

    /** Moves from sample i (-1: before the first) to sample k &gt; i. */
    void advance(int i, int k) {
      if (i < 0) {
        i = 0; // m holds the first value
        if (k == 0) {
          return;
        }
      }
      if (i == 0) {
        m += mode == 2 ? mDelta : residuals.next();
        i = 1;
        if (k == 1) {
          return;
        }
      }
      int c = k - i;
      if (c == 1) {
        if (mode == 2) {
          mDelta += residuals.next();
          m += mDelta;
        } else {
          m += residuals.next();
        }
      } else if (mode == 2) {
        long sum = residuals.skip(c);
        m += c * mDelta + residuals.weighted;
        mDelta += sum;
      } else {
        m += residuals.sum(c);
      }
    }

    /** Writes samples i .. i+c-1 (the state is on i) and leaves the state on i+c-1. */
    void fill(int i, double[] vs, int off, int c) {
      int start = i;
      vs[off] = scale == 0 ? (double) m : m / pow10;
      int j = 1;
      if (i == 0 && c > 1) {
        m += mode == 2 ? mDelta : residuals.next();
        vs[off + 1] = scale == 0 ? (double) m : m / pow10;
        j = 2;
      }
      if (j < c) {
        if (mode == 2) {
          residuals.runningDelta = mDelta;
          m = residuals.accumulate(m, true, vs, off + j, c - j, scale != 0, pow10);
          mDelta = residuals.runningDelta;
        } else {
          m = residuals.accumulate(m, false, vs, off + j, c - j, scale != 0, pow10);
        }
      }
      i = start + c - 1;
      if (specials != null) {
        specials.overlay(vs, off, start, i);
      }
    }

    /** The value of sample i, where the state is. */
    double value(int i) {
      double v = scale == 0 ? (double) m : m / pow10;
      return specials == null ? v : specials.valueAt(i, v);
    }
  }
}
