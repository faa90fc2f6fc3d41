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

  /** Bulk read within the current chunk (value chunks copy in one loop), bounded by maxt. */
  @Override
  public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
    if (done || cur == null || !positioned) {
      return SampleIterator.super.readFloats(maxT, ts, vs, off, max);
    }
    int c;
    try {
      c = cur.readFloats(Math.min(maxT, maxt), ts, vs, off, max);
    } catch (DecodeException e) {
      throw reader.undecodable(chunks[3 * (next - 1) + 2], e.getMessage());
    }
    if (c > 0) {
      t = ts[off + c - 1];
      v = vs[off + c - 1];
    }
    return c;
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
