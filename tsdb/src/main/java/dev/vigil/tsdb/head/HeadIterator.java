package dev.vigil.tsdb.head;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.chunk.XorChunk;

/**
 * Merges a snapshot's in-order chunks with its out-of-order samples, limited to [mint, maxt].
 * When both hold a timestamp the in-order sample wins. Not thread-safe.
 */
final class HeadIterator implements SampleIterator {
  private final SeriesSnapshot s;
  private int chunk = -1;
  private SampleIterator in;
  private boolean inValid;
  private long inT;
  private double inV;
  private boolean started;
  private int ooo;
  private long t;
  private double v;
  private boolean exhausted;
  private boolean hasCurrent;

  HeadIterator(SeriesSnapshot s) {
    this.s = s;
  }

  // moves the in-order cursor to the next sample >= max(mint, from), or invalidates it
  private void advanceIn(long from) {
    long lo = Math.max(s.mint(), from);
    while (true) {
      if (in == null) {
        chunk++;
        while (chunk < s.chunkCount() && s.chunkMaxt()[chunk] < lo) {
          chunk++; // the whole chunk is before what we need
        }
        if (chunk >= s.chunkCount()) {
          inValid = false;
          return;
        }
        in = XorChunk.iterator(s.chunks()[chunk]);
      }
      if (in.seek(lo) == ValueType.NONE) {
        in = null;
        continue;
      }
      if (in.atT() > s.maxt()) {
        inValid = false;
        chunk = s.chunkCount();
        return;
      }
      inValid = true;
      inT = in.atT();
      inV = in.atV();
      return;
    }
  }

  @Override
  public ValueType next() {
    ValueType vt = step();
    hasCurrent = vt != ValueType.NONE;
    return vt;
  }

  private ValueType step() {
    if (exhausted) {
      return ValueType.NONE;
    }
    if (!started) {
      started = true;
      advanceIn(Long.MIN_VALUE);
    }
    boolean haveOoo = ooo < s.oooCount();
    if (inValid && (!haveOoo || inT <= s.oooT()[ooo])) {
      t = inT;
      v = inV;
      if (haveOoo && s.oooT()[ooo] == inT) {
        ooo++;
      }
      advanceIn(inT + 1);
      return ValueType.FLOAT;
    }
    if (haveOoo) {
      t = s.oooT()[ooo];
      v = s.oooV()[ooo];
      ooo++;
      return ValueType.FLOAT;
    }
    exhausted = true;
    return ValueType.NONE;
  }

  @Override
  public ValueType seek(long target) {
    if (hasCurrent && t >= target) {
      return ValueType.FLOAT;
    }
    if (exhausted) {
      return ValueType.NONE;
    }
    if (!started) {
      started = true;
      advanceIn(target);
    } else if (inValid && inT < target) {
      advanceIn(target);
    }
    while (ooo < s.oooCount() && s.oooT()[ooo] < target) {
      ooo++;
    }
    return next();
  }

  /**
   * Bulk read: copies the in-order chunks' samples through their decoders up to the next
   * out-of-order sample (which, like an equal timestamp, the following {@link #next()} handles).
   */
  @Override
  public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (!hasCurrent || max <= 0 || t > maxT) {
      return 0;
    }
    ts[off] = t;
    vs[off] = v;
    int n = 1;
    long limit = Math.min(maxT, s.maxt());
    if (ooo < s.oooCount()) {
      limit = Math.min(limit, s.oooT()[ooo] - 1);
    }
    while (n < max && inValid && inT <= limit) {
      // the in-order cursor sits on inT, the sample after the current one
      n += in.readFloats(limit, ts, vs, off + n, max - n);
      t = ts[off + n - 1];
      v = vs[off + n - 1];
      advanceIn(t + 1);
    }
    return n;
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
