package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.BitReader;
import dev.vigil.common.bytes.BitWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;

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

  private static final class Iter implements SampleIterator {
    private final BitReader in;
    private final int total;
    private int read;
    private long t;
    private long tDelta;
    private double v;
    private int leading;
    private int trailing;

    Iter(byte[] data) {
      if (data.length < 2) {
        throw new DecodeException("xor chunk of " + data.length + " bytes has no header");
      }
      total = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
      in = new BitReader(data, data.length * 8);
      in.readBits(16);
    }

    @Override
    public ValueType next() {
      if (read >= total) {
        return ValueType.NONE;
      }
      if (read == 0) {
        t = in.readBits(64);
        v = Double.longBitsToDouble(in.readBits(64));
      } else if (read == 1) {
        int n = (int) in.readBits(7);
        tDelta = in.readBits(n);
        t += tDelta;
        readValue();
      } else {
        long dod;
        if (!in.readBit()) {
          dod = 0;
        } else if (!in.readBit()) {
          dod = signExtend(in.readBits(14), 14);
        } else if (!in.readBit()) {
          dod = signExtend(in.readBits(17), 17);
        } else if (!in.readBit()) {
          dod = signExtend(in.readBits(20), 20);
        } else {
          dod = in.readBits(64);
        }
        tDelta += dod;
        t += tDelta;
        readValue();
      }
      read++;
      return ValueType.FLOAT;
    }

    private void readValue() {
      if (!in.readBit()) {
        return; // same value
      }
      if (in.readBit()) {
        leading = (int) in.readBits(5);
        int sig = (int) in.readBits(6);
        if (sig == 0) {
          sig = 64;
        }
        trailing = 64 - leading - sig;
      }
      int sig = 64 - leading - trailing;
      long x = in.readBits(sig) << trailing;
      v = Double.longBitsToDouble(Double.doubleToRawLongBits(v) ^ x);
    }

    @Override
    public ValueType seek(long ts) {
      if (read > 0 && t >= ts) {
        return ValueType.FLOAT;
      }
      ValueType vt;
      while ((vt = next()) != ValueType.NONE) {
        if (t >= ts) {
          return vt;
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
      return v;
    }
  }
}
