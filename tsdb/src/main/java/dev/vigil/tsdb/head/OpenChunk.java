package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.BitWriter;
import dev.vigil.tsdb.chunk.XorChunk;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The open (appendable) Gorilla chunk of a head series, with the series' last sample, as fields of
 * the series object itself: {@link MemSeries} extends this class. Why not a separate {@link
 * XorChunk} with its bit writer: appending one sample then walked four objects (series, chunk,
 * writer, byte array), each a likely cache miss when a request spreads its samples over thousands
 * of series; here an append touches the series object and the byte array at the write position.
 * The bytes are exactly {@link XorChunk}'s encoding (docs/format/chunks.md): a 2-byte sample count
 * (patched in by {@link #chunkBytes()}), then the bit stream.
 *
 * <p>Invariant: bits of {@code buf} past {@code bitLen} are zero, so writing ORs bits in. Not
 * thread-safe: the subclass guards every field with its monitor.
 */
abstract class OpenChunk {
  private static final byte NO_WINDOW = (byte) 0xFF;
  /**
   * A series' first buffer size: room for the first sample (2 + 16 bytes) and the 8 bytes a write
   * may touch past the last bit. The buffer then grows by a quarter as samples arrive rather than
   * being sized up front for a full chunk, and later chunks of the series reuse it ({@link
   * #restartChunk}).
   */
  static final int INITIAL_BYTES = 32;
  private static final VarHandle FIRST_T =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Timestamp of the newest in-order sample; kept when the open chunk is dropped. */
  long lastT = Long.MIN_VALUE;
  /** Raw bits of the newest in-order sample's value. */
  long lastBits;
  private long tDelta;
  /** Chunk bytes; null when the series has no open chunk. */
  byte[] buf;
  int bitLen;
  int count; // samples in the open chunk
  private byte leading = NO_WINDOW;
  private byte trailing;

  /** Samples in the open chunk (0 when there is none). */
  final int chunkSamples() {
    return count;
  }

  /** Starts an empty chunk in a buffer of {@code bytes} bytes (at least 18). */
  final void startChunk(int bytes) {
    byte[] b = buf;
    if (b != null && b.length >= bytes && b.length <= bytes + (bytes >>> 1) + 16) {
      Arrays.fill(b, 0, Math.min(b.length, ((bitLen + 7) >>> 3) + 8), (byte) 0);
    } else {
      buf = new byte[Math.max(bytes, 24)];
    }
    bitLen = 16; // sample count, patched in by chunkBytes()
    count = 0;
    tDelta = 0;
    leading = NO_WINDOW;
    trailing = 0;
  }

  /**
   * Starts an empty chunk in the buffer of the chunk just sealed, whatever its size (a new buffer
   * of {@link #INITIAL_BYTES} when there is none). Why keep it: a buffer that grows from {@link
   * #INITIAL_BYTES} is replaced about six times per chunk, and the replaced arrays have lived
   * through several young collections by then, so they are promoted and pile up in the old
   * generation as garbage until a full collection (on the ingest benchmark a young collection
   * promoted 2.3-2.5 MB with growing buffers, about 0.5 MB with kept ones); a kept buffer costs
   * its series the unused tail of a full chunk's buffer instead (about 1 MB more live heap for
   * 20,000 series).
   */
  final void restartChunk() {
    if (buf == null) {
      startChunk(INITIAL_BYTES);
      return;
    }
    Arrays.fill(buf, 0, Math.min(buf.length, ((bitLen + 7) >>> 3) + 8), (byte) 0);
    bitLen = 16; // sample count, patched in by chunkBytes()
    count = 0;
    tDelta = 0;
    leading = NO_WINDOW;
    trailing = 0;
  }

  /** Forgets the open chunk (its buffer too); keeps the last sample for order checks. */
  final void dropChunk() {
    buf = null;
    bitLen = 0;
    count = 0;
  }

  /** Encoded bytes of the open chunk with the count patched in; a fresh copy. */
  final byte[] chunkBytes() {
    byte[] out = Arrays.copyOf(buf, (bitLen + 7) >>> 3);
    out[0] = (byte) (count >>> 8);
    out[1] = (byte) count;
    return out;
  }

  /**
   * The open chunk's buffer with the count patched in, valid for {@link #chunkByteSize()} bytes:
   * no copy, for a caller that writes it out and then starts a new chunk (which clears the
   * patched count). Caller holds the monitor.
   */
  final byte[] sealedBuffer() {
    buf[0] = (byte) (count >>> 8);
    buf[1] = (byte) count;
    return buf;
  }

  /**
   * Timestamp of the open chunk's first sample, read back from the chunk (its first 64 bits after
   * the count, whole bytes in big-endian order) rather than kept in a field of every series.
   * Only valid when the chunk holds a sample.
   */
  final long chunkMint() {
    return (long) FIRST_T.get(buf, 2);
  }

  /** Size of the encoded open chunk in bytes. */
  final int chunkByteSize() {
    return (bitLen + 7) >>> 3;
  }

  /**
   * Appends a sample to the open chunk (which must exist and hold fewer than 65,535 samples);
   * {@code t} must be above {@link #lastT} when the chunk is not empty.
   */
  final void encode(long t, long bits) {
    int c = count;
    if (c == 0) {
      writeBits(t, 64);
      writeBits(bits, 64);
    } else if (c == 1) {
      long d = t - lastT;
      int n = 64 - Long.numberOfLeadingZeros(d);
      writeBits(n, 7);
      writeBits(d, n);
      writeValue(0, 0, bits);
      tDelta = d;
    } else {
      long d = t - lastT;
      long dod = d - tDelta;
      if (dod == 0) {
        writeValue(0, 1, bits);
      } else if (fits(dod, 14)) {
        writeValue((0b10L << 14) | (dod & 0x3FFF), 16, bits);
      } else if (fits(dod, 17)) {
        writeValue((0b110L << 17) | (dod & 0x1FFFF), 20, bits);
      } else if (fits(dod, 20)) {
        writeValue((0b1110L << 20) | (dod & 0xFFFFF), 24, bits);
      } else {
        writeBits(0b1111, 4);
        writeBits(dod, 64);
        writeValue(0, 0, bits);
      }
      tDelta = d;
    }
    lastT = t;
    lastBits = bits;
    count = c + 1;
  }

  private static boolean fits(long x, int nbits) {
    return x >= -(1L << (nbits - 1)) + 1 && x <= (1L << (nbits - 1));
  }

  /**
   * Writes the value's XOR with the previous one after {@code prefixLen} (at most 24) bits of
   * {@code prefix}, in as few buffer writes as fit in 64 bits.
   */
  private void writeValue(long prefix, int prefixLen, long bits) {
    long x = bits ^ lastBits;
    if (x == 0) {
      writeBits(prefix << 1, prefixLen + 1);
      return;
    }
    int lead = Long.numberOfLeadingZeros(x);
    int trail = Long.numberOfTrailingZeros(x);
    if (lead >= 32) {
      lead = 31; // 5 bits store the leading count
    }
    int l = leading;
    int tr = trailing;
    if (l != NO_WINDOW && lead >= l && trail >= tr) {
      int sig = 64 - l - tr;
      long head = (prefix << 2) | 0b10;
      int headLen = prefixLen + 2;
      if (headLen + sig <= 64) {
        writeBits((head << sig) | (x >>> tr), headLen + sig);
      } else {
        writeBits(head, headLen);
        writeBits(x >>> tr, sig);
      }
      return;
    }
    leading = (byte) lead;
    trailing = (byte) trail;
    int sig = 64 - lead - trail; // 1..64; 64 is stored as 0
    long head = (((prefix << 2) | 0b11) << 11) | ((long) lead << 6) | (sig & 63);
    int headLen = prefixLen + 13;
    if (headLen + sig <= 64) {
      writeBits((head << sig) | (x >>> trail), headLen + sig);
    } else {
      writeBits(head, headLen);
      writeBits(x >>> trail, sig);
    }
  }

  /** Writes the low {@code n} bits of {@code v} (0 &lt;= n &lt;= 64), most significant first. */
  private void writeBits(long v, int n) {
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
    byte[] b = buf;
    if (i + 8 > b.length) {
      b = grow(i);
    }
    BitWriter.orBits(b, bitLen, v, n);
    bitLen += n;
  }

  // by a quarter (at least 16 bytes): about six copies of a typical 150-byte chunk of 120
  // samples, a few nanoseconds per sample, for ~12% unused on average instead of a third or more
  private byte[] grow(int i) {
    int len = buf.length;
    byte[] b = Arrays.copyOf(buf, Math.max(len + Math.max(16, len >>> 2), i + 16));
    buf = b;
    return b;
  }
}
