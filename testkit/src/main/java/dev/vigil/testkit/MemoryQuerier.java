package dev.vigil.testkit;

import dev.vigil.model.FloatHistogram;
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

/** Brute-force querier over a snapshot of {@link MemoryStorage} taken when it was opened. */
final class MemoryQuerier implements Querier {
  private final List<Snapshot> snapshot = new ArrayList<>();

  private record Snapshot(
      Labels labels, long[] ts, double[] vs, FloatHistogram[] hs, long[] sts) {}

  MemoryQuerier(MemoryStorage store, long mint, long maxt) {
    synchronized (store.lock) {
      for (MemoryStorage.MemorySeries s : store.series.values()) {
        int from = lowerBound(s.ts, s.n, mint);
        int to = lowerBound(s.ts, s.n, maxt == Long.MAX_VALUE ? maxt : maxt + 1);
        if (maxt == Long.MAX_VALUE) {
          to = s.n;
        }
        if (to > from) {
          snapshot.add(new Snapshot(s.labels, Arrays.copyOfRange(s.ts, from, to),
              Arrays.copyOfRange(s.vs, from, to),
              s.hs == null ? null : Arrays.copyOfRange(s.hs, from, to),
              s.sts == null ? null : Arrays.copyOfRange(s.sts, from, to)));
        }
      }
    }
  }

  private static int lowerBound(long[] a, int n, long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private List<Snapshot> matching(List<Matcher> matchers) {
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s : snapshot) {
      if (matchers.stream().allMatch(m -> m.matches(s.labels()))) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    long from = hints == null ? Long.MIN_VALUE : hints.start();
    long to = hints == null ? Long.MAX_VALUE : hints.end();
    List<Series> out = new ArrayList<>();
    for (Snapshot s : matching(matchers)) {
      out.add(new ArraySeries(s.labels(), s.ts(), s.vs(), s.hs(), s.sts(), from, to));
    }
    var it = out.iterator();
    return new SeriesSet() {
      private Series cur;

      @Override
      public boolean next() {
        cur = it.hasNext() ? it.next() : null;
        return cur != null;
      }

      @Override
      public Series at() {
        return cur;
      }
    };
  }

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    TreeSet<String> names = new TreeSet<>();
    for (Snapshot s : matching(matchers)) {
      s.labels().forEach((n, v) -> names.add(n));
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    TreeSet<String> values = new TreeSet<>();
    for (Snapshot s : matching(matchers)) {
      String v = s.labels().get(name);
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public void close() {}

  /**
   * A series over arrays, clipped to [from, to]; {@code sts} (start timestamps) is null when the
   * series has none.
   */
  record ArraySeries(Labels labels, long[] ts, double[] vs, FloatHistogram[] hs, long[] sts,
      long from, long to) implements Series {
    @Override
    public SampleIterator iterator() {
      return new SampleIterator() {
        int i = -1;

        @Override
        public ValueType next() {
          while (++i < ts.length && ts[i] < from) {
            // skip samples before the hinted start
          }
          return i < ts.length && ts[i] <= to ? type() : end();
        }

        private ValueType type() {
          return hs != null && hs[i] != null ? ValueType.FLOAT_HISTOGRAM : ValueType.FLOAT;
        }

        private ValueType end() {
          i = ts.length;
          return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
          if (i >= 0 && i < ts.length && ts[i] >= t && ts[i] <= to) {
            return type();
          }
          ValueType vt;
          while ((vt = next()) != ValueType.NONE) {
            if (ts[i] >= t) {
              return vt;
            }
          }
          return ValueType.NONE;
        }

        @Override
        public long atT() {
          return ts[i];
        }

        @Override
        public double atV() {
          return vs[i];
        }

        @Override
        public long atStartTimestamp() {
          return sts == null ? NO_START_TIMESTAMP : sts[i];
        }

        @Override
        public FloatHistogram atHistogram() {
          if (hs == null || hs[i] == null) {
            throw new IllegalStateException("not positioned on a histogram sample");
          }
          return hs[i];
        }
      };
    }
  }
}
