package dev.vigil.testkit;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.Querier;
import dev.vigil.model.SeriesExemplars;
import dev.vigil.model.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference {@link Storage}: everything in plain collections, no durability, brute-force
 * matching. It states the semantics other stores must reproduce (the contract suite runs against
 * it too) and serves tests that need a store without disk. Thread-safe via one lock.
 *
 * <p>Rules it implements: samples of a series must arrive in increasing time order (older →
 * OUT_OF_ORDER, same time and different value → DUPLICATE_TIMESTAMP, same time and same value →
 * ignored); per series, an exemplar equal to the series' newest one (labels, value and
 * timestamp) is a duplicate and ignored, one not newer than the newest is refused with
 * EXEMPLAR_OUT_OF_ORDER (as Prometheus); nothing appended is visible before commit. Start
 * timestamps given with {@link Appender#appendWithStartTimestamp} (and its histogram form) are kept
 * per sample and read back through {@link SampleIterator#atStartTimestamp()}.
 */
public final class MemoryStorage implements Storage {
  final Object lock = new Object();
  final TreeMap<Labels, MemorySeries> series = new TreeMap<>();
  final List<StoredExemplar> exemplars = new ArrayList<>();
  final Map<String, MetricMetadata> metadata = new TreeMap<>();

  record StoredExemplar(Labels series, Exemplar exemplar) {}

  /** Samples of one series, sorted by time. Guarded by the storage lock. */
  static final class MemorySeries {
    final Labels labels;
    long[] ts = new long[8];
    double[] vs = new double[8];
    /** Null until the series holds a histogram; then hs[i] non-null marks one. */
    FloatHistogram[] hs;
    /** Null until the series holds a start timestamp; then parallel to ts (0: none). */
    long[] sts;
    int n;
    /** Start of the histogram chunk the newest histogram sample belongs to (see ChunkHints). */
    long chunkMinT;

    MemorySeries(Labels labels) {
      this.labels = labels;
    }

    long lastT() {
      return n == 0 ? Long.MIN_VALUE : ts[n - 1];
    }

    void add(long t, double v, FloatHistogram h) {
      add(t, v, h, SampleIterator.NO_START_TIMESTAMP);
    }

    void add(long t, double v, FloatHistogram h, long st) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
        if (hs != null) {
          hs = Arrays.copyOf(hs, n * 2);
        }
        if (sts != null) {
          sts = Arrays.copyOf(sts, n * 2);
        }
      }
      if (st != SampleIterator.NO_START_TIMESTAMP && sts == null) {
        sts = new long[ts.length];
      }
      if (sts != null) {
        sts[n] = st;
      }
      if (h != null && hs == null) {
        hs = new FloatHistogram[ts.length];
      }
      ts[n] = t;
      vs[n] = v;
      if (hs != null) {
        if (h != null) {
          FloatHistogram prev = n > 0 ? hs[n - 1] : null;
          boolean first = ChunkHints.startsChunk(prev, chunkMinT, t, h);
          if (first) {
            chunkMinT = t;
          }
          h = ChunkHints.hinted(h, first);
        }
        hs[n] = h;
      }
      n++;
    }
  }

  @Override
  public Appender appender() {
    return new MemoryAppender(this);
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new MemoryQuerier(this, mint, maxt);
  }

  @Override
  public List<SeriesExemplars> exemplars(long start, long end, List<List<Matcher>> matcherSets) {
    Map<Labels, List<Exemplar>> out = new LinkedHashMap<>();
    synchronized (lock) {
      for (StoredExemplar e : exemplars) {
        long t = e.exemplar().timestamp();
        if (t < start || t > end) {
          continue;
        }
        for (List<Matcher> set : matcherSets) {
          if (set.stream().allMatch(m -> m.matches(e.series()))) {
            out.computeIfAbsent(e.series(), k -> new ArrayList<>()).add(e.exemplar());
            break;
          }
        }
      }
    }
    List<SeriesExemplars> result = new ArrayList<>();
    out.forEach((l, ex) -> result.add(new SeriesExemplars(l, List.copyOf(ex))));
    return result;
  }

  @Override
  public Map<String, List<MetricMetadata>> metadata(String metric, int limit) {
    Map<String, List<MetricMetadata>> out = new LinkedHashMap<>();
    synchronized (lock) {
      for (var e : metadata.entrySet()) {
        if (limit >= 0 && out.size() >= limit) {
          break;
        }
        if (metric == null || metric.equals(e.getKey())) {
          out.put(e.getKey(), List.of(e.getValue()));
        }
      }
    }
    return out;
  }

  @Override
  public long minTime() {
    long min = Long.MAX_VALUE;
    synchronized (lock) {
      for (MemorySeries s : series.values()) {
        if (s.n > 0) {
          min = Math.min(min, s.ts[0]);
        }
      }
    }
    return min;
  }

  /** Number of series held (including series without samples in any range). */
  public int seriesCount() {
    synchronized (lock) {
      return series.size();
    }
  }

  @Override
  public void close() {}

  /** The newest stored exemplar of a series, or null. Caller holds the lock. */
  Exemplar newestExemplar(Labels series) {
    for (int i = exemplars.size() - 1; i >= 0; i--) {
      StoredExemplar e = exemplars.get(i);
      if (e.series().equals(series)) {
        return e.exemplar();
      }
    }
    return null;
  }

  /**
   * Whether {@code e} is new for a series whose newest exemplar is {@code newest}: false for a
   * duplicate of it; throws when it is not newer.
   */
  static boolean acceptExemplar(Exemplar newest, Exemplar e, Labels series) {
    if (newest == null) {
      return true;
    }
    if (newest.equals(e)) {
      return false;
    }
    if (e.timestamp() <= newest.timestamp()) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_OUT_OF_ORDER, "exemplar at "
          + e.timestamp() + " is not after the newest at " + newest.timestamp() + " for series "
          + series);
    }
    return true;
  }

  /** Checks one pending sample against stored and pending state; throws when it is refused. */
  static void checkOrder(long lastT, double lastV, long t, double v) {
    if (t < lastT) {
      throw new AppendException(AppendException.Reason.OUT_OF_ORDER, "t=" + t + " < " + lastT);
    }
    if (t == lastT
        && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(lastV)) {
      throw new AppendException(AppendException.Reason.DUPLICATE_TIMESTAMP, "t=" + t);
    }
  }
}
