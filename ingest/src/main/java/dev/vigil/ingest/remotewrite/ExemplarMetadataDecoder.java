package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;

/**
 * Decodes the rarer parts of a remote-write 1.0 request for {@link WriteRequestDecoder}: a
 * series' exemplars (best effort, as in Prometheus: refused or invalid ones are dropped without
 * failing the request) and the request's metric metadata. Reads through the decoder's {@link
 * ProtoReader} and appends through its {@link AppendTally}. Not thread-safe: one per decoder.
 */
final class ExemplarMetadataDecoder {
  private final ProtoReader in;
  private final StringCache strings;
  private final AppendTally tally;
  private final LabelsBuilder exemplarLabels = new LabelsBuilder();

  ExemplarMetadataDecoder(ProtoReader in, StringCache strings, AppendTally tally) {
    this.in = in;
    this.strings = strings;
    this.tally = tally;
  }

  /** Appends the exemplars (TimeSeries field 3) of the series {@code buf[start, end)}. */
  void appendExemplars(Labels labels, int start, int end) {
    in.pos = start;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag >>> 3 != 3) {
        in.skip(tag & 7, end);
        continue;
      }
      int limit = in.length(end) + in.pos;
      exemplarLabels.reset();
      double v = 0;
      long t = 0;
      boolean badUtf8 = false;
      while (in.pos < limit) {
        int et = in.tag(limit);
        switch (et >>> 3) {
          case 1 -> {
            ProtoReader.expect(et, ProtoReader.LEN, "Exemplar.labels (1)");
            int lend = in.length(limit) + in.pos;
            String name = "";
            String value = "";
            while (in.pos < lend) {
              int lt = in.tag(lend);
              int f = lt >>> 3;
              if (f == 1 || f == 2) {
                ProtoReader.expect(lt, ProtoReader.LEN, "Label", f);
                int len = in.length(lend);
                String s = strings.get(in.buf, in.pos, len);
                in.pos += len;
                badUtf8 |= s == null;
                if (f == 1) {
                  name = s == null ? "" : s;
                } else {
                  value = s == null ? "" : s;
                }
              } else {
                in.skip(lt & 7, lend);
              }
            }
            if (!name.isEmpty()) {
              exemplarLabels.set(name, value);
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
      if (badUtf8) {
        continue; // exemplars are best effort, as in Prometheus: dropped without failing
      }
      // Prometheus's 1.0 receiver drops refused exemplars without failing the request.
      tally.exemplar(0, labels, new Exemplar(exemplarLabels.build(), v, t, t != 0), false);
    }
  }

  /** Records one MetricMetadata message, {@code buf[start, end)}. */
  void decodeMetadata(int start, int end) {
    int type = 0;
    String family = "";
    String help = "";
    String unit = "";
    in.pos = start;
    while (in.pos < end) {
      int tag = in.tag(end);
      int field = tag >>> 3;
      if (field == 1) {
        ProtoReader.expect(tag, ProtoReader.VARINT, "MetricMetadata.type (1)");
        type = (int) in.varint(end);
      } else if (field == 2 || field == 4 || field == 5) {
        ProtoReader.expect(tag, ProtoReader.LEN, "MetricMetadata", field);
        int len = in.length(end);
        String s = strings.get(in.buf, in.pos, len);
        in.pos += len;
        if (s == null) {
          tally.reject(RemoteWriteStatus.BAD_DATA, 0, "invalid utf-8 in metric metadata");
          return;
        }
        switch (field) {
          case 2 -> family = s;
          case 4 -> help = s;
          default -> unit = s;
        }
      } else {
        in.skip(tag & 7, end);
      }
    }
    if (family.isEmpty()) {
      return; // nothing to attach it to; Prometheus ignores such entries as well
    }
    // 1.0 metadata names a family, not a series: it is recorded against {__name__="family"}.
    tally.metadata(0, Labels.of(Labels.METRIC_NAME, family), new MetricMetadata(metricType(type), help, unit));
  }

  /** prompb MetricMetadata.MetricType: UNKNOWN=0 COUNTER=1 GAUGE=2 HISTOGRAM=3 GAUGEHISTOGRAM=4 SUMMARY=5 INFO=6 STATESET=7. */
  static MetricType metricType(int wire) {
    return switch (wire) {
      case 1 -> MetricType.COUNTER;
      case 2 -> MetricType.GAUGE;
      case 3 -> MetricType.HISTOGRAM;
      case 4 -> MetricType.GAUGEHISTOGRAM;
      case 5 -> MetricType.SUMMARY;
      case 6 -> MetricType.INFO;
      case 7 -> MetricType.STATESET;
      default -> MetricType.UNKNOWN;
    };
  }
}
