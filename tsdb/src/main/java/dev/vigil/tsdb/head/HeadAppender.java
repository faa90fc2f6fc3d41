package dev.vigil.tsdb.head;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.StorageException;
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
 * <p><b>Append</b> takes no lock in the common case: a sample newer than both the series' last
 * committed timestamp (read without the monitor: a hint that only grows) and this transaction's
 * own newest pending sample of the series (found in a small per-transaction hash table) is
 * accepted at once; anything else is checked exactly under the series' monitor. So validation
 * sees committed data plus this appender's own pending samples; a sample that a concurrent commit
 * made invalid in between is dropped at commit and counted ({@link Head#droppedOnCommit()}), as
 * Prometheus does.
 *
 * <p><b>Commit</b> applies the samples to their series, one monitor per run of samples of the
 * same series, holding the head's apply permit (shared; the append floor and the truncation time
 * are raised under it exclusively) but not the commit lock, so that concurrent commits apply in
 * parallel; a series that truncation removed since append is looked up again by its labels (and
 * so re-created). Then, under the commit lock, it logs the records of series not yet logged and
 * the accepted samples, so that a sample record never precedes its series' record.
 *
 * <p><b>Log order equals apply order per series.</b> Replay re-decides in-order against
 * out-of-order by log order, so two commits that applied samples of one series in one order must
 * log them in that order too. Each series remembers the {@link CommitTicket} of the last commit
 * that applied to it and at which pending sample; a commit about to apply to a series whose last
 * apply is not yet in the log (a concurrent commit on a shared series: rare, since writers usually
 * own their series) first logs everything it applied so far, then waits until that apply is
 * logged, then applies. Nothing waits on a waiting commit (it has logged all it applied), so
 * there is no deadlock, and every commit logs a series' samples after the applies it followed.
 * Not thread-safe.
 */
final class HeadAppender implements Appender {
  private final Head head;
  // from head.scratch between the first use and commit/rollback, null otherwise (see AppendScratch)
  private AppendScratch scratch;
  private MemSeries[] series;
  private long[] ts;
  private double[] vs;
  private int n;
  // own pending samples: series id (0 = empty slot) -> index of its newest pending sample
  private int[] ownKeys;
  private int[] ownVals;
  private int ownSize;
  private final List<MemSeries> exemplarSeries = new ArrayList<>();
  private final List<Exemplar> exemplars = new ArrayList<>();
  private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();

  // commit scratch
  private byte[] walBytes;
  private ByteWriter seriesBuf;
  private int[] accIds;
  private long[] accT;
  private double[] accV;
  private int acc; // accepted in-order samples in accIds/accT/accV
  private int ooo; // accepted out-of-order samples in oooIds/oooT/oooV
  private int accLogged; // of which the first ones are in the log already
  private int oooLogged;
  private long batchMin = Long.MAX_VALUE; // time range of the accepted samples
  private long batchMax = Long.MIN_VALUE;
  private int samplesEnd; // ends of the SAMPLES and OOO_SAMPLES records encoded into walBytes
  private int oooEnd;
  private int[] oooIds = new int[16];
  private long[] oooT = new long[16];
  private double[] oooV = new double[16];
  private final List<MemSeries> applied = new ArrayList<>(); // series not yet logged, maybe
  private final List<MemSeries> toLog = new ArrayList<>();

  HeadAppender(Head head) {
    this.head = head;
  }

  private void takeScratch() {
    if (scratch == null) {
      scratch = head.scratch.take();
      series = scratch.series;
      ts = scratch.ts;
      vs = scratch.vs;
      ownKeys = scratch.ownKeys;
      ownVals = scratch.ownVals;
      walBytes = scratch.walBytes;
      seriesBuf = scratch.seriesBuf;
      accIds = scratch.accIds;
      accT = scratch.accT;
      accV = scratch.accV;
    }
  }

  // caller has cleared series[0, n) and the own table
  private void giveScratch() {
    if (scratch == null) {
      return;
    }
    scratch.series = series;
    scratch.ts = ts;
    scratch.vs = vs;
    scratch.ownKeys = ownKeys;
    scratch.ownVals = ownVals;
    scratch.accIds = accIds;
    scratch.accT = accT;
    scratch.accV = accV;
    scratch.walBytes = walBytes;
    AppendScratch s = scratch;
    scratch = null;
    series = null;
    ts = null;
    vs = null;
    ownKeys = null;
    ownVals = null;
    walBytes = null;
    seriesBuf = null;
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
    // the id is the reference when it resolves: s.id lies in another cache line than s.lastT
    MemSeries s = ref > 0 && ref <= Integer.MAX_VALUE ? head.series.byId((int) ref) : null;
    int id = (int) ref;
    if (s == null) {
      s = resolve(0, labelsFor(ref, labels));
      id = s.id;
    }
    takeScratch();
    int slot;
    int prev;
    while (true) {
      slot = ownSlot(id);
      prev = slot >= 0 ? ownVals[slot] : -1;
      // lastT read without the monitor: it only grows, so a stale value only defers a rejection
      // to the commit
      if (t > s.lastT && (prev < 0 || t > ts[prev])) {
        break;
      }
      MemSeries moved = checkExact(s, labels, t, v, window, prev);
      if (moved == null) {
        break;
      }
      s = moved;
      id = s.id;
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
    if (slot < 0) {
      ownInsert(~slot, id, n);
    } else if (t > ts[prev]) {
      ownVals[slot] = n;
    }
    n++;
    return id;
  }

  /**
   * Loads the series object and its last timestamp, which {@link #doAppend} reads first: racy on
   * purpose (a hint, the value is discarded), and with no lock so that the CPU runs ahead into
   * the next series' loads.
   */
  @Override
  public void prefetch(long ref) {
    if (ref > 0 && ref <= Integer.MAX_VALUE) {
      MemSeries s = head.series.byId((int) ref);
      if (s != null) {
        warmSink += s.lastT;
      }
    }
  }

  // the labels to resolve an unknown reference by, or the error resolve would throw
  private static Labels labelsFor(long ref, Labels labels) {
    if (labels == null || labels.isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS,
          ref == 0 ? "empty label set" : "unknown series reference " + ref + " and no labels");
    }
    return labels;
  }

  /**
   * Checks a sample against the series' committed last sample (under its monitor) and this
   * transaction's newest pending one. Returns null when the sample is acceptable, or the series
   * to use instead when truncation removed this one; throws when the sample is invalid.
   */
  private MemSeries checkExact(MemSeries s, Labels labels, long t, double v, long window,
      int prev) {
    long lastT;
    long lastBits;
    synchronized (s) {
      if (s.removed) {
        return resolve(0, labels == null || labels.isEmpty() ? s.labels : labels);
      }
      lastT = s.lastT;
      lastBits = s.lastBits;
    }
    if (prev >= 0 && ts[prev] > lastT) {
      lastT = ts[prev];
      lastBits = Double.doubleToRawLongBits(vs[prev]);
    }
    if (t > lastT) {
      return null;
    }
    if (t == lastT) {
      if (Double.doubleToRawLongBits(v) == lastBits) {
        return null; // an exact repeat: accepted here, ignored when applied
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
    return null;
  }

  // slot of id in the own table, or ~(free slot) when absent
  private int ownSlot(int id) {
    int[] keys = ownKeys;
    int mask = keys.length - 1;
    for (int i = (id * 0x9E3779B9) >>> 7 & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == id) {
        return i;
      }
      if (k == 0) {
        return ~i;
      }
    }
  }

  private void ownInsert(int slot, int id, int index) {
    if (2 * (ownSize + 1) > ownKeys.length) {
      int[] oldKeys = ownKeys;
      int[] oldVals = ownVals;
      ownKeys = new int[oldKeys.length * 2];
      ownVals = new int[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0) {
          int s = ~ownSlot(oldKeys[i]);
          ownKeys[s] = oldKeys[i];
          ownVals[s] = oldVals[i];
        }
      }
      slot = ~ownSlot(id);
    }
    ownKeys[slot] = id;
    ownVals[slot] = index;
    ownSize++;
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
    takeScratch();
    CommitTicket me = new CommitTicket();
    try {
      long pos = 0;
      long stamp = head.applyPermit.readLock();
      try {
        head.checkWritable();
        if (n > 0) {
          pos = apply(me);
          encodePending();
        }
        synchronized (head.commitLock) {
          head.checkWritable();
          pos = logApplied(pos);
          me.advance(n);
          pos = logExemplars(pos);
          pos = logMetadata(pos);
        }
      } finally {
        head.applyPermit.unlockRead(stamp);
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
      me.abandon(); // a no-op after a full log; after a failure, nothing may wait on this commit
      clear();
    }
  }

  /**
   * Applies the pending samples to their series and collects the accepted ones for the log.
   * Caller holds the apply permit, not the commit lock. When a series' last apply belongs to
   * another commit that has not logged it yet, this commit first logs what it applied so far (so
   * that no commit ever waits on one that waits), then waits until that apply is logged and only
   * then applies: so each series' samples reach the log in the order they were applied.
   *
   * @return the WAL position of what was logged on the way (0 when nothing was)
   */
  private long apply(CommitTicket me) throws IOException {
    if (accIds.length < n) {
      accIds = new int[n];
      accT = new long[n];
      accV = new double[n];
    }
    acc = 0;
    ooo = 0;
    accLogged = 0;
    oooLogged = 0;
    long pos = 0;
    long window = head.options.oooWindowMs();
    long range = head.options.chunkRangeMs();
    long max = head.maxTime; // the out-of-order window trails the newest sample seen so far
    long minValid = head.floor();
    HeadChunkFiles files = head.chunkFiles;
    int warmed = 0;
    int i = 0;
    while (i < n) {
      if (i >= warmed) {
        warmed = Math.min(n, i + WARM_WINDOW);
        warm(i, warmed);
      }
      MemSeries s = series[i];
      int end = i + 1;
      while (end < n && series[end] == s) {
        end++; // one monitor for a run of samples of the same series
      }
      CommitTicket other;
      int otherAt;
      synchronized (s) {
        if (s.removed) {
          other = null;
          otherAt = 0;
        } else {
          other = s.applier;
          otherAt = s.appliedAt;
          if (other == me || other == null || other.covers(otherAt)) {
            s.applier = me;
            s.appliedAt = end - 1;
            if (!s.walLogged) {
              applied.add(s);
            }
            max = applyRun(s, i, end, max, window, minValid, range, files);
            i = end;
            continue;
          }
        }
      }
      if (other != null) {
        pos = logPortion(pos, me, i);
        head.orderWaits.incrementAndGet();
        other.await(otherAt);
        max = Math.max(max, head.maxTime);
        continue; // and apply this run now
      }
      // removed by truncation since append: its labels name a new (or re-created) series
      MemSeries again = resolve(0, s.labels);
      for (int j = i; j < end; j++) {
        series[j] = again;
      }
    }
    return pos;
  }

  // caller holds the series' monitor; returns the newest timestamp seen so far
  private long applyRun(MemSeries s, int from, int to, long max, long window, long minValid,
      long range, HeadChunkFiles files) throws IOException {
    for (int j = from; j < to; j++) {
      long t = ts[j];
      double v = vs[j];
      boolean oooOk = window > 0 && t >= max - window && t >= minValid;
      int r = t < minValid ? MemSeries.REJECTED : s.append(t, v, oooOk, range, files);
      if (r == MemSeries.APPENDED) {
        accIds[acc] = s.id;
        accT[acc] = t;
        accV[acc] = v;
        acc++;
      } else if (r == MemSeries.APPENDED_OOO) {
        if (ooo == oooIds.length) {
          oooIds = Arrays.copyOf(oooIds, ooo * 2);
          oooT = Arrays.copyOf(oooT, ooo * 2);
          oooV = Arrays.copyOf(oooV, ooo * 2);
        }
        oooIds[ooo] = s.id;
        oooT[ooo] = t;
        oooV[ooo] = v;
        ooo++;
      } else if (r == MemSeries.REJECTED) {
        head.droppedOnCommit.incrementAndGet();
        continue;
      } else {
        continue; // exact duplicate: nothing to log
      }
      if (t > max) {
        max = t;
      }
      if (t > batchMax) {
        batchMax = t;
      }
      if (t < batchMin) {
        batchMin = t;
      }
    }
    return max;
  }

  // logs what was applied so far, before this commit waits for another one to log
  private long logPortion(long pos, CommitTicket me, int appliedUpTo) throws IOException {
    encodePending();
    synchronized (head.commitLock) {
      head.checkWritable();
      pos = logApplied(pos);
      me.advance(appliedUpTo);
    }
    return pos;
  }

  /** Encodes the accepted samples not yet logged into walBytes, before taking the commit lock. */
  private void encodePending() {
    int need = WalRecords.maxSamplesBytes(acc - accLogged)
        + WalRecords.maxSamplesBytes(ooo - oooLogged);
    if (walBytes.length < need) {
      walBytes = new byte[Math.max(need, walBytes.length + (walBytes.length >>> 1))];
    }
    samplesEnd = acc > accLogged ? WalRecords.encodeSamples(walBytes, 0, RecordType.SAMPLES,
        accIds, accT, accV, accLogged, acc) : 0;
    oooEnd = ooo > oooLogged ? WalRecords.encodeSamples(walBytes, samplesEnd,
        RecordType.OOO_SAMPLES, oooIds, oooT, oooV, oooLogged, ooo) : samplesEnd;
  }

  /**
   * Logs the records of series not yet logged, then the accepted samples {@link #encodePending}
   * encoded, and publishes their time range and counts. Caller holds the commit lock.
   */
  private long logApplied(long pos) throws IOException {
    pos = logSeries(pos);
    if (oooEnd > 0) {
      if (samplesEnd > 0) {
        pos = head.wal.log(walBytes, 0, samplesEnd);
      }
      if (oooEnd > samplesEnd) {
        pos = head.wal.log(walBytes, samplesEnd, oooEnd - samplesEnd);
      }
      // commits publish in any order: only ever widen (truncation resets under this lock)
      if (batchMax > head.maxTime) {
        head.maxTime = batchMax;
      }
      if (batchMin < head.minTime) {
        head.minTime = batchMin;
      }
      head.samplesAppended += acc - accLogged;
      head.oooAppended += ooo - oooLogged;
      accLogged = acc;
      oooLogged = ooo;
      samplesEnd = 0;
      oooEnd = 0;
    }
    return pos;
  }

  /**
   * Loads the state of the next pending samples' series (series object, the open chunk's bytes
   * at the write position) without taking their monitors. Why: applying takes each series'
   * monitor, a locked instruction after which the CPU does not run ahead into the next series'
   * loads, so each cache miss of a request spread over thousands of series was waited for in
   * turn; this loop has no such barrier and its misses overlap. The reads are racy on purpose:
   * only a hint, their values are discarded.
   */
  private void warm(int from, int to) {
    long sink = 0;
    for (int i = from; i < to; i++) {
      MemSeries s = series[i];
      byte[] b = s.buf;
      int at = s.bitLen >>> 3;
      // fields near both ends of the object: with its ~120 bytes it spans two or three lines
      sink += s.lastT + s.id + s.appliedAt;
      if (b != null && at < b.length) {
        sink += b[at];
      }
    }
    warmSink = sink;
  }

  /** Series warmed at a time: enough misses to overlap, few enough to stay in the L1/L2 cache. */
  private static final int WARM_WINDOW = 128;

  @SuppressWarnings("unused") // keeps the warming loads from being optimised away
  private long warmSink;

  // caller holds the commit lock; new series are logged before any sample refers to them
  private long logSeries(long pos) throws IOException {
    for (MemSeries s : applied) {
      if (!s.walLogged) {
        s.walLogged = true;
        toLog.add(s);
      }
    }
    for (MemSeries s : exemplarSeries) {
      if (!s.walLogged) {
        s.walLogged = true;
        toLog.add(s);
      }
    }
    if (toLog.isEmpty()) {
      return pos;
    }
    seriesBuf.reset();
    WalRecords.beginSeries(seriesBuf, toLog.size());
    for (MemSeries s : toLog) {
      WalRecords.putSeries(seriesBuf, s.id, s.labels);
    }
    toLog.clear();
    return head.wal.log(seriesBuf.array(), 0, seriesBuf.length());
  }

  // caller holds the commit lock
  private long logExemplars(long pos) throws IOException {
    if (exemplars.isEmpty()) {
      return pos;
    }
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
    seriesBuf.reset();
    WalRecords.beginExemplars(seriesBuf, count);
    seriesBuf.putBytes(items.array(), 0, items.length());
    return head.wal.log(seriesBuf.array(), 0, seriesBuf.length());
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
    seriesBuf.reset();
    WalRecords.beginMetadata(seriesBuf, changed.size());
    for (Map.Entry<String, MetricMetadata> e : changed) {
      WalRecords.putMetadata(seriesBuf, e.getKey(), e.getValue());
    }
    return head.wal.log(seriesBuf.array(), 0, seriesBuf.length());
  }

  @Override
  public void rollback() {
    clear();
  }

  private void clear() {
    if (series != null) {
      // not Arrays.fill(Object[], int, int, Object): shared with every caller in the JVM, arrays
      // of other types passing through it trapped its compiled code (array_check) and had C2
      // compile it again and again during ingest
      MemSeries[] s = series;
      for (int i = 0; i < n; i++) {
        s[i] = null;
      }
    }
    if (ownSize > 0) {
      if (ownKeys.length > 2 * AppendScratch.MAX_KEPT_SAMPLES) {
        ownKeys = new int[256];
        ownVals = new int[256];
      } else {
        Arrays.fill(ownKeys, 0);
      }
      ownSize = 0;
    }
    n = 0;
    acc = 0;
    ooo = 0;
    accLogged = 0;
    oooLogged = 0;
    batchMin = Long.MAX_VALUE;
    batchMax = Long.MIN_VALUE;
    samplesEnd = 0;
    oooEnd = 0;
    exemplarSeries.clear();
    exemplars.clear();
    metadata.clear();
    applied.clear();
    toLog.clear();
    giveScratch();
  }
}
