package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.DecodeException;

/**
 * The values a decimal chunk lists verbatim because they have no decimal form (NaN payloads, the
 * staleness marker, infinities, negative zero): sample indexes in increasing order with their raw
 * IEEE-754 bits. Both decimal encodings (the packed chunk and the value chunk) store them the same
 * way: uvarint count, then per value a uvarint index delta and 8 raw bytes.
 *
 * <p>Holds a cursor for the forward-only reads of one iterator, so one instance serves one
 * iterator. Not thread-safe.
 */
final class SpecialValues {
  private final int[] index;
  private final long[] bits;
  private int cursor;

  private SpecialValues(int[] index, long[] bits) {
    this.index = index;
    this.bits = bits;
  }

  /**
   * Reads the list of a chunk of n samples; null when it is empty. {@code chunk} names the
   * encoding in error messages; {@code strict} also refuses an index listed twice.
   */
  static SpecialValues read(ByteReader in, int n, String chunk, boolean strict) {
    int count = in.getUvarintInt();
    if (count > n) {
      throw new DecodeException(chunk + " has " + count + " specials for " + n + " samples");
    }
    if (count == 0) {
      return null;
    }
    int[] index = new int[count];
    long[] bits = new long[count];
    int idx = 0;
    for (int k = 0; k < count; k++) {
      idx += in.getUvarintInt();
      if (strict && (idx >= n || (k > 0 && idx == index[k - 1]))) {
        throw new DecodeException(chunk + " special index " + idx + " repeated or >= " + n);
      }
      if (idx >= n) {
        throw new DecodeException(chunk + " special index " + idx + " >= " + n);
      }
      index[k] = idx;
      bits[k] = in.getLong();
    }
    return new SpecialValues(index, bits);
  }

  /** The value of sample i: its special value when listed, else {@code decoded}; i never decreases. */
  double valueAt(int i, double decoded) {
    while (cursor < index.length && index[cursor] < i) {
      cursor++;
    }
    if (cursor < index.length && index[cursor] == i) {
      return Double.longBitsToDouble(bits[cursor]);
    }
    return decoded;
  }

  /** Writes the special values of samples start..last into {@code vs} (sample start at off). */
  void overlay(double[] vs, int off, int start, int last) {
    int k = cursor;
    while (k < index.length && index[k] < start) {
      k++;
    }
    for (; k < index.length && index[k] <= last; k++) {
      vs[off + index[k] - start] = Double.longBitsToDouble(bits[k]);
    }
    cursor = Math.max(cursor, k - 1);
  }
}
