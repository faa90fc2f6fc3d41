package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.BitWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A Gorilla-compressed chunk of float samples: delta-of-delta timestamps and XOR-ed values.
 *
 * <p>Layout (see docs/format/chunks.md): a 2-byte big-endian sample count, then a bit stream. The
 * first sample stores its timestamp and its value as raw 64-bit words; the second stores the
 * timestamp delta as a 7-bit length and that many bits, and the XOR of the values; later samples
 * store the delta of deltas in buckets of 14, 17, 20 or 64 bits after a unary prefix, and the
 * value XOR with the previous one reusing the previous leading/trailing zero window when it fits.
 *
 * <p>Appending is single-writer; {@link #bytes()} returns a snapshot safe to read concurrently
 * with further appends only when the caller copies under its own lock (the head does).
 */
public final class XorChunk {
  public static final byte ENCODING = 1;

  private final BitWriter bits;
  private int count;
  // appender state
  private long t;
  private long tDelta;
  private double v;
  private int leading = 0xFF; // 0xFF: no previous window
  private int trailing;

  public XorChunk() {
    bits = new BitWriter(128);
    bits.writeBits(0, 16); // sample count placeholder
  }

  /**
   * Empties the chunk for reuse, keeping its buffer: the head resets a series' open chunk after
   * writing it out, so that cutting a chunk leaves no garbage behind (a chunk lives long enough
   * to be promoted to the old generation, where garbage costs a full collection).
   */
  public void reset() {
    bits.reset();
    bits.writeBits(0, 16);
    count = 0;
    t = 0;
    tDelta = 0;
    v = 0;
    leading = 0xFF;
    trailing = 0;
  }

  public int numSamples() {
    return count;
  }

  /** Size of the encoded form in bytes. */
  public int byteSize() {
    return bits.byteLength();
  }

  /** Timestamp of the last appended sample; undefined when empty. */
  public long lastTime() {
    return t;
  }

  /** Encoded bytes (count header patched in); a fresh copy. */
  public byte[] bytes() {
    byte[] out = bits.toByteArray();
    out[0] = (byte) (count >>> 8);
    out[1] = (byte) count;
    return out;
  }

  /** Appends a sample; timestamps must increase (the caller checks order). */
  public void append(long ts, double value) {
    if (count >= 0xFFFF) {
      throw new IllegalStateException("chunk full: " + count + " samples");
    }
    if (count == 0) {
      bits.writeBits(ts, 64);
      bits.writeBits(Double.doubleToRawLongBits(value), 64);
    } else if (count == 1) {
      long d = ts - t;
      appendFirstDelta(d);
      writeValue(value);
      tDelta = d;
    } else {
      long d = ts - t;
      long dod = d - tDelta;
      writeDod(dod);
      writeValue(value);
      tDelta = d;
    }
    t = ts;
    v = value;
    count++;
  }

  private void appendFirstDelta(long d) {
    // Deltas are non-negative and usually small: a 5-bit length then the value bits.
    int n = 64 - Long.numberOfLeadingZeros(d);
    bits.writeBits(n, 7);
    bits.writeBits(d, n);
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      bits.writeBit(false);
    } else if (fits(dod, 14)) {
      bits.writeBits(0b10, 2);
      bits.writeBits(dod, 14);
    } else if (fits(dod, 17)) {
      bits.writeBits(0b110, 3);
      bits.writeBits(dod, 17);
    } else if (fits(dod, 20)) {
      bits.writeBits(0b1110, 4);
      bits.writeBits(dod, 20);
    } else {
      bits.writeBits(0b1111, 4);
      bits.writeBits(dod, 64);
    }
  }

  private static boolean fits(long x, int nbits) {
    return x >= -(1L << (nbits - 1)) + 1 && x <= (1L << (nbits - 1));
  }

  private void writeValue(double value) {
    long x = Double.doubleToRawLongBits(value) ^ Double.doubleToRawLongBits(v);
    if (x == 0) {
      bits.writeBit(false);
      return;
    }
    bits.writeBit(true);
    int lead = Long.numberOfLeadingZeros(x);
    int trail = Long.numberOfTrailingZeros(x);
    if (lead >= 32) {
      lead = 31; // 5 bits store the leading count
    }
    if (leading != 0xFF && lead >= leading && trail >= trailing) {
      bits.writeBit(false);
      bits.writeBits(x >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = lead;
    trailing = trail;
    bits.writeBit(true);
    bits.writeBits(lead, 5);
    int sig = 64 - lead - trail; // 1..64; 64 is stored as 0
    bits.writeBits(sig & 63, 6);
    bits.writeBits(x >>> trail, sig);
  }

  /** An iterator over a chunk's encoded bytes. */
  public static SampleIterator iterator(byte[] data) {
    return new Iter(data);
  }

  public SampleIterator iterator() {
    return new Iter(bytes());
  }

  private static long signExtend(long v, int nbits) {
    int shift = 64 - nbits;
    // Buckets store values in (-(2^(n-1))+1, 2^(n-1)]; the top value wraps to a negative pattern.
    long x = (v << shift) >> shift;
    if (x == -(1L << (nbits - 1))) {
      x = 1L << (nbits - 1);
    }
    return x;
  }

  /**
   * Decodes a chunk with its own bit cursor over the bytes (not a BitReader), so that the
   * bulk read keeps the whole decoder state in locals and can step back over a sample it decoded
   * past {@code maxT} by restoring the cursor.
   */
  private static final class Iter implements SampleIterator {
    private static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int bitEnd;
    private final int total;
    private int pos; // bit position of the next sample
    private int read;
    private long t;
    private long tDelta;
    private long vBits;
    private int leading;
    private int trailing;

    Iter(byte[] data) {
      if (data.length < 2) {
        throw new DecodeException("xor chunk of " + data.length + " bytes has no header");
      }
      total = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
      buf = data;
      bitEnd = data.length * 8;
      pos = 16;
    }

    /** The 64 bits starting at bit {@code p} (zeros past the end of the data). */
    private long window(int p) {
      int byteIdx = p >>> 3;
      int off = p & 7;
      if (byteIdx + 9 <= buf.length) {
        long w = (long) LONG_BE.get(buf, byteIdx);
        return off == 0 ? w : (w << off) | ((buf[byteIdx + 8] & 0xFF) >>> (8 - off));
      }
      long w = 0;
      for (int i = 0; i < 8; i++) {
        int k = byteIdx + i;
        w = (w << 8) | (k < buf.length ? buf[k] & 0xFF : 0);
      }
      int ninth = byteIdx + 8 < buf.length ? buf[byteIdx + 8] & 0xFF : 0;
      return off == 0 ? w : (w << off) | (ninth >>> (8 - off));
    }

    private DecodeException exhausted(int need, int at) {
      return new DecodeException("bit stream exhausted: need " + need + " bits at bit " + at);
    }

    @Override
    public ValueType next() {
      if (read >= total) {
        return ValueType.NONE;
      }
      decodeOne();
      return ValueType.FLOAT;
    }

    private void decodeOne() {
      int p = pos;
      if (read == 0) {
        if (p + 128 > bitEnd) {
          throw exhausted(128, p);
        }
        t = window(p);
        vBits = window(p + 64);
        p += 128;
      } else if (read == 1) {
        if (p + 7 > bitEnd) {
          throw exhausted(7, p);
        }
        int n = (int) (window(p) >>> 57);
        p += 7;
        if (p + n > bitEnd) {
          throw exhausted(n, p);
        }
        tDelta = n == 0 ? 0 : window(p) >>> (64 - n);
        p += n;
        t += tDelta;
        p = readValue(p);
      } else {
        p = readDod(p);
        p = readValue(p);
      }
      pos = p;
      read++;
    }

    /** Reads a delta of delta at bit {@code p} into t/tDelta; returns the position after it. */
    private int readDod(int p) {
      long w = window(p);
      long dod;
      int used;
      if (w >= 0) { // top bit 0: same delta
        dod = 0;
        used = 1;
      } else if ((w << 1) >= 0) {
        dod = signExtend((w << 2) >>> 50, 14);
        used = 16;
      } else if ((w << 2) >= 0) {
        dod = signExtend((w << 3) >>> 47, 17);
        used = 20;
      } else if ((w << 3) >= 0) {
        dod = signExtend((w << 4) >>> 44, 20);
        used = 24;
      } else {
        if (p + 68 > bitEnd) {
          throw exhausted(68, p);
        }
        dod = window(p + 4);
        used = 68;
      }
      if (p + used > bitEnd) {
        throw exhausted(used, p);
      }
      tDelta += dod;
      t += tDelta;
      return p + used;
    }

    /** Reads a value XOR at bit {@code p} into vBits (and the window); returns the new position. */
    private int readValue(int p) {
      if (p + 1 > bitEnd) {
        throw exhausted(1, p);
      }
      long w = window(p);
      if (w >= 0) {
        return p + 1; // same value
      }
      int used = 2;
      if ((w << 1) < 0) {
        if (p + 13 > bitEnd) {
          throw exhausted(13, p);
        }
        leading = (int) ((w << 2) >>> 59);
        int sig = (int) ((w << 7) >>> 58);
        if (sig == 0) {
          sig = 64;
        }
        trailing = 64 - leading - sig;
        used = 13;
      }
      int sig = 64 - leading - trailing;
      int at = p + used;
      if (at + sig > bitEnd) {
        throw exhausted(sig, at);
      }
      long x = (window(at) >>> (64 - sig)) << trailing;
      vBits ^= x;
      return at + sig;
    }

    @Override
    public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
      if (max <= 0 || t > maxT) {
        return 0;
      }
      ts[off] = t;
      vs[off] = Double.longBitsToDouble(vBits);
      int n = 1;
      // From the third sample on every sample has the same shape: decode those in the loop and
      // let next() handle the first two.
      while (n < max && read < total) {
        if (read < 2) {
          long savedT = t;
          long savedDelta = tDelta;
          long savedBits = vBits;
          int savedPos = pos;
          int savedLead = leading;
          int savedTrail = trailing;
          decodeOne();
          if (t > maxT) {
            t = savedT;
            tDelta = savedDelta;
            vBits = savedBits;
            pos = savedPos;
            leading = savedLead;
            trailing = savedTrail;
            read--;
            return n;
          }
          ts[off + n] = t;
          vs[off + n] = Double.longBitsToDouble(vBits);
          n++;
          continue;
        }
        int p = pos;
        long savedT = t;
        long savedDelta = tDelta;
        p = readDod(p);
        if (t > maxT) {
          t = savedT;
          tDelta = savedDelta;
          return n;
        }
        pos = readValue(p);
        read++;
        ts[off + n] = t;
        vs[off + n] = Double.longBitsToDouble(vBits);
        n++;
      }
      return n;
    }

    @Override
    public ValueType seek(long ts) {
      if (read > 0 && t >= ts) {
        return ValueType.FLOAT;
      }
      while (read < total) {
        decodeOne();
        if (t >= ts) {
          return ValueType.FLOAT;
        }
      }
      return ValueType.NONE;
    }

    @Override
    public long atT() {
      return t;
    }

    @Override
    public double atV() {
      return Double.longBitsToDouble(vBits);
    }
  }
}
