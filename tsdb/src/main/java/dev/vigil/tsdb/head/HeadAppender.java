package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.StorageException;
import dev.vigil.tsdb.chunk.XorChunk;
import dev.vigil.tsdb.wal.RecordType;
import dev.vigil.tsdb.wal.WalRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A head transaction. Pending samples live in parallel primitive arrays (series, timestamp,
 * value) reused across transactions, so appending allocates nothing per sample. A series
 * reference is the series id; an unknown or stale reference falls back to the labels.
 *
 * <p>Each appended sample pins its series ({@code pending}) so truncation cannot remove it before
 * commit. Validation at append time sees committed data plus this appender's own pending samples
 * of the series; a sample that a concurrent commit made invalid in between is dropped at commit
 * and counted ({@link Head#droppedOnCommit()}), as Prometheus does. Not thread-safe.
 */
final class HeadAppender implements Appender {
  private final Head head;
  // from head.scratch between the first use and commit/rollback, null otherwise (see AppendScratch)
  private AppendScratch scratch;
  private MemSeries[] series;
  private long[] ts;
  private double[] vs;
  private int n;
  private final List<MemSeries> exemplarSeries = new ArrayList<>();
  private final List<Exemplar> exemplars = new ArrayList<>();
  private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();

  // commit scratch
  private ByteWriter buf;
  private int[] accIds;
  private long[] accT;
  private double[] accV;
  private int[] oooIds = new int[16];
  private long[] oooT = new long[16];
  private double[] oooV = new double[16];

  HeadAppender(Head head) {
    this.head = head;
  }

  private void takeScratch() {
    if (scratch == null) {
      scratch = head.scratch.take();
      series = scratch.series;
      ts = scratch.ts;
      vs = scratch.vs;
      buf = scratch.buf;
      accIds = scratch.accIds;
      accT = scratch.accT;
      accV = scratch.accV;
    }
  }

  // caller has cleared series[0, n)
  private void giveScratch() {
    if (scratch == null) {
      return;
    }
    scratch.series = series;
    scratch.ts = ts;
    scratch.vs = vs;
    scratch.accIds = accIds;
    scratch.accT = accT;
    scratch.accV = accV;
    AppendScratch s = scratch;
    scratch = null;
    series = null;
    ts = null;
    vs = null;
    buf = null;
    accIds = null;
    accT = null;
    accV = null;
    head.scratch.give(s);
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    try {
      return doAppend(ref, labels, t, v);
    } catch (AppendException e) {
      head.rejected.incrementAndGet(e.reason().ordinal());
      throw e;
    }
  }

  private long doAppend(long ref, Labels labels, long t, double v) {
    long minValid = head.appendableMinValidTime();
    long window = head.options.oooWindowMs();
    if (t < minValid) {
      if (t < head.floor() || window == 0) {
        throw new AppendException(AppendException.Reason.OUT_OF_BOUNDS,
            "timestamp " + t + " is before the appendable minimum " + minValid);
      }
      if (t < head.maxTime - window) {
        throw new AppendException(AppendException.Reason.TOO_OLD,
            "timestamp " + t + " is outside the out-of-order window of " + window
                + "ms behind " + head.maxTime);
      }
    }
    MemSeries s = resolve(ref, labels);
    takeScratch();
    while (true) {
      synchronized (s) {
        if (!s.removed) {
          check(s, t, v, window);
          s.pending++;
          if (s.pendingOwner != this || t > s.pendingT) {
            s.pendingOwner = this;
            s.pendingT = t;
            s.pendingBits = Double.doubleToRawLongBits(v);
          }
          break;
        }
      }
      s = resolve(0, labels == null || labels.isEmpty() ? s.labels : labels);
    }
    if (n == series.length) {
      int cap = n * 2;
      series = Arrays.copyOf(series, cap);
      ts = Arrays.copyOf(ts, cap);
      vs = Arrays.copyOf(vs, cap);
    }
    series[n] = s;
    ts[n] = t;
    vs[n] = v;
    n++;
    return s.id;
  }

  // caller holds s
  private void check(MemSeries s, long t, double v, long window) {
    long lastT = s.lastT;
    long lastBits = s.lastBits;
    if (s.pendingOwner == this && s.pendingT > lastT) {
      lastT = s.pendingT;
      lastBits = s.pendingBits;
    }
    if (t > lastT) {
      return;
    }
    if (t == lastT) {
      if (Double.doubleToRawLongBits(v) == lastBits) {
        return; // an exact repeat: accepted here, ignored when applied
      }
      throw new AppendException(AppendException.Reason.DUPLICATE_TIMESTAMP,
          "sample at " + t + " already has a different value for series " + s.labels);
    }
    if (window == 0) {
      throw new AppendException(AppendException.Reason.OUT_OF_ORDER,
          "timestamp " + t + " is before the series' newest sample at " + lastT + " for "
              + s.labels);
    }
    if (t < head.maxTime - window || t < head.floor()) {
      throw new AppendException(AppendException.Reason.TOO_OLD,
          "timestamp " + t + " is outside the out-of-order window of " + window + "ms");
    }
  }

  private MemSeries resolve(long ref, Labels labels) {
    if (ref > 0 && ref <= Integer.MAX_VALUE) {
      MemSeries s = head.series.byId((int) ref);
      if (s != null) {
        return s;
      }
    }
    if (labels == null || labels.isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS,
          ref == 0 ? "empty label set" : "unknown series reference " + ref + " and no labels");
    }
    MemSeries s = head.series.byLabels(labels, SeriesTable.hash(labels));
    return s != null ? s : head.getOrCreate(labels);
  }

  @Override
  public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
    if (exemplar == null) {
      throw new AppendException(AppendException.Reason.EXEMPLAR_INVALID, "null exemplar");
    }
    if (!head.exemplars.enabled()) {
      return ref;
    }
    MemSeries s = resolve(ref, labels);
    if (head.exemplars.validate(s.labels, exemplar)) {
      exemplarSeries.add(s);
      exemplars.add(exemplar);
    }
    return s.id;
  }

  @Override
  public long updateMetadata(long ref, Labels labels, MetricMetadata meta) {
    String family = labels == null ? "" : labels.metricName();
    if (family.isEmpty() && ref > 0 && ref <= Integer.MAX_VALUE) {
      MemSeries s = head.series.byId((int) ref);
      family = s == null ? "" : s.labels.metricName();
    }
    if (family.isEmpty() || meta == null) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS,
          "metadata needs a metric name");
    }
    metadata.put(family, meta);
    return ref;
  }

  @Override
  public void commit() {
    if (n == 0 && exemplars.isEmpty() && metadata.isEmpty()) {
      return;
    }
    long pos = 0;
    takeScratch();
    try {
      synchronized (head.commitLock) {
        head.checkWritable();
        try {
          pos = logSeries(pos);
          pos = applyAndLogSamples(pos);
          pos = logExemplars(pos);
          pos = logMetadata(pos);
        } catch (IOException e) {
          head.fail(e);
          throw e;
        }
      }
      if (pos > 0) {
        head.wal.sync(pos);
      }
      head.afterCommit();
    } catch (IOException e) {
      head.fail(e);
      throw new StorageException("cannot write wal in " + head.options.dir() + ": "
          + e.getMessage(), e);
    } finally {
      clear(false);
    }
  }

  // caller holds the commit lock; new series are logged before any sample refers to them
  private long logSeries(long pos) throws IOException {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (!series[i].walLogged) {
        count++;
        series[i].walLogged = true;
        markForLog(series[i]);
      }
    }
    for (MemSeries s : exemplarSeries) {
      if (!s.walLogged) {
        count++;
        s.walLogged = true;
        markForLog(s);
      }
    }
    if (count == 0) {
      return pos;
    }
    buf.reset();
    WalRecords.beginSeries(buf, count);
    for (MemSeries s : toLog) {
      WalRecords.putSeries(buf, s.id, s.labels);
    }
    toLog.clear();
    return head.wal.log(buf.array(), 0, buf.length());
  }

  private final List<MemSeries> toLog = new ArrayList<>();

  private void markForLog(MemSeries s) {
    toLog.add(s);
  }

  // caller holds the commit lock
  private long applyAndLogSamples(long pos) throws IOException {
    if (n == 0) {
      return pos;
    }
    if (accIds.length < n) {
      accIds = new int[n];
      accT = new long[n];
      accV = new double[n];
    }
    int acc = 0;
    int ooo = 0;
    long window = head.options.oooWindowMs();
    long range = head.options.chunkRangeMs();
    long min = head.minTime;
    long max = head.maxTime;
    long minValid = head.floor();
    for (int i = 0; i < n; i++) {
      if ((i & (WARM_WINDOW - 1)) == 0) {
        warm(i, Math.min(n, i + WARM_WINDOW));
      }
      MemSeries s = series[i];
      long t = ts[i];
      double v = vs[i];
      int r;
      synchronized (s) {
        s.pending--;
        if (s.pendingOwner == this) {
          s.pendingOwner = null;
          s.pendingT = Long.MIN_VALUE;
        }
        boolean oooOk = window > 0 && t >= max - window && t >= minValid;
        r = t < minValid ? MemSeries.REJECTED
            : s.append(t, v, oooOk, range, head.chunkFiles);
      }
      switch (r) {
        case MemSeries.APPENDED -> {
          accIds[acc] = s.id;
          accT[acc] = t;
          accV[acc] = v;
          acc++;
        }
        case MemSeries.APPENDED_OOO -> {
          if (ooo == oooIds.length) {
            oooIds = Arrays.copyOf(oooIds, ooo * 2);
            oooT = Arrays.copyOf(oooT, ooo * 2);
            oooV = Arrays.copyOf(oooV, ooo * 2);
          }
          oooIds[ooo] = s.id;
          oooT[ooo] = t;
          oooV[ooo] = v;
          ooo++;
        }
        case MemSeries.REJECTED -> head.droppedOnCommit.incrementAndGet();
        default -> {
          continue; // exact duplicate: nothing to log
        }
      }
      if (t > max) {
        max = t;
      }
      if (t < min) {
        min = t;
      }
    }
    head.maxTime = max;
    head.minTime = min;
    head.samplesAppended += acc;
    head.oooAppended += ooo;
    if (acc > 0) {
      buf.reset();
      WalRecords.putSamples(buf, RecordType.SAMPLES, accIds, accT, accV, 0, acc);
      pos = head.wal.log(buf.array(), 0, buf.length());
    }
    if (ooo > 0) {
      buf.reset();
      WalRecords.putSamples(buf, RecordType.OOO_SAMPLES, oooIds, oooT, oooV, 0, ooo);
      pos = head.wal.log(buf.array(), 0, buf.length());
    }
    return pos;
  }

  /**
   * Loads the state of the next pending samples' series (series object, open chunk, its bit
   * writer) without taking their monitors. Why: the apply loop takes each series' monitor, a
   * locked instruction after which the CPU does not run ahead into the next series' loads, so
   * each cache miss of a request spread over thousands of series was waited for in turn; this
   * loop has no such barrier and its misses overlap. The reads are racy on purpose: only a hint,
   * their values are discarded.
   */
  private void warm(int from, int to) {
    long sink = 0;
    for (int i = from; i < to; i++) {
      MemSeries s = series[i];
      XorChunk c = s.headChunk;
      sink += s.lastT;
      if (c != null) {
        sink += c.byteSize();
      }
    }
    warmSink = sink;
  }

  /** Series warmed at a time: enough misses to overlap, few enough to stay in the L1/L2 cache. */
  private static final int WARM_WINDOW = 128;

  @SuppressWarnings("unused") // keeps the warming loads from being optimised away
  private long warmSink;

  // caller holds the commit lock
  private long logExemplars(long pos) throws IOException {
    if (exemplars.isEmpty()) {
      return pos;
    }
    buf.reset();
    int count = 0;
    ByteWriter items = new ByteWriter(256);
    for (int i = 0; i < exemplars.size(); i++) {
      MemSeries s = exemplarSeries.get(i);
      if (head.exemplars.add(s.labels, exemplars.get(i))) {
        WalRecords.putExemplar(items, s.id, exemplars.get(i));
        count++;
      }
    }
    if (count == 0) {
      return pos;
    }
    WalRecords.beginExemplars(buf, count);
    buf.putBytes(items.array(), 0, items.length());
    return head.wal.log(buf.array(), 0, buf.length());
  }

  // caller holds the commit lock; only changed metadata is logged
  private long logMetadata(long pos) throws IOException {
    List<Map.Entry<String, MetricMetadata>> changed = new ArrayList<>();
    for (Map.Entry<String, MetricMetadata> e : metadata.entrySet()) {
      if (!e.getValue().equals(head.metadata.get(e.getKey()))) {
        head.metadata.put(e.getKey(), e.getValue());
        changed.add(e);
      }
    }
    if (changed.isEmpty()) {
      return pos;
    }
    buf.reset();
    WalRecords.beginMetadata(buf, changed.size());
    for (Map.Entry<String, MetricMetadata> e : changed) {
      WalRecords.putMetadata(buf, e.getKey(), e.getValue());
    }
    return head.wal.log(buf.array(), 0, buf.length());
  }

  @Override
  public void rollback() {
    clear(true);
  }

  private void clear(boolean unpin) {
    if (unpin) {
      for (int i = 0; i < n; i++) {
        MemSeries s = series[i];
        synchronized (s) {
          s.pending--;
          if (s.pendingOwner == this) {
            s.pendingOwner = null;
            s.pendingT = Long.MIN_VALUE;
          }
        }
      }
    }
    if (series != null) {
      Arrays.fill(series, 0, n, null);
    }
    n = 0;
    exemplarSeries.clear();
    exemplars.clear();
    metadata.clear();
    toLog.clear();
    giveScratch();
  }
}
