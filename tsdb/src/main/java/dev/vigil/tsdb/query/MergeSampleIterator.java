package dev.vigil.tsdb.query;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.util.List;

/**
 * Merges the sample iterators of one series held by several stores into one time-ordered
 * iterator. When several inputs hold a sample at the same timestamp, the input listed first wins
 * and the others are skipped, so the output has strictly increasing timestamps.
 *
 * <p>Each step scans the inputs linearly: the number of inputs is the number of overlapping
 * stores (head plus a few blocks), where a scan beats a heap. No allocation per sample. Not
 * thread-safe.
 */
public final class MergeSampleIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final ValueType[] state; // null: not started; NONE: exhausted
  private int cur = -1; // index of the input positioned at the current sample
  private long t;
  private long bound; // the smallest position of the inputs other than cur (MAX_VALUE if none)
  private boolean done;

  public MergeSampleIterator(List<SampleIterator> inputs) {
    its = inputs.toArray(SampleIterator[]::new);
    state = new ValueType[its.length];
  }

  @Override
  public ValueType next() {
    if (done) {
      return ValueType.NONE;
    }
    if (cur >= 0 && bound > t) {
      // Fast path: no other input is at t, so only the current one moves; while it stays below
      // every other input's position it is the merge (blocks do not overlap, so that is nearly
      // every sample of a series spread over several blocks).
      ValueType vt = its[cur].next();
      state[cur] = vt;
      if (vt != ValueType.NONE) {
        long nt = its[cur].atT();
        if (nt < bound) {
          t = nt;
          return vt;
        }
      }
      return pick();
    }
    for (int i = 0; i < its.length; i++) {
      if (state[i] == null) {
        state[i] = its[i].next();
      } else if (cur >= 0 && state[i] != ValueType.NONE && its[i].atT() == t) {
        state[i] = its[i].next();
      }
    }
    return pick();
  }

  @Override
  public ValueType seek(long ts) {
    if (done) {
      return ValueType.NONE;
    }
    if (cur >= 0 && t >= ts) {
      return state[cur];
    }
    for (int i = 0; i < its.length; i++) {
      if (state[i] == null || (state[i] != ValueType.NONE && its[i].atT() < ts)) {
        state[i] = its[i].seek(ts);
      }
    }
    return pick();
  }

  private ValueType pick() {
    cur = -1;
    bound = Long.MAX_VALUE;
    for (int i = 0; i < its.length; i++) {
      if (state[i] == ValueType.NONE) {
        continue;
      }
      long it = its[i].atT();
      if (cur < 0 || it < t) {
        if (cur >= 0) {
          bound = t;
        }
        cur = i;
        t = it;
      } else if (it < bound) {
        bound = it;
      }
    }
    if (cur < 0) {
      done = true;
      return ValueType.NONE;
    }
    return state[cur];
  }

  /**
   * Bulk read from the input holding the current sample, up to just before the next position of
   * any other input (with one input: all of it); equal timestamps are left to {@link #next()}.
   */
  @Override
  public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (cur < 0 || max <= 0 || t > maxT) {
      return 0;
    }
    SampleIterator in = its[cur];
    long limit = bound == Long.MAX_VALUE ? maxT : Math.min(maxT, bound - 1);
    int n;
    if (limit < t) {
      ts[off] = t;
      vs[off] = in.atV();
      n = 1;
    } else {
      n = in.readFloats(limit, ts, vs, off, max);
    }
    if (n > 0) {
      t = ts[off + n - 1];
    }
    return n;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atV() {
    return its[cur].atV();
  }
}
