package dev.vigil.testkit;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.SampleIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Buffers appends until commit; see {@link MemoryStorage} for the rules. Not thread-safe. */
final class MemoryAppender implements Appender {
  private final MemoryStorage store;
  private final List<Pending> samples = new ArrayList<>();
  private final Map<Labels, long[]> lastPending = new HashMap<>(); // labels -> {t, raw bits of v}
  private final List<MemoryStorage.StoredExemplar> exemplars = new ArrayList<>();
  private final Map<String, MetricMetadata> metadata = new HashMap<>();
  private final Map<Labels, Exemplar> pendingExemplars = new HashMap<>();

  private record Pending(Labels labels, long t, double v, FloatHistogram h, long st) {}

  MemoryAppender(MemoryStorage store) {
    this.store = store;
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    return appendWithStartTimestamp(ref, labels, t, SampleIterator.NO_START_TIMESTAMP, v);
  }

  /** Keeps the start timestamp beside the sample; the order rules are those of {@link #append}. */
  @Override
  public long appendWithStartTimestamp(long ref, Labels labels, long t, long st, double v) {
    if (labels.isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS, "empty label set");
    }
    long lastT = Long.MIN_VALUE;
    double lastV = 0;
    long[] p = lastPending.get(labels);
    if (p != null) {
      lastT = p[0];
      lastV = Double.longBitsToDouble(p[1]);
    } else {
      synchronized (store.lock) {
        MemoryStorage.MemorySeries s = store.series.get(labels);
        if (s != null && s.n > 0) {
          lastT = s.ts[s.n - 1];
          lastV = s.vs[s.n - 1];
        }
      }
    }
    MemoryStorage.checkOrder(lastT, lastV, t, v);
    if (t == lastT) {
      return 0; // identical duplicate: ignored
    }
    samples.add(new Pending(labels, t, v, null, st));
    lastPending.put(labels, new long[] {t, Double.doubleToRawLongBits(v)});
    return 0;
  }

  /**
   * Histograms follow the float rules for order; a second sample at the same timestamp is a
   * duplicate unless it is the same histogram.
   */
  @Override
  public long appendHistogram(long ref, Labels labels, long t, FloatHistogram h) {
    return appendHistogramWithStartTimestamp(ref, labels, t, SampleIterator.NO_START_TIMESTAMP, h);
  }

  @Override
  public long appendHistogramWithStartTimestamp(
      long ref, Labels labels, long t, long st, FloatHistogram h) {
    if (labels.isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS, "empty label set");
    }
    long lastT = Long.MIN_VALUE;
    long[] p = lastPending.get(labels);
    if (p != null) {
      lastT = p[0];
    } else {
      synchronized (store.lock) {
        MemoryStorage.MemorySeries s = store.series.get(labels);
        if (s != null && s.n > 0) {
          lastT = s.ts[s.n - 1];
        }
      }
    }
    if (t < lastT) {
      throw new AppendException(AppendException.Reason.OUT_OF_ORDER,
          "out of order sample at " + t + " (newest " + lastT + ")");
    }
    if (t == lastT) {
      throw new AppendException(AppendException.Reason.DUPLICATE_TIMESTAMP,
          "duplicate sample for timestamp " + t);
    }
    samples.add(new Pending(labels, t, 0, h, st));
    lastPending.put(labels, new long[] {t, 0});
    return 0;
  }

  @Override
  public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
    if (exemplar == null) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_INVALID, "null exemplar");
    }
    Exemplar newest = pendingExemplars.get(labels);
    if (newest == null) {
      synchronized (store.lock) {
        newest = store.newestExemplar(labels);
      }
    }
    if (MemoryStorage.acceptExemplar(newest, exemplar, labels)) {
      exemplars.add(new MemoryStorage.StoredExemplar(labels, exemplar));
      pendingExemplars.put(labels, exemplar);
    }
    return 0;
  }

  @Override
  public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
    metadata.put(labels.metricName(), m);
    return 0;
  }

  @Override
  public void commit() {
    synchronized (store.lock) {
      for (Pending p : samples) {
        store.series.computeIfAbsent(p.labels(), MemoryStorage.MemorySeries::new).add(p.t(), p.v(), p.h(),
            p.st());
      }
      for (MemoryStorage.StoredExemplar e : exemplars) {
        // a concurrent commit may have stored a newer one meanwhile: drop silently, as the head
        try {
          if (MemoryStorage.acceptExemplar(store.newestExemplar(e.series()), e.exemplar(),
              e.series())) {
            store.exemplars.add(e);
          }
        } catch (AppendException ignored) {
          // out of order by now
        }
      }
      store.metadata.putAll(metadata);
    }
    rollback();
  }

  @Override
  public void rollback() {
    samples.clear();
    lastPending.clear();
    exemplars.clear();
    pendingExemplars.clear();
    metadata.clear();
  }
}
