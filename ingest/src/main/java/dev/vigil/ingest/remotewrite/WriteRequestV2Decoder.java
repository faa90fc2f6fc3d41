package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Appender;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.MetricMetadata;
import java.util.Arrays;

/**
 * Streams a remote-write 2.0 {@code io.prometheus.write.v2.Request} into an {@link Appender}.
 *
 * <p>Field numbers (prompb/io/prometheus/write/v2/types.proto): Request{symbols=4,
 * timeseries=5}; TimeSeries{labels_refs=1 packed uint32, samples=2, histograms=3, exemplars=4,
 * metadata=5, created_timestamp=6}; Sample{value=1, timestamp=2}; Exemplar{labels_refs=1,
 * value=2, timestamp=3 (0 = unset)}; Metadata{type=1, help_ref=3, unit_ref=4}.
 *
 * <p>A first pass records where the symbols and series are (the symbol table may come anywhere in
 * the message); symbols are decoded lazily through the {@link StringCache}. A reference outside
 * the table or an odd number of label references makes the request malformed. Metadata is
 * recorded against the series it comes with. Created timestamps are ignored, as Prometheus does
 * unless created-timestamp zero ingestion is enabled. Not thread-safe; reusable.
 */
final class WriteRequestV2Decoder {
  private final StringCache strings;
  private final AppendTally tally;
  private final ProtoReader in = new ProtoReader();
  private final SampleMessage sample = new SampleMessage();
  private final LabelsBuilder exemplarLabels = new LabelsBuilder();

  private int[] symOff = new int[256];
  private int[] symLen = new int[256];
  private String[] sym = new String[256];
  private boolean[] symDecoded = new boolean[256];
  private int nSym;
  private int[] seriesOff = new int[256];
  private int[] seriesEnd = new int[256];
  private int[] refs = new int[64];
  private String[] pairs = new String[64];

  WriteRequestV2Decoder(RemoteWriteLimits limits, StringCache strings) {
    this.strings = strings;
    this.tally = new AppendTally(limits);
  }

  RemoteWriteResult decode(byte[] buf, int len, Appender appender, long nowMs) {
    tally.start(appender, nowMs);
    try {
      in.reset(buf, 0);
      nSym = 0;
      int nSeries = 0;
      while (in.pos < len) {
        int tag = in.tag(len);
        switch (tag >>> 3) {
          case 4 -> {
            ProtoReader.expect(tag, ProtoReader.LEN, "Request.symbols (4)");
            int n = in.length(len);
            if (nSym == symOff.length) {
              growSymbols();
            }
            symOff[nSym] = in.pos;
            symLen[nSym] = n;
            symDecoded[nSym] = false;
            sym[nSym++] = null;
            in.pos += n;
          }
          case 5 -> {
            ProtoReader.expect(tag, ProtoReader.LEN, "Request.timeseries (5)");
            int n = in.length(len);
            if (nSeries == seriesOff.length) {
              seriesOff = Arrays.copyOf(seriesOff, nSeries * 2);
              seriesEnd = Arrays.copyOf(seriesEnd, nSeries * 2);
            }
            seriesOff[nSeries] = in.pos;
            seriesEnd[nSeries++] = in.pos + n;
            in.pos += n;
          }
          default -> in.skip(tag & 7, len);
        }
      }
      for (int i = 0; i < nSeries; i++) {
        decodeSeries(seriesOff[i], seriesEnd[i]);
      }
      return tally.result();
    } finally {
      tally.start(null, 0);
      Arrays.fill(sym, 0, nSym, null);
    }
  }

  private void growSymbols() {
    int n = symOff.length * 2;
    symOff = Arrays.copyOf(symOff, n);
    symLen = Arrays.copyOf(symLen, n);
    sym = Arrays.copyOf(sym, n);
    symDecoded = Arrays.copyOf(symDecoded, n);
  }

  /** The symbol at {@code ref}, or null when it is not valid UTF-8. */
  private String symbol(long ref) {
    if (ref < 0 || ref >= nSym) {
      throw new MalformedRequestException(
          "symbol reference " + ref + " is out of range: the request has " + nSym + " symbols");
    }
    int r = (int) ref;
    if (!symDecoded[r]) {
      sym[r] = strings.get(in.buf, symOff[r], symLen[r]);
      symDecoded[r] = true;
    }
    return sym[r];
  }

  private void decodeSeries(int start, int end) {
    int nRefs = 0;
    int nSamples = 0;
    int nHistograms = 0;
    int nExemplars = 0;
    int metaFrom = -1;
    int metaTo = -1;
    in.pos = start;
    while (in.pos < end) {
      int tag = in.tag(end);
      int field = tag >>> 3;
      if (field == 1) {
        nRefs = readRefs(tag, end, nRefs);
      } else if (field >= 2 && field <= 5) {
        ProtoReader.expect(tag, ProtoReader.LEN, "TimeSeries", field);
        int n = in.length(end);
        switch (field) {
          case 2 -> nSamples++;
          case 3 -> nHistograms++;
          case 4 -> nExemplars++;
          default -> {
            metaFrom = in.pos;
            metaTo = in.pos + n;
          }
        }
        in.pos += n;
      } else {
        in.skip(tag & 7, end);
      }
    }
    if (nRefs % 2 != 0) {
      throw new MalformedRequestException("odd number of label references (" + nRefs + ") in a series");
    }
    tally.spend((long) nSamples + nHistograms + nExemplars);
    if (pairs.length < nRefs) {
      pairs = new String[nRefs];
    }
    int n = 0;
    boolean badUtf8 = false;
    for (int i = 0; i < nRefs; i += 2) {
      String name = symbol(refs[i]);
      String value = symbol(refs[i + 1]);
      if (name == null || value == null) {
        badUtf8 = true;
        name = name == null ? "\uFFFD" : name;
        value = value == null ? "\uFFFD" : value;
      }
      if (!value.isEmpty()) {
        pairs[n++] = name;
        pairs[n++] = value;
      }
    }
    Labels labels = tally.series(pairs, n, badUtf8, nSamples + nHistograms);
    if (labels == null) {
      return;
    }
    long ref = 0;
    in.pos = start;
    while (in.pos < end) {
      int tag = in.tag(end);
      int field = tag >>> 3;
      if (field == 2) {
        sample.read(in, in.length(end) + in.pos);
        if (ref != AppendTally.SERIES_REFUSED) {
          ref = tally.sample(ref, labels, sample.timestamp, sample.value);
        } else {
          tally.rejected++;
        }
      } else if (field == 4 && ref != AppendTally.SERIES_REFUSED) {
        int limit = in.length(end) + in.pos;
        exemplar(ref, labels, limit);
      } else {
        in.skip(tag & 7, end);
      }
    }
    if (nHistograms > 0) {
      tally.reject(RemoteWriteStatus.BAD_DATA, nHistograms,
          "native histograms are not supported yet: " + nHistograms
              + " histogram samples rejected for series " + labels);
    }
    if (metaFrom >= 0 && ref != AppendTally.SERIES_REFUSED) {
      metadata(ref, labels, metaFrom, metaTo);
    }
  }

  /** Reads labels_refs, packed or not, appending to {@link #refs}; returns the new count. */
  private int readRefs(int tag, int end, int nRefs) {
    if ((tag & 7) == ProtoReader.VARINT) {
      return addRef(nRefs, in.varint(end));
    }
    ProtoReader.expect(tag, ProtoReader.LEN, "TimeSeries.labels_refs (1)");
    int limit = in.length(end) + in.pos;
    while (in.pos < limit) {
      nRefs = addRef(nRefs, in.varint(limit));
    }
    return nRefs;
  }

  private int addRef(int nRefs, long ref) {
    if (ref < 0 || ref > Integer.MAX_VALUE) {
      throw new MalformedRequestException("label reference " + ref + " is not a uint32");
    }
    if (nRefs == refs.length) {
      refs = Arrays.copyOf(refs, nRefs * 2);
    }
    refs[nRefs] = (int) ref;
    return nRefs + 1;
  }

  private void exemplar(long ref, Labels labels, int limit) {
    exemplarLabels.reset();
    double v = 0;
    long t = 0;
    boolean badUtf8 = false;
    int saved = 0;
    while (in.pos < limit) {
      int et = in.tag(limit);
      switch (et >>> 3) {
        case 1 -> {
          saved = readRefs(et, limit, 0);
          if (saved % 2 != 0) {
            throw new MalformedRequestException(
                "odd number of label references (" + saved + ") in an exemplar");
          }
          for (int i = 0; i < saved; i += 2) {
            String name = symbol(refs[i]);
            String value = symbol(refs[i + 1]);
            badUtf8 |= name == null || value == null;
            if (name != null && value != null && !name.isEmpty()) {
              exemplarLabels.set(name, value);
            }
          }
        }
        case 2 -> {
          ProtoReader.expect(et, ProtoReader.FIXED64, "Exemplar.value (2)");
          v = in.fixed64Double(limit);
        }
        case 3 -> {
          ProtoReader.expect(et, ProtoReader.VARINT, "Exemplar.timestamp (3)");
          t = in.varint(limit);
        }
        default -> in.skip(et & 7, limit);
      }
    }
    if (!badUtf8) {
      tally.exemplar(ref, labels, new Exemplar(exemplarLabels.build(), v, t, t != 0), true);
    }
  }

  private void metadata(long ref, Labels labels, int from, int to) {
    int type = 0;
    long helpRef = 0;
    long unitRef = 0;
    in.pos = from;
    while (in.pos < to) {
      int tag = in.tag(to);
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.VARINT, "Metadata.type (1)");
          type = (int) in.varint(to);
        }
        case 3 -> {
          ProtoReader.expect(tag, ProtoReader.VARINT, "Metadata.help_ref (3)");
          helpRef = in.varint(to);
        }
        case 4 -> {
          ProtoReader.expect(tag, ProtoReader.VARINT, "Metadata.unit_ref (4)");
          unitRef = in.varint(to);
        }
        default -> in.skip(tag & 7, to);
      }
    }
    String help = nSym == 0 && helpRef == 0 ? "" : symbol(helpRef);
    String unit = nSym == 0 && unitRef == 0 ? "" : symbol(unitRef);
    if (type == 0 && (help == null || help.isEmpty()) && (unit == null || unit.isEmpty())) {
      return;
    }
    tally.metadata(ref, labels, new MetricMetadata(ExemplarMetadataDecoder.metricType(type),
        help == null ? "" : help, unit == null ? "" : unit));
  }
}
