package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;

/**
 * Streams a remote-write 1.0 {@code prometheus.WriteRequest} from protobuf bytes straight into an
 * {@link Appender}, with no generated classes and no object per sample.
 *
 * <p>Field numbers (prompb/remote.proto, types.proto): WriteRequest{timeseries=1, metadata=3};
 * TimeSeries{labels=1, samples=2, exemplars=3, histograms=4}; Label{name=1, value=2};
 * Sample{value=1 double, timestamp=2 int64}; Exemplar{labels=1, value=2, timestamp=3};
 * MetricMetadata{type=1, metric_family_name=2, help=4, unit=5}.
 *
 * <p>Each series is read twice: a first pass over its fields finds the label messages and counts
 * the rest (fields may come in any order), the second appends samples once the labels are known.
 * A series the trail predicts (see below) is matched first and only its fields after the labels
 * are scanned; a lone sample there in the usual layout is read by that scan, with no second pass.
 * Label sets are looked up by their raw bytes: first at the cursor of a {@link SeriesTrail} (the
 * order the sender used before: a sequential read), then in the {@link SeriesCache}. The first
 * pass runs {@value #BATCH} series ahead of the second: the cache lookups of those series are
 * issued together before any of them is used, and the store gets their references as hints before
 * any of them is appended ({@link #flush}), so that their memory loads overlap. A
 * malformed series anywhere in the request refuses the whole request, so scanning ahead changes
 * at most which error is reported first. Not thread-safe; reusable across requests.
 */
final class WriteRequestDecoder {
  private final RemoteWriteLimits limits;
  private final StringCache strings;
  private final SeriesCache series;
  private final ProtoReader in = new ProtoReader();
  /** The cache lookups of the pending batch: {@code hits[j]} is valid when {@code cachedAt[j]}. */
  private final SeriesCache.Hit[] hits;
  private final boolean[] cachedAt;
  /** Pending series {@code j} was found at the trail cursor: labels and reference from there. */
  private final boolean[] onTrail;
  /** The trail entry of pending series {@code j} (null when none), once known. */
  private final SeriesTrail[] trailOf;
  private final int[] trailPos;
  /**
   * The trail entry the next series is expected at (see {@link SeriesTrail}); kept across
   * requests, since the next request of a sender continues where its previous one ended.
   */
  private SeriesTrail cursor;
  private int cursorPos;
  /**
   * The trail this decoder adds the series it finds in none to: kept across requests, so that
   * a trickle of new series fills trails rather than starting one per request.
   */
  private SeriesTrail building;
  /**
   * Where the trail predicts the next series scanned into the pending batch, while every series
   * of the batch so far was found there (null after the first that was not): such a series is
   * matched before its scan, which then skips its label messages (see {@link #addSeries}).
   */
  private SeriesTrail ahead;
  private int aheadPos;
  /** Pending series {@code j} was matched at the trail by {@link #addSeries}. */
  private final boolean[] preMatched;
  /**
   * The pending series {@link #flush} found neither at the trail nor by its first cache lookup,
   * in batch order. Why a list: the loops over them then test nothing per series, where tests of
   * {@code onTrail} and {@code cachedAt} had branches the first requests (every series new) never
   * took, so C2 compiled them as traps and recompiled all of {@code flush} (with the append path
   * inlined into it, ~20 KB of code) when the traffic changed.
   */
  private final int[] missed;
  /** Series found at the trail cursor, for tests. */
  long trailHits;
  private final SampleMessage sample = new SampleMessage();

  /** The longest varint: a field's tag and length take at most twice that. */
  private static final int MAX_VARINT = 10;

  /**
   * Bytes decompressed ahead of the decoding at a time: they are still in the L2 cache (and
   * mostly L1) when the decoder reads them, where a whole request's few hundred KiB had left it;
   * asked for this rarely, the asking costs nothing per series. 8 KiB measured no better.
   */
  static final int PIECE = 32 << 10;

  /** Decompresses as the decoding goes; null when the whole message is in the buffer. */
  private SnappyStream source;
  /** {@code buf[0, filled)} is final. */
  private int filled;

  /** Series scanned ahead before any of them is looked up and appended; see the class comment. */
  static final int BATCH = 16;

  private final AppendTally tally;
  /** The first pass over the series being added (or, on a cache miss, re-read). */
  private final SeriesScan scan = new SeriesScan();
  private final ExemplarMetadataDecoder extras;

  // What the first pass found for each series of the pending batch (struct of arrays).
  private final int batch;
  private final int[] seriesStart;
  private final int[] seriesEnd;
  private final int[] keyFrom; // the contiguous label bytes, or -1 when not cacheable
  private final int[] keyTo;
  private final int[] firstOther;
  private final int[] samples;
  /** Pending series {@code j}'s only field after its labels is one sample, read by the scan. */
  private final boolean[] single;
  private final long[] singleT;
  private final double[] singleV;
  private final int[] exemplars;
  private final int[] histograms;
  private final int[] nLabels;
  private final long[] keyHash;
  private int pending;
  /** Consumes the prefetching loads so that the compiler cannot drop them. */
  private long sink;

  WriteRequestDecoder(RemoteWriteLimits limits, int seriesCacheSize) {
    this(limits, seriesCacheSize,
        new SeriesCache(Integer.highestOneBit(Math.max(1, seriesCacheSize))), BATCH);
  }

  /** With a label-set cache that may be shared with other decoders (it is thread-safe). */
  WriteRequestDecoder(RemoteWriteLimits limits, int seriesCacheSize, SeriesCache series) {
    this(limits, seriesCacheSize, series, BATCH);
  }

  /** With label-set and string caches that may be shared with other decoders. */
  WriteRequestDecoder(RemoteWriteLimits limits, SeriesCache series, StringCache strings) {
    this(limits, series, strings, BATCH);
  }

  /**
   * @param batch how many series are scanned ahead before they are looked up and appended; 1
   *     decodes one series at a time (the reference the batched path is tested against)
   */
  WriteRequestDecoder(RemoteWriteLimits limits, int seriesCacheSize, SeriesCache series,
      int batch) {
    this(limits, series, stringCacheFor(seriesCacheSize), batch);
  }

  /** A string cache for a decoder writing about this many series. */
  static StringCache stringCacheFor(int seriesCacheSize) {
    return new StringCache(Math.max(1024, Integer.highestOneBit(Math.max(1, seriesCacheSize))));
  }

  private WriteRequestDecoder(RemoteWriteLimits limits, SeriesCache series, StringCache strings,
      int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive: " + batch);
    }
    this.limits = limits;
    this.tally = new AppendTally(limits);
    this.strings = strings;
    this.extras = new ExemplarMetadataDecoder(in, strings, tally);
    this.series = series;
    this.batch = batch;
    seriesStart = new int[batch];
    seriesEnd = new int[batch];
    keyFrom = new int[batch];
    keyTo = new int[batch];
    firstOther = new int[batch];
    samples = new int[batch];
    single = new boolean[batch];
    singleT = new long[batch];
    singleV = new double[batch];
    exemplars = new int[batch];
    histograms = new int[batch];
    nLabels = new int[batch];
    keyHash = new long[batch];
    hits = new SeriesCache.Hit[batch];
    for (int j = 0; j < batch; j++) {
      hits[j] = new SeriesCache.Hit();
    }
    cachedAt = new boolean[batch];
    onTrail = new boolean[batch];
    preMatched = new boolean[batch];
    missed = new int[batch];
    trailOf = new SeriesTrail[batch];
    trailPos = new int[batch];
  }

  /**
   * Decodes {@code buf[0, len)} into the appender.
   *
   * @throws MalformedRequestException when the bytes are not a valid WriteRequest
   * @throws TooLargeException when the request holds more samples than allowed
   */
  RemoteWriteResult decode(byte[] buf, int len, Appender appender, long nowMs) {
    return decode(buf, len, null, appender, nowMs);
  }

  /**
   * Decodes the block {@code source} decompresses into {@code buf}, asking it for more bytes as
   * the decoding reaches them (see {@link SnappyStream}). A malformed block throws {@link
   * MalformedRequestException} from wherever the decoding has got to; the caller tells it from a
   * malformed message by asking the stream again.
   */
  RemoteWriteResult decode(SnappyStream source, byte[] buf, Appender appender, long nowMs) {
    return decode(buf, source.length(), source, appender, nowMs);
  }

  private RemoteWriteResult decode(byte[] buf, int len, SnappyStream source, Appender appender,
      long nowMs) {
    tally.start(appender, nowMs);
    pending = 0;
    this.source = source;
    filled = source == null ? Integer.MAX_VALUE : source.produced();
    try {
      in.reset(buf, 0);
      while (in.pos < len) {
        ensure(in.pos + 2 * MAX_VARINT);
        int tag = in.tag(len);
        switch (tag >>> 3) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.LEN, "WriteRequest.timeseries (1)");
            int n = in.length(len);
            int start = in.pos;
            ensure(start + n);
            addSeries(start, start + n);
            if (pending == batch) {
              flush();
            }
            in.pos = start + n;
          }
          case 3 -> {
            ProtoReader.expect(tag, ProtoReader.LEN, "WriteRequest.metadata (3)");
            int n = in.length(len);
            int start = in.pos;
            ensure(start + n);
            flush(); // in request order
            extras.decodeMetadata(start, start + n);
            in.pos = start + n;
          }
          default -> in.skip(tag & 7, len);
        }
      }
      flush();
      return tally.result();
    } finally {
      pending = 0;
      this.source = null;
      // a loop of our own rather than Arrays.fill(Object[], Object): that one is shared with every
      // caller in the JVM, and arrays of other types passing through it trapped its compiled code
      // (array_check) and had C2 compile it four or five times during the first seconds of ingest
      SeriesTrail[] trails = trailOf;
      for (int j = 0; j < trails.length; j++) {
        trails[j] = null;
      }
      tally.start(null, 0);
    }
  }

  /** Makes {@code buf[0, end)} final (as far as the message goes): decompressed ahead by a piece. */
  private void ensure(int end) {
    if (end > filled) {
      source.fill(Math.max(end, filled + PIECE));
      filled = source.produced();
    }
  }

  /**
   * Scans a series into the pending batch: its layout, its share of the request's sample budget
   * and the hash of its label bytes. Malformed bytes throw here, before anything of the batch is
   * appended, and the whole request is refused anyway.
   */
  private void addSeries(int start, int end) {
    SeriesScan sc = scan;
    if (pending == 0) {
      ahead = cursor;
      aheadPos = cursorPos;
    }
    // The series the trail predicts: its bytes start with that entry's key, a sequence of label
    // messages an earlier scan read, so only the fields after it need scanning. The key ends
    // where the labels end unless another label message follows, which the scan of the rest
    // reports (and the whole series is scanned then).
    boolean known = false;
    if (ahead != null) {
      int keyLen = ahead.matchPrefix(aheadPos, in.buf, start, end);
      known = keyLen > 0 && sc.scanAfterKey(in, start, start + keyLen, end);
      if (!known) {
        ahead = null;
      }
    }
    if (!known) {
      sc.scan(in, start, end);
    }
    tally.spend((long) sc.samples + sc.exemplars + sc.histograms);
    int j = pending++;
    preMatched[j] = known;
    single[j] = known && sc.single;
    singleT[j] = sc.singleT;
    singleV[j] = sc.singleV;
    if (known) {
      onTrail[j] = true;
      cachedAt[j] = false;
      trailOf[j] = ahead;
      trailPos[j] = aheadPos++;
    }
    seriesStart[j] = start;
    seriesEnd[j] = end;
    firstOther[j] = sc.firstOther;
    samples[j] = sc.samples;
    exemplars[j] = sc.exemplars;
    histograms[j] = sc.histograms;
    nLabels[j] = sc.labels;
    int keyLen = sc.to - sc.from;
    if (known || sc.contiguous && sc.labels > 0 && keyLen <= SeriesCache.MAX_KEY_BYTES) {
      keyFrom[j] = sc.from;
      keyTo[j] = sc.to;
    } else {
      keyFrom[j] = -1;
    }
  }

  /**
   * Looks up and appends the pending series. Each is first compared with the entry at the trail
   * cursor ({@link SeriesTrail}): when senders repeat their order, that is a sequential read and
   * the whole lookup. The rest are looked up in the cache, their lookups issued together ({@link
   * SeriesCache#prefetch}): each is a few dependent memory loads the CPU caches no longer hold at
   * tens of thousands of series, and issued one series at a time they waited for each other.
   * Then the store gets the references of the batch as hints ({@link Appender#prefetch}), and only
   * then are the samples appended, so that the store's loads overlap as well.
   */
  private void flush() {
    int n = pending;
    if (n == 0) {
      return;
    }
    pending = 0;
    byte[] b = in.buf;
    SeriesTrail t = cursor;
    int p = cursorPos;
    int misses = 0;
    boolean relocated = false;
    for (int j = 0; j < n; j++) {
      if (preMatched[j]) {
        // a prefix of the batch, matched from the same cursor: the cursor moves on past it
        t = trailOf[j];
        p = trailPos[j] + 1;
        trailHits++;
        continue;
      }
      int from = keyFrom[j];
      onTrail[j] = false;
      cachedAt[j] = false;
      trailOf[j] = null;
      if (from < 0) {
        continue;
      }
      int len = keyTo[j] - from;
      if (t != null && t.matches(p, b, from, len)) {
        onTrail[j] = true;
        trailOf[j] = t;
        trailPos[j] = p++;
        trailHits++;
      } else {
        keyHash[j] = ByteKeys.hash(b, from, len);
        t = null;
        if (!relocated) {
          // once a batch, the trail is looked for at once: where a sender's series continue in
          // another trail (the next request's, the first time round), the rest of the batch
          // follows that one
          relocated = true;
          if (cachedAt[j] = series.get(b, from, len, keyHash[j], hits[j])) {
            t = SeriesCache.trail(hits[j]);
            p = SeriesCache.trailPosition(hits[j]) + 1;
            continue;
          }
        }
        missed[misses++] = j;
      }
    }
    if (misses > 1) {
      long s = 0;
      for (int i = 0; i < misses; i++) {
        s += series.prefetch(keyHash[missed[i]]);
      }
      sink += s;
    }
    for (int i = 0; i < misses; i++) {
      int j = missed[i];
      int from = keyFrom[j];
      cachedAt[j] = series.get(b, from, keyTo[j] - from, keyHash[j], hits[j]);
    }
    if (n > 1) {
      for (int j = 0; j < n; j++) {
        if (samples[j] > 0) {
          long ref = onTrail[j] ? trailOf[j].ref(trailPos[j]) : cachedAt[j] ? hits[j].ref : 0;
          if (ref > 0) {
            tally.prefetch(ref);
          }
        }
      }
    }
    for (int j = 0; j < n; j++) {
      appendSeries(j);
    }
  }

  /** Appends pending series {@code j}: its labels from the cache or decoded, then the rest. */
  private void appendSeries(int j) {
    int from = keyFrom[j];
    int end = seriesEnd[j];
    int nSamples = samples[j];
    int nHistograms = histograms[j];
    SeriesCache.Hit hit = hits[j];
    Labels labels;
    long ref;
    boolean cached = false;
    if (onTrail[j]) {
      labels = trailOf[j].labels(trailPos[j]);
      ref = trailOf[j].ref(trailPos[j]);
    } else {
      boolean cacheable = from >= 0;
      // looked up again on a miss: an earlier series of the batch may have just cached this key
      cached = cachedAt[j]
          || cacheable && series.get(in.buf, from, keyTo[j] - from, keyHash[j], hit);
      if (cached) {
        labels = hit.labels;
      } else {
        if (batch > 1) {
          scan.scan(in, seriesStart[j], end); // the scan holds a later series of the batch
        }
        labels = scan.labels(in, nLabels[j], strings, tally, nSamples + nHistograms);
        if (labels == null) {
          return;
        }
        cached = cacheable && series.put(in.buf, from, keyTo[j] - from, labels, hit);
      }
      ref = cached ? hit.ref : 0;
      if (cached) {
        follow(j, from, hit);
      }
    }
    if (trailOf[j] != null) {
      cursor = trailOf[j];
      cursorPos = trailPos[j] + 1;
    }
    if (nSamples > 0) {
      long appended = single[j] ? appendOne(ref, labels, singleT[j], singleV[j])
          : appendSamples(ref, labels, firstOther[j], end);
      if (appended > 0 && appended != ref) {
        if (cached) {
          series.ref(hit, appended);
        }
        if (trailOf[j] != null) {
          trailOf[j].ref(trailPos[j], appended);
        }
      }
    }
    if (exemplars[j] > 0) {
      extras.appendExemplars(labels, firstOther[j], end);
    }
    if (nHistograms > 0) {
      tally.reject(RemoteWriteStatus.BAD_DATA, nHistograms,
          "native histograms are not supported yet: " + nHistograms
              + " histogram samples rejected for series " + labels);
    }
  }

  /**
   * Sets pending series {@code j}'s trail entry from its cache hit, adding the series to this
   * request's trail when it is in none yet.
   */
  private void follow(int j, int from, SeriesCache.Hit hit) {
    SeriesTrail t = SeriesCache.trail(hit);
    int p;
    if (t != null) {
      p = SeriesCache.trailPosition(hit);
    } else {
      if (building == null || building.full() || !series.owns(hit, building)) {
        building = series.newTrail(); // or the cache started afresh since the last one
        if (!series.owns(hit, building)) {
          // started afresh since the hit: its key is in the old arena, which the new trail
          // does not refer to (the next request finds the series in the new generation)
          trailOf[j] = null;
          return;
        }
      }
      t = building;
      p = t.add(SeriesCache.arenaAt(hit), hit.labels, hit.ref);
      series.trail(hit, t, p);
    }
    trailOf[j] = t;
    trailPos[j] = p;
  }

  /** Appends a series' only sample, read by the scan; returns the reference as appendSamples. */
  private long appendOne(long ref, Labels labels, long t, double v) {
    ref = tally.sample(ref, labels, t, v);
    return ref == AppendTally.SERIES_REFUSED ? 0 : ref;
  }

  /** Appends the series' samples starting from the store reference {@code ref}; returns the last. */
  private long appendSamples(long ref, Labels labels, int start, int end) {
    in.pos = start;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag >>> 3 != 2) {
        in.skip(tag & 7, end);
        continue;
      }
      sample.read(in, in.length(end) + in.pos);
      ref = tally.sample(ref, labels, sample.timestamp, sample.value);
      if (ref == AppendTally.SERIES_REFUSED) {
        // the remaining samples of the series would be refused the same way
        tally.rejected += countRemaining(end);
        return 0;
      }
    }
    return ref;
  }

  private int countRemaining(int end) {
    int n = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag >>> 3 == 2) {
        n++;
      }
      in.skip(tag & 7, end);
    }
    return n;
  }

}
