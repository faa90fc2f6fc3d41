package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.BitReader;
import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Patched frame-of-reference packing of zig-zag encoded longs: every value gets {@code w} bits,
 * and the few values that do not fit (a counter reset, a scrape that came late) are stored after
 * the bit block as exceptions. {@code w} is chosen to minimise the total size, so a chunk of
 * constant deltas costs a few bytes in all, whatever its length.
 *
 * <p>Layout: byte w, uvarint exceptionCount, ceil(n*w/8) bytes of packed low bits, then per
 * exception uvarint (index - previous index) and uvarint (zig-zag value).
 */
final class PackedInts {
  private PackedInts() {}

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long u) {
    return (u >>> 1) ^ -(u & 1);
  }

  /** Flag in the width byte of the offset form: a varint base follows, values are v - base. */
  static final int OFFSET_FLAG = 0x80;

  /** Width bytes SPARSE + w (w &lt;= {@link #MAX_SPARSE_WIDTH}) mark the sparse form. */
  static final int SPARSE = 65;

  static final int MAX_SPARSE_WIDTH = 62;

  /** Packs values[from, to) (signed; zig-zag applied here). */
  static void write(ByteWriter out, long[] values, int from, int to) {
    new IntPacker().write(out, values, from, to, false);
  }

  /** Packs values[from, to), in the offset form when allowed and smaller (see {@link IntPacker}). */
  static void write(ByteWriter out, long[] values, int from, int to, boolean allowOffset) {
    new IntPacker().write(out, values, from, to, allowOffset);
  }

  /** Reads n values written by {@link #write} into dst[from, from+n). */
  static void read(ByteReader in, long[] dst, int from, int n) {
    read(in, dst, from, n, false);
  }

  /** Reads n values written by {@link #write} (the offset form too when allowed). */
  static void read(ByteReader in, long[] dst, int from, int n, boolean allowOffset) {
    if (allowOffset) {
      Cursor c = new Cursor(in, n, true);
      for (int i = 0; i < n; i++) {
        dst[from + i] = c.next();
      }
      return;
    }
    int w = in.getByte();
    boolean offset = allowOffset && (w & OFFSET_FLAG) != 0;
    w &= offset ? ~OFFSET_FLAG : 0xFF;
    if (w > 64) {
      throw new DecodeException("packed ints: bit width " + w + " > 64");
    }
    long base = offset ? in.getVarint() : 0;
    int exceptions = in.getUvarintInt();
    if (exceptions > n) {
      throw new DecodeException("packed ints: " + exceptions + " exceptions for " + n + " values");
    }
    int bytes = (int) (((long) n * w + 7) / 8);
    if (in.remaining() < bytes) {
      throw new DecodeException("packed ints: need " + bytes + " bytes, have " + in.remaining());
    }
    BitReader bits = new BitReader(in.array(), in.position() * 8, (in.position() + bytes) * 8);
    for (int i = 0; i < n; i++) {
      dst[from + i] = bits.readBits(w);
    }
    in.skip(bytes);
    int idx = 0;
    for (int e = 0; e < exceptions; e++) {
      idx += in.getUvarintInt();
      if (idx >= n) {
        throw new DecodeException("packed ints: exception index " + idx + " >= " + n);
      }
      dst[from + idx] = in.getUvarint();
    }
    for (int i = 0; i < n; i++) {
      dst[from + i] = offset ? base + dst[from + i] : unzigzag(dst[from + i]);
    }
  }

  /**
   * Reads values written by {@link #write} one at a time, in place, without decoding them into an
   * array: what an iterator needs to stream a chunk. Opening validates the whole packed run
   * (width, byte count, every exception index) and leaves the given reader just past it, so a
   * damaged chunk fails when opened, never half-way through. Not thread-safe.
   */
  static final class Cursor {
    private static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int w;
    private final int fastEnd; // below this bit position an 8-byte load stays inside buf
    private long bitPos;
    private final ByteReader exceptions; // positioned at the next exception's value
    private int exceptionsLeft;
    private int nextException; // index of the next exception, -1 when none is left
    private int idx;

    private final boolean offset;
    private final long base;
    private final boolean sparse;
    private final int bitmapAt; // byte offset of the sparse form's bitmap in buf
    // Summing the offset form several values per load, in pairs inside 2w-bit slots (see
    // denseSum): values per load (0: not used), the mask of every other w-bit field, the
    // multiplier that adds all slots into the top one, and that slot's shift.
    private final int swarFields;
    private final long swarMask;
    private final long swarMul;
    private final int swarTop;

    /** Opens the run of {@code n} values at {@code in}'s position; moves {@code in} past it. */
    Cursor(ByteReader in, int n) {
      this(in, n, false);
    }

    /** As {@link #Cursor(ByteReader, int)}, accepting the offset form when allowed. */
    Cursor(ByteReader in, int n, boolean allowOffset) {
      int wb = in.getByte();
      offset = allowOffset && (wb & OFFSET_FLAG) != 0;
      int low = offset ? wb & ~OFFSET_FLAG : wb;
      sparse = allowOffset && !offset && low >= SPARSE;
      w = sparse ? low - SPARSE : low;
      if (w > (sparse ? MAX_SPARSE_WIDTH : 64)) {
        throw new DecodeException("packed ints: bit width " + w + " > 64, or offset and sparse"
            + " (header byte " + wb + ")");
      }
      base = offset ? in.getVarint() : 0;
      int count = in.getUvarintInt();
      if (count > n) {
        throw new DecodeException("packed ints: " + count + " exceptions for " + n + " values");
      }
      int packed = n;
      if (sparse) {
        int mapBytes = (n + 7) / 8;
        if (in.remaining() < mapBytes) {
          throw new DecodeException("packed ints: need " + mapBytes + " bitmap bytes, have "
              + in.remaining());
        }
        bitmapAt = in.position();
        packed = 0;
        byte[] a = in.array();
        for (int k = 0; k < mapBytes; k++) {
          packed += Integer.bitCount(a[bitmapAt + k] & 0xFF);
        }
        if ((n & 7) != 0 && (a[bitmapAt + mapBytes - 1] & (0xFF >>> (n & 7))) != 0) {
          throw new DecodeException("packed ints: bitmap bits set past value " + n);
        }
        in.skip(mapBytes);
      } else {
        bitmapAt = -1;
      }
      int bytes = (int) (((long) packed * w + 7) / 8);
      if (in.remaining() < bytes) {
        throw new DecodeException("packed ints: need " + bytes + " bytes, have " + in.remaining());
      }
      buf = in.array();
      bitPos = in.position() * 8L;
      fastEnd = w <= 56 ? (buf.length - 8) * 8 : -1;
      int f = 0;
      long mask = 0;
      long mul = 0;
      int slots = 0;
      if (offset && !sparse && w >= 4 && w <= 28) {
        // a load holds 57 bits from any value's first bit; the slots of pairs must fit 64 bits,
        // and the sum of f values (w + log2 f bits) must fit the top 2w-bit slot (w >= 4)
        f = 57 / w;
        if ((f & 1) == 1 && (f + 1) * w > 64) {
          f--;
        }
        slots = (f + 1) / 2;
        for (int j = 0; j < slots; j++) {
          mask |= ((1L << w) - 1) << (2 * w * j);
          mul |= 1L << (2 * w * j);
        }
      }
      swarFields = f;
      swarMask = mask;
      swarMul = mul;
      swarTop = slots == 0 ? 0 : 2 * w * (slots - 1);
      in.skip(bytes);
      exceptionsLeft = count;
      nextException = -1;
      if (count == 0) {
        exceptions = null;
        return;
      }
      exceptions = new ByteReader(in.array(), in.position(), in.remaining());
      int at = 0;
      for (int e = 0; e < count; e++) {
        at += in.getUvarintInt();
        if (at >= n) {
          throw new DecodeException("packed ints: exception index " + at + " >= " + n);
        }
        in.getUvarint();
      }
      nextException = exceptions.getUvarintInt();
    }

    /** Whether every value is zero (no bits, no exceptions): a perfectly regular run. */
    boolean allZero() {
      return w == 0 && exceptionsLeft == 0 && base == 0 && !sparse;
    }

    /** The next value (signed). */
    long next() {
      long z = rawBits();
      if (idx == nextException) {
        z = exceptions.getUvarint();
        nextException = --exceptionsLeft > 0 ? nextException + exceptions.getUvarintInt() : -1;
      }
      idx++;
      return offset ? base + z : unzigzag(z);
    }

    /** The packed bits of value idx (not its exception), advancing the bit position. */
    private long rawBits() {
      if (w == 0 || (sparse && (buf[bitmapAt + (idx >>> 3)] & (0x80 >>> (idx & 7))) == 0)) {
        return 0;
      }
      if (bitPos < fastEnd) {
        long word = (long) LONG_BE.get(buf, (int) (bitPos >>> 3));
        long z = (word << (bitPos & 7)) >>> (64 - w);
        bitPos += w;
        return z;
      }
      return slowBits();
    }

    /**
     * Sums k dense values without exceptions whose bits all lie before {@link #fastEnd}: the loop
     * an instant query's seek spends its time in, kept to locals so it runs at about a value per
     * nanosecond.
     */
    private long denseSum(int k) {
      long p = bitPos;
      int shift = 64 - w;
      long s = 0;
      int j = 0;
      // One 8-byte load holds at least 57 bits from the value's first bit on, so narrow values
      // are taken several per load: a seek into a counter's chunk halves its loads or better.
      if (swarFields > 0) {
        // offset form: f values right-aligned in a word; adding the odd fields onto the even
        // ones gives pair sums in 2w-bit slots (no carry out: w + 1 bits), and one multiply
        // adds the slots into the top one (w + log2 f bits)
        int f = swarFields;
        int fw = f * w;
        int align = 64 - fw;
        long mask = swarMask;
        long mul = swarMul;
        int top = swarTop;
        long slot = (1L << (2 * w)) - 1;
        for (; j + f <= k; j += f) {
          long x = ((long) LONG_BE.get(buf, (int) (p >>> 3)) << (p & 7)) >>> align;
          long y = (x & mask) + ((x >>> w) & mask);
          s += ((y * mul) >>> top) & slot;
          p += fw;
        }
      } else if (w <= 14) {
        int w2 = 2 * w;
        int w3 = 3 * w;
        for (; j + 3 < k; j += 4) {
          long x = (long) LONG_BE.get(buf, (int) (p >>> 3)) << (p & 7);
          long z0 = x >>> shift;
          long z1 = (x << w) >>> shift;
          long z2 = (x << w2) >>> shift;
          long z3 = (x << w3) >>> shift;
          s += offset ? (z0 + z1) + (z2 + z3)
              : (((z0 >>> 1) ^ -(z0 & 1)) + ((z1 >>> 1) ^ -(z1 & 1)))
                  + (((z2 >>> 1) ^ -(z2 & 1)) + ((z3 >>> 1) ^ -(z3 & 1)));
          p += 4 * w;
        }
      } else if (w <= 28) {
        for (; j + 1 < k; j += 2) {
          long x = (long) LONG_BE.get(buf, (int) (p >>> 3)) << (p & 7);
          long z0 = x >>> shift;
          long z1 = (x << w) >>> shift;
          s += offset ? z0 + z1 : ((z0 >>> 1) ^ -(z0 & 1)) + ((z1 >>> 1) ^ -(z1 & 1));
          p += 2 * w;
        }
      }
      if (offset) {
        for (; j < k; j++) {
          long word = (long) LONG_BE.get(buf, (int) (p >>> 3));
          s += (word << (p & 7)) >>> shift;
          p += w;
        }
        s += k * base;
      } else {
        for (; j < k; j++) {
          long word = (long) LONG_BE.get(buf, (int) (p >>> 3));
          long z = (word << (p & 7)) >>> shift;
          s += (z >>> 1) ^ -(z & 1);
          p += w;
        }
      }
      bitPos = p;
      idx += k;
      return s;
    }

    /** As {@link #denseSum} for the sparse form, branch-free on the bitmap. */
    private long sparseSum(int k) {
      long p = bitPos;
      int shift = 64 - w;
      long s = 0;
      int q = idx;
      for (int j = 0; j < k; j++, q++) {
        long bit = (buf[bitmapAt + (q >>> 3)] >>> (7 - (q & 7))) & 1;
        long word = (long) LONG_BE.get(buf, (int) (p >>> 3));
        long z = ((word << (p & 7)) >>> shift) & -bit;
        s += (z >>> 1) ^ -(z & 1);
        p += w & -bit;
      }
      bitPos = p;
      idx = q;
      return s;
    }

    /**
     * Decodes the next {@code k} values as the running total of a decimal column: adds each to
     * {@code m} ({@code deltaOfDelta}: to a running delta {@link #runningDelta}, which is added to
     * {@code m}) and writes each total to {@code vs[off..off+k)}, divided by {@code pow10} when
     * {@code scaled}. The same arithmetic, value by value, as a loop over {@link #next}; returns
     * the final total. Exception-free stretches of the dense and sparse forms run in a loop over
     * locals.
     */
    long accumulate(long m, boolean deltaOfDelta, double[] vs, int off, int k, boolean scaled,
        double pow10) {
      // One small method per shape of stretch, each with its own loop: the JIT compiles each on
      // its own, once, when it gets hot, and a shape first met late (a sparse run, a constant
      // run) compiles only its own loop. As one method with every loop inline, this was
      // compiled four times (on-stack replacement, then again on each shape or branch met
      // later), ~60 ms of compiler time each, during a server's first queries.
      int end = idx + k;
      while (idx < end) {
        int stop = plainUntil(end);
        int from = idx;
        if (w == 0 && !sparse) {
          m = constantRun(m, deltaOfDelta, vs, off, stop, scaled, pow10);
        } else if (w > 0 && bitPos < fastEnd) {
          int qEnd = idx + (int) Math.min(stop - idx, (fastEnd - bitPos) / w);
          m = sparse ? sparseRun(m, deltaOfDelta, vs, off, qEnd, scaled, pow10)
              : denseRun(m, deltaOfDelta, vs, off, qEnd, scaled, pow10);
        }
        off += idx - from;
        // what the loop above left (near the end of the array, zero width), then the exception
        // that ended the stretch, if any, value by value
        int tail = Math.min(end, Math.max(idx, stop) + 1);
        if (idx < tail) {
          from = idx;
          m = stepRun(m, deltaOfDelta, vs, off, tail, scaled, pow10);
          off += idx - from;
        }
      }
      return m;
    }

    /** {@link #accumulate} over values idx..stop of a zero-width dense run (no exception). */
    private long constantRun(long m, boolean deltaOfDelta, double[] vs, int off, int stop,
        boolean scaled, double pow10) {
      long d = runningDelta;
      long x = offset ? base : 0;
      int q = idx;
      for (; q < stop; q++) {
        if (deltaOfDelta) {
          d += x;
          m += d;
        } else {
          m += x;
        }
        vs[off++] = scaled ? m / pow10 : (double) m;
      }
      idx = q;
      runningDelta = d;
      return m;
    }

    /** {@link #accumulate} over dense values idx..qEnd, no exception, 8-byte loads in bounds. */
    private long denseRun(long m, boolean deltaOfDelta, double[] vs, int off, int qEnd,
        boolean scaled, double pow10) {
      long d = runningDelta;
      long p = bitPos;
      int ww = w;
      int shift = 64 - ww;
      boolean ofs = offset;
      long b = base;
      byte[] a = buf;
      int q = idx;
      for (; q < qEnd; q++) {
        long word = (long) LONG_BE.get(a, (int) (p >>> 3));
        long z = (word << (p & 7)) >>> shift;
        p += ww;
        long x = ofs ? b + z : (z >>> 1) ^ -(z & 1);
        if (deltaOfDelta) {
          d += x;
          m += d;
        } else {
          m += x;
        }
        vs[off++] = scaled ? m / pow10 : (double) m;
      }
      bitPos = p;
      idx = q;
      runningDelta = d;
      return m;
    }

    /** As {@link #denseRun} for the sparse form, branch-free on the bitmap. */
    private long sparseRun(long m, boolean deltaOfDelta, double[] vs, int off, int qEnd,
        boolean scaled, double pow10) {
      long d = runningDelta;
      long p = bitPos;
      int ww = w;
      int shift = 64 - ww;
      byte[] a = buf;
      int at = bitmapAt;
      int q = idx;
      for (; q < qEnd; q++) {
        long bit = (a[at + (q >>> 3)] >>> (7 - (q & 7))) & 1;
        long word = (long) LONG_BE.get(a, (int) (p >>> 3));
        long z = ((word << (p & 7)) >>> shift) & -bit;
        p += ww & -bit;
        long x = (z >>> 1) ^ -(z & 1);
        if (deltaOfDelta) {
          d += x;
          m += d;
        } else {
          m += x;
        }
        vs[off++] = scaled ? m / pow10 : (double) m;
      }
      bitPos = p;
      idx = q;
      runningDelta = d;
      return m;
    }

    /** {@link #accumulate} over values idx..tail value by value (exceptions, array's end). */
    private long stepRun(long m, boolean deltaOfDelta, double[] vs, int off, int tail,
        boolean scaled, double pow10) {
      long d = runningDelta;
      while (idx < tail) {
        long x = next();
        if (deltaOfDelta) {
          d += x;
          m += d;
        } else {
          m += x;
        }
        vs[off++] = scaled ? m / pow10 : (double) m;
      }
      runningDelta = d;
      return m;
    }

    /** The running delta of {@link #accumulate} with {@code deltaOfDelta}, in and out. */
    long runningDelta;

    /** The end of the stretch from idx up to {@code end} that holds no exception. */
    private int plainUntil(int end) {
      return nextException >= 0 && nextException < end ? nextException : end;
    }

    /**
     * Consumes the next {@code count} values x_0..x_{count-1}: returns their sum and leaves
     * {@link #weighted} = Σ (count - j) · x_j, what a run of deltas of deltas adds to a value
     * (seeking past samples without materialising each one). Wraps like the step-by-step sums.
     */
    long skip(int count) {
      long sum = 0;
      long ws = 0;
      int end = idx + count;
      while (idx < end) {
        // exception-free stretches in a tight loop over locals while 8-byte loads stay inside
        // the array, the rest and the exceptions value by value
        int stop = plainUntil(end);
        if (w > 0 && bitPos < fastEnd && idx < stop) {
          int kk = (int) Math.min(stop - idx, (fastEnd - bitPos) / w);
          long p = bitPos;
          int shift = 64 - w;
          int q = idx;
          int qEnd = q + kk;
          if (sparse) {
            for (; q < qEnd; q++) {
              long bit = (buf[bitmapAt + (q >>> 3)] >>> (7 - (q & 7))) & 1;
              long word = (long) LONG_BE.get(buf, (int) (p >>> 3));
              long z = ((word << (p & 7)) >>> shift) & -bit;
              p += w & -bit;
              long x = (z >>> 1) ^ -(z & 1);
              sum += x;
              ws += (end - q) * x;
            }
          } else {
            boolean ofs = offset;
            long b = base;
            for (; q < qEnd; q++) {
              long word = (long) LONG_BE.get(buf, (int) (p >>> 3));
              long z = (word << (p & 7)) >>> shift;
              p += w;
              long x = ofs ? b + z : (z >>> 1) ^ -(z & 1);
              sum += x;
              ws += (end - q) * x;
            }
          }
          bitPos = p;
          idx = q;
        }
        for (; idx < stop; idx++) {
          long z = rawBits();
          long x = offset ? base + z : unzigzag(z);
          sum += x;
          ws += (end - idx) * x;
        }
        if (idx < end) {
          long weight = end - idx;
          long x = next();
          sum += x;
          ws += weight * x;
        }
      }
      weighted = ws;
      return sum;
    }

    /** See {@link #skip}. */
    long weighted;

    /** Consumes the next {@code count} values and returns their sum (wrapping). */
    long sum(int count) {
      long s = 0;
      int end = idx + count;
      while (idx < end) {
        int stop = plainUntil(end);
        if (w == 0) {
          s += offset ? (stop - idx) * base : 0;
          idx = stop;
        } else {
          if (bitPos < fastEnd) {
            // every value takes at most w bits: this many stay inside the fast region
            int k = (int) Math.min(stop - idx, (fastEnd - bitPos) / w);
            s += sparse ? sparseSum(k) : denseSum(k);
          }
          for (; idx < stop; idx++) {
            long z = rawBits();
            s += offset ? base + z : unzigzag(z);
          }
        }
        if (idx < end) {
          s += next();
        }
      }
      return s;
    }

    // Near the end of the array (zero-padded load), or for widths over 56 bits (bit by bit).
    private long slowBits() {
      if (w <= 56) {
        int at = (int) (bitPos >>> 3);
        long word = 0;
        int last = buf.length - 8;
        if (last >= 0 && at >= last) {
          // the array's last 8 bytes, shifted so that byte at leads, zeros past the end
          int sh = (at - last) * 8;
          word = sh >= 64 ? 0 : (long) LONG_BE.get(buf, last) << sh;
        } else {
          for (int k = 0; k < 8; k++) {
            word = (word << 8) | (at + k < buf.length ? buf[at + k] & 0xFF : 0);
          }
        }
        long z = (word << (bitPos & 7)) >>> (64 - w);
        bitPos += w;
        return z;
      }
      long z = 0;
      for (int b = 0; b < w; b++) {
        long p = bitPos + b;
        z = (z << 1) | ((buf[(int) (p >>> 3)] >>> (7 - (p & 7))) & 1);
      }
      bitPos += w;
      return z;
    }
  }
}
