package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;

/**
 * The values of a chunk whose timestamps live in a separate, shared {@link TimestampColumn}
 * (chunk encoding 4; docs/format/value-chunk.md). Every series scraped from one target carries
 * the same timestamps, so a block stores them once per target and chunk window instead of once
 * per series: on node_exporter data that was two thirds of the bytes.
 *
 * <p>The values take the cheapest of three codings: <b>constant</b> (one raw double), <b>decimal</b>
 * (scaled to integers like {@link PackedChunk}, residuals packed with a frame-of-reference base,
 * or sparsely when most are zero, whichever is smaller) and <b>xor</b> (Gorilla's XOR of
 * consecutive doubles, for values that are not short decimals, or decimals so long that XOR is
 * smaller). All three are lossless bit for bit, NaN payloads and -0.0 included.
 *
 * <p>The chunk record's data starts with the distance back to its timestamp column, which the
 * block writer knows only when it places the record: {@link #encode} returns the rest (the
 * payload) and {@link #iterator} reads a payload starting at an offset. Stateless; thread-safe.
 */
public final class ValueChunk {
  public static final byte ENCODING = 4;

  static final int CONSTANT = 0;
  static final int DECIMAL = 1;
  static final int XOR = 2;

  private ValueChunk() {}

  /** Encodes vs[0, n) as a payload (everything after the timestamp column distance). */
  public static byte[] encode(double[] vs, int n) {
    ChunkEncoder e = new ChunkEncoder();
    int length = e.encodeValues(vs, n);
    return java.util.Arrays.copyOf(e.values(), length);
  }

  /** The number of samples a payload at {@code from} holds (its first field). */
  public static int count(byte[] data, int from) {
    ByteReader in = new ByteReader(data, from, data.length - from);
    return in.getUvarintInt();
  }

  /**
   * Iterates the payload at data[from..] against its decoded timestamps.
   *
   * @throws DecodeException when the payload is malformed or its count differs from ts.length
   */
  public static SampleIterator iterator(byte[] data, int from, long[] ts) {
    ByteReader in = new ByteReader(data, from, data.length - from);
    int n = in.getUvarintInt();
    if (n != ts.length) {
      throw new DecodeException("value chunk holds " + n + " samples, its timestamp column "
          + ts.length);
    }
    int coding = in.getByte();
    return switch (coding) {
      case CONSTANT -> {
        double v = Double.longBitsToDouble(in.getLong());
        if (in.hasRemaining()) {
          throw new DecodeException("constant value chunk has " + in.remaining()
              + " trailing bytes");
        }
        yield ColumnIterator.constant(ts, v);
      }
      case DECIMAL -> ColumnIterator.decimal(ts, new DecimalValues.Reader(n, in));
      case XOR -> ColumnIterator.xor(ts, new XorValues.Reader(in));
      default -> throw new DecodeException("value chunk coding " + coding + " unknown");
    };
  }
}
