package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.ValueType;

/**
 * The float samples of one series that the current range window (and the samples a modifier
 * needs around it) can still see, in time order. Windows only move forward, so samples are pulled
 * from the iterator as the window's end advances and dropped once the window's start has passed
 * them: memory is bounded by the largest window, not by the series. The arrays are reused from
 * series to series. Stale markers (float or histogram) are skipped, as range selectors never
 * return them. When asked to, it keeps the samples' start timestamps too ({@link #st}). Not
 * thread-safe.
 */
final class SampleBuffer {
  long[] t = new long[256];
  double[] f = new double[256];
  /** Null while the current series has shown no histogram sample; else parallel to t. */
  FloatHistogram[] h;
  /**
   * Start timestamps parallel to t ({@link SampleIterator#NO_START_TIMESTAMP} where none); null
   * while the current series has shown none, or when the buffer does not read them.
   */
  long[] st;
  int size;

  private final long maxSamples;
  private final boolean startTimestamps;
  private long pendingSt;
  private SampleIterator it;
  private ValueType pending = ValueType.NONE;
  private long pendingT;
  private double pendingF;
  private FloatHistogram pendingH;
  private long loaded;
  /** Float samples up to this time may be read ahead of the window, in bulk, into free room. */
  private long horizon;

  /**
   * @param maxSamples the query's sample limit; the buffer also never grows past a quarter of the
   *     heap (16 bytes a sample), so one huge window fails cleanly instead of exhausting memory
   */
  SampleBuffer(long maxSamples) {
    this(maxSamples, false);
  }

  /** @param startTimestamps whether to keep the samples' start timestamps in {@link #st} */
  SampleBuffer(long maxSamples, boolean startTimestamps) {
    this.maxSamples = Math.min(maxSamples, Runtime.getRuntime().maxMemory() / 4 / 16);
    this.startTimestamps = startTimestamps;
  }

  /** Starts on a new series, skipping its samples at or before {@code afterExclusive}. */
  void reset(SampleIterator iterator, long afterExclusive) {
    reset(iterator, afterExclusive, Long.MIN_VALUE);
  }

  /**
   * Starts on a new series, skipping its samples at or before {@code afterExclusive}; float
   * samples up to {@code horizon} may be loaded before {@link #loadUpTo} asks for them (as many as
   * the arrays have room for), so that runs of floats are copied by the store's bulk reader.
   */
  void reset(SampleIterator iterator, long afterExclusive, long horizon) {
    this.horizon = horizon;
    it = iterator;
    size = 0;
    loaded = 0;
    h = null;
    st = null;
    pending = afterExclusive == Long.MIN_VALUE ? it.next() : it.seek(afterExclusive + 1);
    readPending();
  }

  /** Samples pulled from the iterator since {@link #reset} (for statistics). */
  long loaded() {
    return loaded;
  }

  /** Pulls every sample with a timestamp at or before {@code upTo}. */
  void loadUpTo(long upTo) {
    load(Long.MIN_VALUE, upTo);
  }

  /**
   * Skips, without loading them, the samples not yet pulled that are at or before {@code
   * skipUpTo} (as {@link #skipTo}), then pulls every sample at or before {@code upTo}.
   *
   * <p>Why one method: the step loops call it, and the JIT inlines what a loop calls when it is
   * small. Seeking and bulk reading reach into the store's iterators (a different receiver type
   * for one block, several blocks, the head or a subquery), and inlined into a step loop they
   * made that loop a large compilation, redone each time a query brought a new iterator type
   * (seconds of compiler time on a small machine). Kept in one method past the JIT's inlining
   * size, they compile once on their own and the loops stay small and stable.
   */
  void load(long skipUpTo, long upTo) {
    if (pending != ValueType.NONE && pendingT <= skipUpTo) {
      pending = it.seek(skipUpTo + 1);
      readPending();
    }
    while (pending != ValueType.NONE && pendingT <= upTo) {
      if (pending == ValueType.FLOAT && !startTimestamps) {
        if (size == t.length) {
          grow();
        }
        int k = it.readFloats(Math.max(upTo, horizon), t, f, size, t.length - size);
        size += withoutStaleMarkers(size, k);
        pending = it.next();
        readPending();
        continue;
      }
      boolean hist = pendingH != null;
      if (!Samples.isStaleNaN(hist ? pendingH.sum() : pendingF)) {
        if (size == t.length) {
          grow();
        }
        t[size] = pendingT;
        f[size] = pendingF;
        if (hist && h == null) {
          h = new FloatHistogram[t.length];
        }
        if (h != null) {
          h[size] = pendingH;
        }
        if (pendingSt != SampleIterator.NO_START_TIMESTAMP && st == null) {
          st = new long[t.length];
          // Samples loaded before the first one with a start timestamp have none.
          java.util.Arrays.fill(st, 0, size, SampleIterator.NO_START_TIMESTAMP);
        }
        if (st != null) {
          st[size] = pendingSt;
        }
        size++;
        loaded++;
      }
      pending = it.next();
      readPending();
    }
  }

  /**
   * Drops the staleness markers among the {@code k} floats just copied at {@code from}, keeping
   * the others in order; returns how many remain.
   */
  private int withoutStaleMarkers(int from, int k) {
    int end = from + k;
    int w = from;
    for (int i = from; i < end; i++) {
      if (Double.doubleToRawLongBits(f[i]) == Samples.STALE_NAN_BITS) {
        continue;
      }
      if (w != i) {
        t[w] = t[i];
        f[w] = f[i];
      }
      w++;
    }
    loaded += w - from;
    return w - from;
  }

  /**
   * Skips, without loading them, the samples not yet pulled that are at or before {@code t}
   * (no window will need them): a range query whose step is longer than its range reads only the
   * windows, not the gaps between them.
   */
  void skipTo(long t) {
    if (pending != ValueType.NONE && pendingT <= t) {
      pending = it.seek(t + 1);
      readPending();
    }
  }

  /** Whether a sample at or before {@code upTo} is still to be loaded. */
  /** Points {@code w}'s sample arrays at this buffer's (after a load or a shift replaced them). */
  void exposeTo(dev.vigil.promql.functions.RangeWindow w) {
    w.t = t;
    w.f = f;
    w.h = h;
    w.st = st;
    w.size = size;
  }

  boolean hasPendingUpTo(long upTo) {
    return pending != ValueType.NONE && pendingT <= upTo;
  }

  /** Capacity of the arrays. */
  int capacity() {
    return t.length;
  }

  /** Removes the first {@code n} samples (indices shift down by {@code n}). */
  void shift(int n) {
    System.arraycopy(t, n, t, 0, size - n);
    System.arraycopy(f, n, f, 0, size - n);
    if (h != null) {
      System.arraycopy(h, n, h, 0, size - n);
      java.util.Arrays.fill(h, size - n, size, null);
    }
    if (st != null) {
      System.arraycopy(st, n, st, 0, size - n);
    }
    size -= n;
  }

  private void readPending() {
    if (pending != ValueType.NONE) {
      pendingT = it.atT();
      pendingF = pending == ValueType.FLOAT ? it.atV() : Double.NaN;
      pendingH = pending == ValueType.FLOAT ? null : it.atHistogram();
      pendingSt = startTimestamps ? it.atStartTimestamp() : SampleIterator.NO_START_TIMESTAMP;
    }
  }

  private void grow() {
    if (size >= maxSamples) {
      // A window larger than the whole sample limit can never be evaluated: fail before the
      // arrays outgrow the heap.
      throw new PromqlException(ErrorType.EXECUTION, EvalContext.TOO_MANY_SAMPLES);
    }
    int n = (int) Math.min(Math.max(64, (long) t.length * 2), Math.max(64, maxSamples + 1));
    t = java.util.Arrays.copyOf(t, n);
    f = java.util.Arrays.copyOf(f, n);
    if (h != null) {
      h = java.util.Arrays.copyOf(h, n);
    }
    if (st != null) {
      st = java.util.Arrays.copyOf(st, n);
    }
  }
}
