package dev.vigil.tsdb.head;

import dev.vigil.model.IndexMatchers;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads the head over [mint, maxt], never below the head's truncation time. Matching series are
 * chosen at select time; each is copied out under its lock when the series set reaches it (a
 * per-series snapshot), so iterating its samples needs no locks. A select with no matchers
 * returns every series (what cutting a block needs) and reads their memory-mapped chunks with
 * positional reads ({@link PositionalChunkReader}: no page faults, no growth of the resident
 * set), released when the set is exhausted or the querier closed. Not thread-safe.
 */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;

  private PositionalChunkReader reader; // of the selects without matchers

  HeadQuerier(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = Math.max(mint, head.minValidTime);
    this.maxt = maxt;
  }

  private record HeadSeries(Labels labels, SeriesSnapshot snapshot) implements Series {
    @Override
    public SampleIterator iterator() {
      return snapshot.iterator();
    }
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    if (mint > maxt) {
      return SeriesSet.EMPTY;
    }
    RoaringBitmap ids = head.index.select(IndexMatchers.of(matchers));
    List<MemSeries> candidates = new ArrayList<>(Math.min(ids.getCardinality(), 1 << 16));
    IntIterator it = ids.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.series.byId(it.next());
      if (s == null) {
        continue;
      }
      synchronized (s) {
        if (s.maxTime() < mint || s.minTime() > maxt) {
          continue;
        }
      }
      candidates.add(s);
    }
    if (candidates.isEmpty()) {
      return SeriesSet.EMPTY;
    }
    if (sorted) {
      candidates.sort(Comparator.comparing(s -> s.labels));
    }
    if (matchers.isEmpty()) {
      if (reader == null) {
        reader = new PositionalChunkReader(head.chunkFiles);
      }
      return new LazySeriesSet(candidates, reader);
    }
    return new LazySeriesSet(candidates, null);
  }

  /**
   * Copies each series out of the head only when the caller reaches it, so that reading every
   * series (cutting a block) never holds more than one series' chunks on the heap; series whose
   * samples all lie outside the range are skipped.
   */
  private final class LazySeriesSet implements SeriesSet {
    private final List<MemSeries> list;
    private final PositionalChunkReader reader; // null: read through the mappings
    private int i;
    private HeadSeries current;

    LazySeriesSet(List<MemSeries> list, PositionalChunkReader reader) {
      this.list = list;
      this.reader = reader;
    }

    @Override
    public boolean next() {
      while (i < list.size()) {
        MemSeries s = list.get(i++);
        SeriesSnapshot snap;
        synchronized (s) {
          snap = s.snapshot(mint, maxt, head.chunkFiles, reader);
        }
        if (snap.hasSamples()) {
          current = new HeadSeries(s.labels, snap);
          return true;
        }
      }
      current = null;
      if (reader != null) {
        reader.close();
      }
      return false;
    }

    @Override
    public Series at() {
      if (current == null) {
        throw new IllegalStateException("no current series");
      }
      return current;
    }
  }

  // ids of series with data in range among the matching ones; null means all series
  private RoaringBitmap candidates(List<Matcher> matchers) {
    RoaringBitmap ids = matchers.isEmpty() ? null : head.index.select(IndexMatchers.of(matchers));
    boolean coversHead = mint <= head.minTime() && maxt >= head.maxTime();
    if (coversHead) {
      return ids;
    }
    if (mint > maxt) {
      return new RoaringBitmap();
    }
    RoaringBitmap all = ids == null ? head.index.all() : ids;
    RoaringBitmap keep = new RoaringBitmap();
    IntIterator it = all.getIntIterator();
    while (it.hasNext()) {
      int id = it.next();
      MemSeries s = head.series.byId(id);
      if (s == null) {
        continue;
      }
      synchronized (s) {
        if (s.maxTime() >= mint && s.minTime() <= maxt) {
          keep.add(id);
        }
      }
    }
    return keep;
  }

  // below this many candidate series, reading their labels beats probing every posting list
  private static final int SMALL_SET = 4096;

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    RoaringBitmap ids = candidates(matchers);
    if (ids == null || ids.getCardinality() > SMALL_SET) {
      return head.index.labelNames(ids);
    }
    TreeSet<String> out = new TreeSet<>();
    forEachSeries(ids, l -> {
      for (int i = 0; i < l.size(); i++) {
        out.add(l.name(i));
      }
    });
    return List.copyOf(out);
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    RoaringBitmap ids = candidates(matchers);
    if (ids == null || ids.getCardinality() > SMALL_SET) {
      return head.index.labelValues(name, ids);
    }
    TreeSet<String> out = new TreeSet<>();
    forEachSeries(ids, l -> {
      String v = l.get(name);
      if (!v.isEmpty()) {
        out.add(v);
      }
    });
    return List.copyOf(out);
  }

  private void forEachSeries(RoaringBitmap ids, Consumer<Labels> action) {
    IntIterator it = ids.getIntIterator();
    while (it.hasNext()) {
      MemSeries s = head.series.byId(it.next());
      if (s != null) {
        action.accept(s.labels);
      }
    }
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
