package dev.vigil.tsdb.chunk;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.util.Arrays;

/**
 * Iterates a {@link ValueChunk} against its decoded timestamps. Seeking is a binary search over
 * the timestamps followed by one jump of the value state, so an instant query never steps through
 * the samples before its window one at a time; {@link #readFloats} copies the timestamps and fills
 * the values in one loop per coding.
 *
 * <p>One final class for every coding, dispatching with a switch on the coding to final value
 * readers: a query's per-sample calls then see a single receiver class and get inlined, where a
 * subclass per coding measured twice as slow per sample (megamorphic calls). Not thread-safe.
 */
final class ColumnIterator implements SampleIterator {
  private final long[] ts;
  private final int n;
  private final int coding;
  private final double constant;
  private final DecimalValues.Reader decimal;
  private final XorValues.Reader xor;
  private int i = -1; // current sample; n once exhausted

  private ColumnIterator(long[] ts, int coding, double constant, DecimalValues.Reader decimal,
      XorValues.Reader xor) {
    this.ts = ts;
    this.n = ts.length;
    this.coding = coding;
    this.constant = constant;
    this.decimal = decimal;
    this.xor = xor;
  }

  static ColumnIterator constant(long[] ts, double v) {
    return new ColumnIterator(ts, ValueChunk.CONSTANT, v, null, null);
  }

  static ColumnIterator decimal(long[] ts, DecimalValues.Reader r) {
    return new ColumnIterator(ts, ValueChunk.DECIMAL, 0, r, null);
  }

  static ColumnIterator xor(long[] ts, XorValues.Reader r) {
    return new ColumnIterator(ts, ValueChunk.XOR, 0, null, r);
  }

  /** Moves the value state to sample k (i &lt; k &lt; n) and sets i = k. */
  private void advance(int k) {
    if (coding == ValueChunk.DECIMAL) {
      decimal.advance(i, k);
    } else if (coding == ValueChunk.XOR) {
      xor.advance(i, k);
    }
    i = k;
  }

  private double value() {
    return coding == ValueChunk.DECIMAL ? decimal.value(i)
        : coding == ValueChunk.XOR ? xor.value() : constant;
  }

  @Override
  public ValueType next() {
    if (i + 1 >= n) {
      i = n;
      return ValueType.NONE;
    }
    advance(i + 1);
    return ValueType.FLOAT;
  }

  @Override
  public ValueType seek(long t) {
    if (i >= n) {
      return ValueType.NONE;
    }
    if (i >= 0 && ts[i] >= t) {
      return ValueType.FLOAT;
    }
    int from = Math.max(i, 0);
    int k = Arrays.binarySearch(ts, from, n, t);
    if (k < 0) {
      k = -k - 1;
    }
    if (k >= n) {
      i = n;
      return ValueType.NONE;
    }
    if (k > i) {
      advance(k);
    }
    return ValueType.FLOAT;
  }

  @Override
  public long atT() {
    return ts[i];
  }

  @Override
  public double atV() {
    return value();
  }

  @Override
  public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (max <= 0 || i < 0 || i >= n || this.ts[i] > maxT) {
      return 0;
    }
    int end = (int) Math.min(n, (long) i + max); // exclusive
    if (this.ts[end - 1] > maxT) {
      int k = Arrays.binarySearch(this.ts, i, end, maxT);
      end = k >= 0 ? k + 1 : -k - 1;
    }
    int c = end - i;
    System.arraycopy(this.ts, i, ts, off, c);
    switch (coding) {
      case ValueChunk.DECIMAL -> decimal.fill(i, vs, off, c);
      case ValueChunk.XOR -> {
        vs[off] = xor.value();
        for (int j = 1; j < c; j++) {
          xor.advance(i + j - 1, i + j);
          vs[off + j] = xor.value();
        }
      }
      default -> Arrays.fill(vs, off, off + c, constant);
    }
    i = end - 1;
    return c;
  }
}
