package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.BitReader;
import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;

/**
 * The value half of Gorilla's XOR coding, for a {@link ValueChunk} whose values are not short
 * decimals: the first value's 64 raw bits, then per value {@code 0} (same bits), {@code 10} and
 * the XOR's meaningful bits inside the previous window, or {@code 11}, 5 bits of leading zeros
 * (capped at 31), 6 bits of meaningful-bit count (64 as 0) and those bits. Stateless.
 */
final class XorValues {
  private XorValues() {}

  /** Writes vs[0, n) through {@code bits}, a buffer the caller reuses (cleared here). */
  static void write(ByteWriter out, double[] vs, int n, BitBuffer bits) {
    bits.clear();
    long prev = Double.doubleToRawLongBits(vs[0]);
    bits.writeBits(prev, 64);
    int leading = -1;
    int trailing = 0;
    for (int i = 1; i < n; i++) {
      long cur = Double.doubleToRawLongBits(vs[i]);
      long x = cur ^ prev;
      prev = cur;
      if (x == 0) {
        bits.writeBit(false);
        continue;
      }
      bits.writeBit(true);
      int lead = Math.min(31, Long.numberOfLeadingZeros(x));
      int trail = Long.numberOfTrailingZeros(x);
      if (leading >= 0 && lead >= leading && trail >= trailing) {
        bits.writeBit(false);
        bits.writeBits(x >>> trailing, 64 - leading - trailing);
        continue;
      }
      leading = lead;
      trailing = trail;
      bits.writeBit(true);
      bits.writeBits(lead, 5);
      int sig = 64 - lead - trail;
      bits.writeBits(sig & 63, 6);
      bits.writeBits(x >>> trail, sig);
    }
    out.putBytes(bits.array(), 0, bits.byteLength());
  }

  /**
   * Streams the values; the bit stream runs to the end of the reader's bytes. Holds the value
   * state only; the {@link ColumnIterator} owning it keeps the sample index. Not thread-safe.
   */
  static final class Reader {
    private final BitReader in;
    private long bits;
    private int leading = -1;
    private int trailing;

    Reader(ByteReader r) {
      if (r.remaining() < 8) {
        throw new DecodeException("xor values: " + r.remaining() + " bytes cannot hold the first"
            + " value");
      }
      in = new BitReader(r.array(), r.position() * 8, (r.position() + r.remaining()) * 8);
    }

    /** Moves from sample i (-1: before the first) to sample k &gt; i. */
    void advance(int i, int k) {
      if (i < 0) {
        bits = in.readBits(64);
        i = 0;
      }
      for (; i < k; i++) {
        step(i + 1);
      }
    }

    private void step(int i) {
      if (!in.readBit()) {
        return;
      }
      if (in.readBit()) {
        leading = (int) in.readBits(5);
        int sig = (int) in.readBits(6);
        trailing = 64 - leading - (sig == 0 ? 64 : sig);
        if (trailing < 0) {
          throw new DecodeException("xor values: " + leading + " leading zeros and " + sig
              + " meaningful bits at sample " + i);
        }
      } else if (leading < 0) {
        throw new DecodeException("xor values reuse a window before setting one at sample " + i);
      }
      int sig = 64 - leading - trailing;
      bits ^= in.readBits(sig) << trailing;
    }

    double value() {
      return Double.longBitsToDouble(bits);
    }
  }
}
