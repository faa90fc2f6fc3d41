package dev.vigil.tsdb.block;

import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;

/**
 * Iterates the samples of one block series within [mint, maxt] across its chunks, decoding a
 * chunk only when reached (seeks skip whole chunks by their time range). Allocates per chunk,
 * never per sample. Not thread-safe.
 */
final class BlockSeriesIterator implements SampleIterator {
  private final ChunkReader reader;
  private final long[] chunks; // (minT, maxT, ref) triples, increasing in time
  private final long mint;
  private final long maxt;
  private SampleIterator cur;
  private long curMaxT;
  private int next; // index of the next chunk to open
  private boolean positioned;
  private boolean done;
  private long t;
  private double v;
  /** A sample the bulk read decoded past its bound: the chunk iterator is positioned on it. */
  private boolean held;
  private long heldT;
  private double heldV;

  BlockSeriesIterator(ChunkReader reader, long[] chunks, long mint, long maxt) {
    this.reader = reader;
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  private void open(int i) {
    cur = reader.iterator(chunks[3 * i + 2]);
    curMaxT = chunks[3 * i + 1];
  }

  @Override
  public ValueType next() {
    if (held) {
      return releaseHeld();
    }
    try {
      return advance();
    } catch (DecodeException e) {
      throw reader.undecodable(chunks[3 * (next - 1) + 2], e.getMessage());
    }
  }

  @Override
  public ValueType seek(long ts) {
    try {
      return seekTo(ts);
    } catch (DecodeException e) {
      throw reader.undecodable(chunks[3 * (next - 1) + 2], e.getMessage());
    }
  }

  private ValueType advance() {
    if (done) {
      return ValueType.NONE;
    }
    while (true) {
      ValueType vt;
      if (cur == null) {
        if (next >= chunks.length / 3) {
          return finish();
        }
        open(next++);
        vt = cur.seek(mint);
      } else {
        vt = cur.next();
      }
      if (vt == ValueType.NONE) {
        cur = null;
        continue;
      }
      return position(vt);
    }
  }

  private ValueType seekTo(long ts) {
    if (done) {
      return ValueType.NONE;
    }
    if (positioned && t >= ts) {
      return ValueType.FLOAT;
    }
    long target = Math.max(ts, mint);
    if (held) {
      if (heldT >= target) {
        return releaseHeld();
      }
      held = false; // the chunk iterator sits on it and seeks on from there
    }
    if (cur != null && curMaxT < target) {
      cur = null;
    }
    while (true) {
      if (cur == null) {
        while (next < chunks.length / 3 && chunks[3 * next + 1] < target) {
          next++;
        }
        if (next >= chunks.length / 3) {
          return finish();
        }
        open(next++);
      }
      ValueType vt = cur.seek(target);
      if (vt == ValueType.NONE) {
        cur = null;
        continue;
      }
      return position(vt);
    }
  }

  /**
   * Bulk read within the current chunk, bounded by the query's maxt; the next chunk is opened by
   * the following {@link #next()}. A chunk decoder with its own bulk read copies the samples;
   * for one without, this loop calls it directly, so that the layers above pay one call per
   * chunk rather than per sample. That loop can decode one sample past the bound, which it holds
   * back for the following {@code next()} or {@code seek()}.
   */
  @Override
  public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (!positioned || done || max <= 0 || t > maxT) {
      return 0;
    }
    long limit = Math.min(maxT, maxt);
    try {
      if (cur != null && !held && BULK.get(cur.getClass())) {
        int n = cur.readFloats(limit, ts, vs, off, max);
        if (n > 0) {
          t = ts[off + n - 1];
          v = vs[off + n - 1];
        }
        return n;
      }
      ts[off] = t;
      vs[off] = v;
      int n = 1;
      if (held) {
        if (n >= max || heldT > limit) {
          return n;
        }
        held = false;
        t = heldT;
        v = heldV;
        ts[off + n] = t;
        vs[off + n] = v;
        n++;
      }
      while (n < max && cur != null) {
        if (cur.next() == ValueType.NONE) {
          cur = null; // the following next() opens the next chunk
          break;
        }
        long nt = cur.atT();
        double nv = cur.atV();
        if (nt > limit) {
          held = true;
          heldT = nt;
          heldV = nv;
          break;
        }
        t = nt;
        v = nv;
        ts[off + n] = nt;
        vs[off + n] = nv;
        n++;
      }
      return n;
    } catch (DecodeException e) {
      throw reader.undecodable(chunks[3 * (next - 1) + 2], e.getMessage());
    }
  }

  private ValueType releaseHeld() {
    held = false;
    if (heldT > maxt) {
      return finish();
    }
    t = heldT;
    v = heldV;
    return ValueType.FLOAT;
  }

  /** Whether a chunk iterator class has a bulk read of its own (not the one-sample default). */
  private static final ClassValue<Boolean> BULK = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("readFloats", long.class, long[].class, double[].class, int.class,
            int.class).getDeclaringClass() != SampleIterator.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  };

  private ValueType position(ValueType vt) {
    if (cur.atT() > maxt) {
      return finish();
    }
    t = cur.atT();
    v = cur.atV();
    positioned = true;
    return vt;
  }

  private ValueType finish() {
    done = true;
    cur = null;
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
