package dev.vigil.tsdb.chunk;

import static dev.vigil.tsdb.chunk.PackedInts.MAX_SPARSE_WIDTH;
import static dev.vigil.tsdb.chunk.PackedInts.OFFSET_FLAG;
import static dev.vigil.tsdb.chunk.PackedInts.SPARSE;
import static dev.vigil.tsdb.chunk.PackedInts.zigzag;

import dev.vigil.common.bytes.ByteWriter;
import java.util.Arrays;

/**
 * The encoding side of {@link PackedInts} (the layout is described there), with its histograms
 * and bit buffer kept between calls: a block writer packs two or three runs per chunk, and fresh
 * arrays for each were a large part of what writing a block allocated. Output is identical to
 * what a fresh packer writes. Not thread-safe: one per encoder.
 */
final class IntPacker {
  /** Approximate cost of one exception in bits (index delta + a wide varint). */
  private static final int EXCEPTION_BITS = 40;

  private final int[] zigzagWidths = new int[65];
  private final int[] nonZero = new int[65];
  private final int[] offsetWidths = new int[65];
  private final BitBuffer bits = new BitBuffer();
  private byte[] bitmap = new byte[64];

  /**
   * Packs values[from, to), in the offset form when {@code allowOffset} and that is smaller: the
   * minimum is stored once as a varint base and every value as the unsigned {@code v - base}
   * (a counter's deltas are all positive, so zig-zag would waste a bit on each).
   */
  void write(ByteWriter out, long[] values, int from, int to, boolean allowOffset) {
    int n = to - from;
    int[] zw64 = zigzagWidths;
    long min = zigzagHistogram(values, from, to, zw64);
    int zw = bestWidth(zw64, n);
    long zcost = cost(zw64, n, zw);
    if (allowOffset && zw64[0] > n / 8) {
      // Sparse: many zeros (a gauge that mostly holds still) cost one bitmap bit each
      int nnz = n - zw64[0];
      System.arraycopy(zw64, 0, nonZero, 0, 65);
      nonZero[0] = 0;
      int sw = Math.min(MAX_SPARSE_WIDTH, bestWidth(nonZero, nnz));
      long scost = n + cost(nonZero, nnz, sw);
      if (scost < zcost) {
        zcost = scost;
        zw = -1 - sw; // marks the sparse form below
      }
    }
    if (allowOffset && n > 0 && min != 0) {
      int[] ow64 = offsetWidths;
      offsetHistogram(values, from, to, min, ow64);
      int ow = bestWidth(ow64, n);
      long baseBits = 8L * varintBytes(zigzag(min));
      if (cost(ow64, n, ow) + baseBits < zcost) {
        pack(out, values, from, to, ow, true, min, ow64);
        return;
      }
    }
    if (zw < 0) {
      packSparse(out, values, from, to, -1 - zw, zw64);
    } else {
      pack(out, values, from, to, zw, false, 0, zw64);
    }
  }

  // The loops over the values are methods of their own, here and below: a loop in write() made
  // C2 compile all of write() (with pack and packSparse inlined, ~25 KB) once per loop as an
  // on-stack replacement before its normal compilation, three compilations on a block cut.

  /** Counts values[from, to) by the bit width of their zig-zag form; returns their minimum. */
  private static long zigzagHistogram(long[] values, int from, int to, int[] widthCount) {
    Arrays.fill(widthCount, 0);
    long min = Long.MAX_VALUE;
    for (int i = from; i < to; i++) {
      widthCount[64 - Long.numberOfLeadingZeros(zigzag(values[i]))]++;
      min = Math.min(min, values[i]);
    }
    return min;
  }

  /** Counts values[from, to) by the bit width of {@code v - min}. */
  private static void offsetHistogram(long[] values, int from, int to, long min,
      int[] widthCount) {
    Arrays.fill(widthCount, 0);
    for (int i = from; i < to; i++) {
      widthCount[64 - Long.numberOfLeadingZeros(values[i] - min)]++;
    }
  }

  /**
   * The sparse form: header byte {@code SPARSE + w}, uvarint exception count, a bitmap of n bits
   * (set: the value is not zero), the low w bits of each non-zero zig-zag value, then the
   * exceptions as in the dense form (index among all n values, full zig-zag value).
   */
  private void packSparse(ByteWriter out, long[] values, int from, int to, int w,
      int[] widthCount) {
    int n = to - from;
    int exceptions = 0;
    for (int k = w + 1; k <= 64; k++) {
      exceptions += widthCount[k];
    }
    out.putByte(SPARSE + w);
    out.putUvarint(exceptions);
    int bitmapBytes = (n + 7) / 8;
    if (bitmap.length < bitmapBytes) {
      bitmap = new byte[Math.max(bitmapBytes, 2 * bitmap.length)];
    }
    byte[] bm = bitmap;
    Arrays.fill(bm, 0, bitmapBytes, (byte) 0);
    BitBuffer b = bits;
    b.clear();
    long mask = (1L << w) - 1;
    for (int i = from; i < to; i++) {
      long z = zigzag(values[i]);
      if (z != 0) {
        bm[(i - from) >>> 3] |= (byte) (0x80 >>> ((i - from) & 7));
        b.writeBits(z & mask, w);
      }
    }
    out.putBytes(bm, 0, bitmapBytes);
    out.putBytes(b.array(), 0, b.byteLength());
    int prev = 0;
    for (int i = from; i < to; i++) {
      long z = zigzag(values[i]);
      if ((z >>> w) != 0) {
        out.putUvarint(i - from - prev);
        out.putUvarint(z);
        prev = i - from;
      }
    }
  }

  static int varintBytes(long u) {
    int bits = 64 - Long.numberOfLeadingZeros(u);
    return Math.max(1, (bits + 6) / 7);
  }

  private static long cost(int[] widthCount, int n, int w) {
    long wider = 0;
    for (int k = w + 1; k <= 64; k++) {
      wider += widthCount[k];
    }
    return (long) n * w + wider * EXCEPTION_BITS;
  }

  private static int bestWidth(int[] widthCount, int n) {
    int best = 64;
    long bestCost = Long.MAX_VALUE;
    int wider = n; // values wider than the candidate w
    for (int w = 0; w <= 64; w++) {
      wider -= widthCount[w];
      long cost = (long) n * w + (long) wider * EXCEPTION_BITS;
      if (cost < bestCost) {
        bestCost = cost;
        best = w;
      }
    }
    return best;
  }

  private void pack(ByteWriter out, long[] values, int from, int to, int best,
      boolean offset, long base, int[] widthCount) {
    int exceptions = 0;
    for (int w = best + 1; w <= 64; w++) {
      exceptions += widthCount[w];
    }
    out.putByte(best | (offset ? OFFSET_FLAG : 0));
    if (offset) {
      out.putVarint(base);
    }
    out.putUvarint(exceptions);
    BitBuffer b = bits;
    b.clear();
    long mask = best == 64 ? -1L : (1L << best) - 1;
    // No test for a width of 0 (the common run of equal deltas), which writes no bits: the loop
    // then only spins. A run that wide came late in a block cut's series order, and the test
    // then deoptimised and recompiled the packer (~25 KB of C2 code) in mid-cut.
    for (int i = from; i < to; i++) {
      long z = offset ? values[i] - base : zigzag(values[i]);
      b.writeBits(z & mask, best);
    }
    out.putBytes(b.array(), 0, b.byteLength());
    if (exceptions == 0) {
      return;
    }
    int prev = 0;
    for (int i = from; i < to; i++) {
      long z = offset ? values[i] - base : zigzag(values[i]);
      if (best < 64 && (z >>> best) != 0) {
        out.putUvarint(i - from - prev);
        out.putUvarint(z);
        prev = i - from;
      }
    }
  }
}
