package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.BitWriter;
import java.util.Arrays;

/**
 * Appends bits most-significant first, exactly as {@link BitWriter} lays them out, into a buffer
 * that {@link #clear()} empties for the next chunk without giving it up: a block writer encodes
 * tens of thousands of chunks, and a fresh writer per packed run was a third of what encoding
 * them allocated. Invariant: the bytes past {@link #byteLength()} are zero. Not thread-safe.
 */
final class BitBuffer {
  private byte[] buf = new byte[512];
  private int bitLen;

  /** Empties the buffer, keeping its capacity. */
  void clear() {
    Arrays.fill(buf, 0, byteLength(), (byte) 0);
    bitLen = 0;
  }

  int byteLength() {
    return (bitLen + 7) >>> 3;
  }

  /** The backing array; valid bytes are [0, byteLength()). */
  byte[] array() {
    return buf;
  }

  void writeBit(boolean bit) {
    writeBits(bit ? 1 : 0, 1);
  }

  /** Writes the low {@code n} bits of {@code v} (0 &lt;= n &lt;= 64), most significant first. */
  void writeBits(long v, int n) {
    if (n + (bitLen & 7) > 64) { // only for n > 56: the high part, then the low 32 bits
      append(v >>> 32, n - 32);
      append(v, 32);
    } else if (n > 0) {
      append(v, n);
    }
  }

  // not recursive, unlike BitWriter.writeBits: C2 inlines a recursive call into every caller
  // again, tripling the code of the packing loops the JIT compiles while a block is cut
  private void append(long v, int n) {
    int i = bitLen >>> 3;
    if (i + 8 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, i + 16));
    }
    BitWriter.orBits(buf, bitLen, v, n);
    bitLen += n;
  }
}
