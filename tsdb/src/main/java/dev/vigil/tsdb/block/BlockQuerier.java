package dev.vigil.tsdb.block;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * A querier over one block for the closed range [mint, maxt]. Series come out sorted by labels
 * whatever the caller asks, because series ids follow label order. Holds a reference on the
 * block until closed. Not thread-safe (one per thread), as {@link Querier} says; but the series a
 * series set returned stay valid after it moves on, and their {@link Series#iterator() iterators}
 * share only the immutable, thread-safe {@link ChunkReader}, so different series may be read on
 * different threads at once while the querier is open (the PromQL engine does).
 */
final class BlockQuerier implements Querier {
  private final Block block;
  private final IndexReader index;
  private final ChunkReader chunks;
  private final long mint;
  private final long maxt;
  private boolean closed;

  BlockQuerier(Block block, IndexReader index, ChunkReader chunks, long mint, long maxt) {
    this.block = block;
    this.index = index;
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("querier of block " + block.meta().ulid() + " is closed");
    }
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    checkOpen();
    long from = mint;
    long to = maxt;
    if (hints != null) {
      from = Math.max(from, hints.start());
      to = Math.min(to, hints.end());
    }
    if (from > to || !block.meta().overlaps(from, to)) {
      return SeriesSet.EMPTY;
    }
    MutableRoaringBitmap ids = PostingsSelector.select(index, matchers);
    return new Set(ids.getIntIterator(), from, to);
  }

  private final class Set implements SeriesSet {
    private final PeekableIntIterator ids;
    private final long from;
    private final long to;
    private Series at;

    Set(PeekableIntIterator ids, long from, long to) {
      this.ids = ids;
      this.from = from;
      this.to = to;
    }

    @Override
    public boolean next() {
      while (ids.hasNext()) {
        IndexReader.SeriesEntry e = index.series(ids.next());
        long[] inRange = chunksWithin(e.chunks(), from, to);
        if (inRange != null) {
          at = new BlockSeries(e.labels(), inRange, from, to);
          return true;
        }
      }
      at = null;
      return false;
    }

    @Override
    public Series at() {
      if (at == null) {
        throw new IllegalStateException("no current series");
      }
      return at;
    }
  }

  /** The chunk triples overlapping [from, to] if the series has a sample there, else null. */
  private long[] chunksWithin(long[] all, long from, long to) {
    int first = -1;
    int last = -1;
    boolean certain = false;
    for (int c = 0; c < all.length / 3; c++) {
      long cmin = all[3 * c];
      long cmax = all[3 * c + 1];
      if (cmin <= to && cmax >= from) {
        if (first < 0) {
          first = c;
        }
        last = c;
        // A chunk's first and last samples sit at its minT and maxT.
        certain |= cmin >= from || cmax <= to;
      }
    }
    if (first < 0) {
      return null;
    }
    long[] out = first == 0 && last == all.length / 3 - 1
        ? all : Arrays.copyOfRange(all, 3 * first, 3 * last + 3);
    if (!certain) {
      // One chunk straddles the whole range: look inside it for a sample.
      SampleIterator it = new BlockSeriesIterator(chunks, out, from, to);
      if (it.next() == ValueType.NONE) {
        return null;
      }
    }
    return out;
  }

  private final class BlockSeries implements Series {
    private final Labels labels;
    private final long[] chunkMetas;
    private final long from;
    private final long to;

    BlockSeries(Labels labels, long[] chunkMetas, long from, long to) {
      this.labels = labels;
      this.chunkMetas = chunkMetas;
      this.from = from;
      this.to = to;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator() {
      return new BlockSeriesIterator(chunks, chunkMetas, from, to);
    }
  }

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    checkOpen();
    if (matchers.isEmpty()) {
      return index.labelNames();
    }
    MutableRoaringBitmap ids = PostingsSelector.select(index, matchers);
    List<String> out = new ArrayList<>();
    for (String name : index.labelNames()) {
      int n = index.nameIndex(name);
      for (int v = 0; v < index.valueCount(n); v++) {
        if (ImmutableRoaringBitmap.intersects(index.postings(n, v), ids)) {
          out.add(name);
          break;
        }
      }
    }
    return out;
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    checkOpen();
    int n = index.nameIndex(name);
    if (n < 0) {
      return List.of();
    }
    MutableRoaringBitmap ids = matchers.isEmpty() ? null : PostingsSelector.select(index, matchers);
    TreeSet<String> out = new TreeSet<>();
    for (int v = 0; v < index.valueCount(n); v++) {
      if (ids == null || ImmutableRoaringBitmap.intersects(index.postings(n, v), ids)) {
        out.add(index.value(n, v));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      block.release();
    }
  }
}
