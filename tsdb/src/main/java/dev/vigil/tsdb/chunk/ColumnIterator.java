package dev.vigil.tsdb.chunk;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.util.Arrays;

/**
 * Iterates a {@link ValueChunk} against its decoded timestamps. Seeking is a binary search over
 * the timestamps followed by one jump of the value state ({@link #advance}), so an instant query
 * never steps through the samples before its window one at a time. Not thread-safe.
 */
abstract class ColumnIterator implements SampleIterator {
  final long[] ts;
  final int n;
  int i = -1; // current sample; n once exhausted

  ColumnIterator(long[] ts) {
    this.ts = ts;
    this.n = ts.length;
  }

  /** Moves the value state to sample k (i &lt; k &lt; n) and sets i = k. */
  abstract void advance(int k);

  /** The current sample's value. */
  abstract double value();

  /**
   * Writes the values of samples i .. i+c-1 to vs[off..off+c) and leaves the iterator on sample
   * i+c-1 (c &gt;= 1, i+c &lt;= n). The default steps; codings override it with tighter loops.
   */
  void fill(double[] vs, int off, int c) {
    vs[off] = value();
    for (int j = 1; j < c; j++) {
      advance(i + 1);
      vs[off + j] = value();
    }
  }

  @Override
  public final int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
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
    fill(vs, off, c);
    return c;
  }

  @Override
  public final ValueType next() {
    if (i + 1 >= n) {
      i = n;
      return ValueType.NONE;
    }
    advance(i + 1);
    return ValueType.FLOAT;
  }

  @Override
  public final ValueType seek(long t) {
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
  public final long atT() {
    return ts[i];
  }

  @Override
  public final double atV() {
    return value();
  }

  /** Every value the same double (bit for bit). */
  static final class Constant extends ColumnIterator {
    private final double v;

    Constant(long[] ts, double v) {
      super(ts);
      this.v = v;
    }

    @Override
    void advance(int k) {
      i = k;
    }

    @Override
    double value() {
      return v;
    }

    @Override
    void fill(double[] vs, int off, int c) {
      Arrays.fill(vs, off, off + c, v);
      i += c - 1;
    }
  }
}
