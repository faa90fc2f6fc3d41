package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteWriter;

/**
 * Encodes the chunks of a persisted block, {@link ValueChunk} payloads and {@link
 * TimestampColumn}s, into buffers it keeps: a block of 20,000 series encodes as many chunks, and
 * arrays allocated per chunk (integer sequences, packed runs, growing byte buffers) made writing
 * one allocate ~200 MB. The bytes are exactly those of {@link ValueChunk#encode} and {@link
 * TimestampColumn#encode}.
 *
 * <p>Each encoding overwrites the previous one of its kind: the result is valid until the next
 * call of the same method. Not thread-safe: one per writer.
 */
public final class ChunkEncoder {
  private final IntPacker packer = new IntPacker();
  private final BitBuffer bits = new BitBuffer();
  private final DecimalValues.Writer decimal = new DecimalValues.Writer(packer);
  private final TimestampColumn.Writer column = new TimestampColumn.Writer(packer);
  private final ByteWriter decimalOut = new ByteWriter(1024);
  private final ByteWriter xorOut = new ByteWriter(1024);
  private final ByteWriter columnOut = new ByteWriter(256);
  private ByteWriter values = decimalOut;

  /**
   * Encodes vs[0, n) as a value chunk payload (everything after the timestamp column distance).
   *
   * @return the payload's length; its bytes are {@link #values()}[0, length)
   */
  public int encodeValues(double[] vs, int n) {
    if (n < 1 || n > PackedChunk.MAX_SAMPLES) {
      throw new IllegalArgumentException("cannot encode " + n + " values");
    }
    ByteWriter out = decimalOut.reset();
    values = out;
    out.putUvarint(n);
    long first = Double.doubleToRawLongBits(vs[0]);
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = Double.doubleToRawLongBits(vs[i]) == first;
    }
    if (constant) {
      out.putByte(ValueChunk.CONSTANT).putLong(first);
      return out.length();
    }
    int at = out.length();
    out.putByte(ValueChunk.DECIMAL);
    boolean isDecimal = decimal.write(out, vs, n);
    if (isDecimal && out.length() - at <= n / 2) {
      return out.length(); // a few bits per value: a binary coding will not beat it
    }
    // Values that are not short decimals, or decimals with many digits: the smallest of the
    // binary codings (and the decimal one when it applies) wins.
    ByteWriter xor = xorOut.reset();
    xor.putUvarint(n).putByte(ValueChunk.XOR);
    XorValues.write(xor, vs, n, bits);
    if (!isDecimal || xor.length() < out.length()) {
      values = xor;
    }
    return values.length();
  }

  /** The bytes of the last {@link #encodeValues} (more than its length may be there). */
  public byte[] values() {
    return values.array();
  }

  /**
   * Encodes ts[0, n), strictly increasing, n &gt;= 1, as a timestamp column.
   *
   * @return the column's length; its bytes are {@link #timestamps()}[0, length)
   */
  public int encodeTimestamps(long[] ts, int n) {
    column.write(columnOut.reset(), ts, n);
    return columnOut.length();
  }

  /** The bytes of the last {@link #encodeTimestamps} (more than its length may be there). */
  public byte[] timestamps() {
    return columnOut.array();
  }
}
