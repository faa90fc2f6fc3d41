package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.DecodeException;
import dev.vigil.common.wal.WalCorruptionException;
import dev.vigil.common.wal.WalReader;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.wal.RecordVisitor;
import dev.vigil.tsdb.wal.WalRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the head on open: series records create series (with the chunks the chunk files hold
 * for them), samples are re-applied in log order, skipping in-order samples that a chunk file
 * already holds. Samples logged as out of order are always re-applied, as out of order.
 * Single-threaded, before the head is shared.
 */
final class HeadReplay implements RecordVisitor {
  private static final System.Logger LOG = System.getLogger(HeadReplay.class.getName());

  private final Head head;
  private final Map<Integer, List<long[]>> chunks; // id -> [mint, maxt, ref]
  private final Map<Integer, MemSeries> aliases = new HashMap<>();
  private long unknownRefs;
  private long samples;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  private int maxId;
  // by series id: in-order samples at or before this are in chunk files. Kept here, not in the
  // series, since only replay needs it: 8 bytes less per series.
  private final LongObjectMap<Long> skipBefore = new LongObjectMap<>(16);

  HeadReplay(Head head, Map<Integer, List<long[]>> chunks) {
    this.head = head;
    this.chunks = chunks;
  }

  void run() throws IOException {
    long start = System.nanoTime();
    try (WalReader r = head.wal.replay()) {
      while (r.next()) {
        try {
          WalRecords.decode(r.record(), r.length(), this);
        } catch (DecodeException e) {
          throw new WalCorruptionException(r.file(), r.segment(), r.offset(),
              "cannot decode record: " + e.getMessage());
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    }
    for (int id : chunks.keySet()) {
      maxId = Math.max(maxId, id);
    }
    head.nextId.set(Math.max(head.nextId.get(), maxId + 1));
    // series whose data all lies before the truncation time
    List<MemSeries> empty = new ArrayList<>();
    head.series.forEach(s -> {
      synchronized (s) {
        s.truncateBefore(head.minValidTime);
        if (s.isEmpty()) {
          empty.add(s);
        } else {
          min = Math.min(min, s.minTime());
          max = Math.max(max, s.maxTime());
        }
      }
    });
    for (MemSeries s : empty) {
      head.series.removeIf(s, MemSeries::isEmpty);
    }
    head.minTime = min;
    head.maxTime = max;
    LOG.log(System.Logger.Level.INFO,
        "head replayed in {0} ms: {1} series, {2} samples from the wal, {3} unknown references",
        (System.nanoTime() - start) / 1_000_000, head.series.size(), samples, unknownRefs);
  }

  private MemSeries lookup(int id) {
    MemSeries s = aliases.get(id);
    return s != null ? s : head.series.byId(id);
  }

  @Override
  public void series(int id, Labels labels) {
    maxId = Math.max(maxId, id);
    if (head.series.byId(id) != null) {
      return; // logged twice (e.g. checkpoint and segment); the first wins
    }
    MemSeries s = head.series.putIfAbsent(id, labels);
    s.walLogged = true;
    if (s.id != id) {
      aliases.put(id, s); // same labels under an older id that was not yet garbage-collected
    }
    List<long[]> mine = chunks.get(id);
    if (mine == null) {
      return;
    }
    synchronized (s) {
      for (long[] c : mine) {
        if (c[1] >= head.minValidTime) {
          s.addMmapped(c[2], c[0], c[1]);
        }
      }
      sortMmapped(s);
      int mmCount = s.mmCount();
      if (mmCount > 0 && s.mmMaxt(mmCount - 1) > s.lastT) {
        long skip = s.mmMaxt(mmCount - 1);
        skipBefore.put(s.id, skip);
        s.lastT = skip;
        s.lastBits = lastValueBits(s);
        s.nextCut = Long.MIN_VALUE; // the next in-order sample starts a new head chunk
        s.dropChunk();
      }
    }
  }

  private long skipBefore(int id) {
    if (skipBefore.size() == 0) {
      return Long.MIN_VALUE;
    }
    Long t = skipBefore.get(id);
    return t == null ? Long.MIN_VALUE : t;
  }

  private static void sortMmapped(MemSeries s) {
    int n = s.mmCount();
    long[] t = s.triples(n);
    boolean moved = false;
    for (int i = 1; i < n; i++) {
      for (int j = i; j > 0 && t[3 * (j - 1) + 1] > t[3 * j + 1]; j--) {
        swap(t, 3 * j);
        swap(t, 3 * j + 1);
        swap(t, 3 * j + 2);
        moved = true;
      }
    }
    if (moved) {
      s.setMmapped(t, 0, n);
    }
  }

  // swaps a[k] with a[k - 3]: one field of two adjacent chunk triples
  private static void swap(long[] a, int k) {
    long x = a[k];
    a[k] = a[k - 3];
    a[k - 3] = x;
  }

  private long lastValueBits(MemSeries s) {
    try {
      SampleIterator it = dev.vigil.tsdb.chunk.XorChunk.iterator(
          head.chunkFiles.read(s.mmRef(s.mmCount() - 1)));
      long bits = 0;
      while (it.next() != ValueType.NONE) {
        bits = Double.doubleToRawLongBits(it.atV());
      }
      return bits;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void sample(int id, long t, double v, boolean outOfOrder) {
    MemSeries s = lookup(id);
    if (s == null) {
      unknownRefs++;
      return;
    }
    if (t < head.minValidTime) {
      return;
    }
    synchronized (s) {
      if (!outOfOrder && t <= skipBefore(s.id)) {
        return;
      }
      try {
        s.append(t, v, true, head.options.chunkRangeMs(), head.chunkFiles);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    samples++;
  }

  @Override
  public void exemplar(int id, Exemplar exemplar) {
    MemSeries s = lookup(id);
    if (s != null) {
      head.exemplars.add(s.labels, exemplar);
    }
  }

  @Override
  public void metadata(String family, MetricMetadata metadata) {
    head.metadata.put(family, metadata);
  }

  @Override
  public void minValidTime(long t) {
    if (t > head.minValidTime) {
      head.minValidTime = t;
    }
  }
}
