package dev.vigil.common.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends bits most-significant first into a growable byte array (for Gorilla chunks). Not
 * thread-safe.
 */
public final class BitWriter {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int bitLen; // number of bits written

  public BitWriter(int capacityBytes) {
    buf = new byte[Math.max(8, capacityBytes)];
  }

  /** Continues writing after existing content of {@code bitLen} bits (copies the bytes). */
  public BitWriter(byte[] data, int bitLen) {
    buf = Arrays.copyOf(data, Math.max(8, data.length + 8));
    this.bitLen = bitLen;
  }

  /**
   * Empties the writer for reuse by a long-lived owner (a series' open chunk), sized for content
   * like what it held: the buffer is kept, unless doubling growth left more than a third of it
   * unused, in which case it is replaced by one a quarter larger than that content (thousands of
   * open chunks otherwise carry up to half their buffers empty).
   */
  public void reset() {
    int used = byteLength();
    int fit = used + (used >>> 2) + 16;
    if (buf.length > used + (used >>> 1) + 16 && fit < buf.length) {
      buf = new byte[Math.max(8, fit)];
    } else {
      Arrays.fill(buf, 0, Math.min(buf.length, used + 8), (byte) 0); // bits past bitLen are 0
    }
    bitLen = 0;
  }

  public int bitLength() {
    return bitLen;
  }

  public int byteLength() {
    return (bitLen + 7) >>> 3;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, byteLength());
  }

  public void writeBit(boolean bit) {
    ensureBits(1);
    if (bit) {
      buf[bitLen >>> 3] |= (byte) (0x80 >>> (bitLen & 7));
    }
    bitLen++;
  }

  /** Writes the low {@code n} bits of {@code v} (0 &lt;= n &lt;= 64), most significant first. */
  public void writeBits(long v, int n) {
    int pos = bitLen & 7;
    if (n + pos > 64) { // only for n > 56: the high part, then the low 32 bits
      writeBits(v >>> 32, n - 32);
      writeBits(v, 32);
      return;
    }
    if (n == 0) {
      return;
    }
    int i = bitLen >>> 3;
    if (i + 8 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, i + 16));
    }
    orBits(buf, bitLen, v, n);
    bitLen += n;
  }

  /**
   * ORs the low {@code n} bits of {@code v} into {@code b} at bit {@code bitLen}, most significant
   * first, for writers that keep their own buffer and length (the head's open chunk). Requires
   * {@code 1 <= n} and {@code n + (bitLen & 7) <= 64}, 8 bytes of {@code b} from byte {@code
   * bitLen >>> 3}, and zero bits past {@code bitLen}. One big-endian read-modify-write of the 8
   * bytes holding the bits, instead of a loop over bytes: the per-sample cost of appending.
   */
  public static void orBits(byte[] b, int bitLen, long v, int n) {
    int i = bitLen >>> 3;
    long bits = n == 64 ? v : v & ((1L << n) - 1);
    LONG_BE.set(b, i, (long) LONG_BE.get(b, i) | (bits << (64 - (bitLen & 7) - n)));
  }

  private void ensureBits(int n) {
    int needBytes = ((bitLen + n + 7) >>> 3);
    if (needBytes > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, needBytes + 8));
    }
  }
}
