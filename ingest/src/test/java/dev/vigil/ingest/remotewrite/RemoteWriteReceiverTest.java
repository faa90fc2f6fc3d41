package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.remotewrite.RecordingAppender.Sample;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;
import dev.vigil.model.Samples;
import dev.vigil.model.StorageException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteWriteReceiverTest {
  static final long NOW = 1_700_000_000_000L;
  static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(NOW));

  final RecordingAppender app = new RecordingAppender();

  static RemoteWriteReceiver receiver() {
    return new RemoteWriteReceiver(RemoteWriteLimits.defaults(), CLOCK, 64);
  }

  RemoteWriteResult write(WriteRequestEncoder enc) {
    return receiver().write(enc.toBody(), "application/x-protobuf", "snappy", app);
  }

  @Test
  void roundTripSamplesExemplarsMetadata() {
    Labels a = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");
    Labels b = Labels.of("__name__", "up", "instance", "h:9090");
    Exemplar ex = new Exemplar(Labels.of("trace_id", "abc123"), 0.25, NOW - 5, true);
    WriteRequestEncoder enc =
        new WriteRequestEncoder()
            .series(
                new String[] {"job", "api", "__name__", "http_requests_total", "code", "200"},
                new long[] {NOW - 2000, NOW - 1000, NOW},
                new double[] {1, 2.5, Samples.STALE_NAN},
                List.of(ex))
            .series(b, -5, -1e300)
            .metadata("http_requests_total", MetricType.COUNTER, "Requests served.", "")
            .metadata("up", MetricType.GAUGE, "", "");
    RemoteWriteResult r = write(enc);
    assertThat(r).isEqualTo(
        new RemoteWriteResult(4, 1, 0, 2, 0, RemoteWriteStatus.OK, "", true));
    assertThat(app.samples)
        .containsExactly(
            new Sample(a, NOW - 2000, 1),
            new Sample(a, NOW - 1000, 2.5),
            new Sample(a, NOW, Samples.STALE_NAN),
            new Sample(b, -5, -1e300));
    assertThat(Samples.isStaleNaN(app.samples.get(2).v())).isTrue();
    assertThat(app.exemplars).containsExactly(new RecordingAppender.SeriesExemplar(a, ex));
    assertThat(app.metadata)
        .containsExactly(
            new RecordingAppender.Metadata(
                Labels.of("__name__", "http_requests_total"),
                new MetricMetadata(MetricType.COUNTER, "Requests served.", "")),
            new RecordingAppender.Metadata(
                Labels.of("__name__", "up"), new MetricMetadata(MetricType.GAUGE, "", "")));
  }

  @Test
  void emptyValuesMeanAbsentLabelsAndUtf8NamesAreKept() {
    write(new WriteRequestEncoder().series(
        new String[] {"__name__", "temp.celsius", "room", "", "ort", "Zürich"},
        new long[] {NOW}, new double[] {21}, List.of()));
    assertThat(app.samples)
        .containsExactly(new Sample(Labels.of("__name__", "temp.celsius", "ort", "Zürich"), NOW, 21));
  }

  @Test
  void invalidSeriesAreRejectedAndTheRestIsKept() {
    check(new String[] {"__name__", "x", "a", "1", "a", "2"}, RemoteWriteStatus.BAD_DATA,
        "duplicate label name \"a\" in series {__name__=\"x\", a=\"1\", a=\"2\"}");
    check(new String[] {"job", "j"}, RemoteWriteStatus.BAD_DATA,
        "missing metric name in series {job=\"j\"}");
    check(new String[] {"__name__", "", "job", "j"}, RemoteWriteStatus.BAD_DATA,
        "missing metric name in series {job=\"j\"}");
    check(new String[] {"__name__", "x", "", "v"}, RemoteWriteStatus.BAD_DATA,
        "empty label name in series {=\"v\", __name__=\"x\"}");
    String[] many = new String[2 * 130];
    for (int i = 0; i < 130; i++) {
      many[2 * i] = i == 0 ? "__name__" : "l" + i;
      many[2 * i + 1] = "v";
    }
    check(many, RemoteWriteStatus.LIMIT, "series has 130 labels, over the limit of 128");
    check(new String[] {"__name__", "x", "n".repeat(1025), "v"}, RemoteWriteStatus.LIMIT,
        "label name of 1025 chars is over the limit of 1024");
    check(new String[] {"__name__", "x", "a", "v".repeat(16385)}, RemoteWriteStatus.LIMIT,
        "value of label \"a\" has 16385 chars, over the limit of 16384");
  }

  private void check(String[] labels, RemoteWriteStatus want, String wantMessage) {
    RecordingAppender rec = new RecordingAppender();
    WriteRequestEncoder enc = new WriteRequestEncoder()
        .series(Labels.of("__name__", "before"), NOW, 1)
        .series(labels, new long[] {NOW, NOW + 1}, new double[] {1, 2}, List.of())
        .series(Labels.of("__name__", "after"), NOW, 1);
    RemoteWriteResult r = receiver().write(enc.toBody(), null, null, rec);
    assertThat(r.status()).isEqualTo(want);
    assertThat(r.message()).startsWith(wantMessage);
    assertThat(r.commit()).isTrue();
    assertThat(r.samples()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(2);
    assertThat(rec.samples).extracting(s -> s.labels().metricName()).containsExactly("before", "after");
  }

  @Test
  void invalidUtf8IsRejected() {
    ProtoWriter label = new ProtoWriter();
    label.stringField(1, "__name__");
    label.bytesField(2, new byte[] {'a', (byte) 0xc3, (byte) 0x28});
    ProtoWriter series = new ProtoWriter();
    series.messageField(1, label);
    ProtoWriter sample = new ProtoWriter();
    sample.doubleField(1, 1);
    sample.varintField(2, NOW);
    series.messageField(2, sample);
    ProtoWriter req = new ProtoWriter();
    req.messageField(1, series);
    RemoteWriteResult r = write(new WriteRequestEncoder().raw(req.toByteArray()));
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.message()).startsWith("invalid utf-8 in labels of series");
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(app.samples).isEmpty();
  }

  @Test
  void outOfOrderAndDuplicateSamplesAreSkippedWith400() {
    Labels a = Labels.of("__name__", "a");
    WriteRequestEncoder enc = new WriteRequestEncoder()
        .series(a, new long[] {NOW, NOW - 10, NOW, NOW, NOW + 5}, new double[] {1, 2, 1, 3, 4})
        .series(Labels.of("__name__", "b"), NOW, 1);
    RemoteWriteResult r = write(enc);
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.message()).isEqualTo(
        "out of order sample for series a{} (and 1 more errors)");
    assertThat(r.commit()).isTrue();
    assertThat(r.samples()).isEqualTo(4); // the identical duplicate is accepted silently
    assertThat(r.rejected()).isEqualTo(2);
    assertThat(app.samples).containsExactly(
        new Sample(a, NOW, 1), new Sample(a, NOW + 5, 4),
        new Sample(Labels.of("__name__", "b"), NOW, 1));
  }

  @Test
  void samplesTooFarInTheFutureAreOutOfBounds() {
    RemoteWriteResult r = write(new WriteRequestEncoder()
        .series(Labels.of("__name__", "a"), new long[] {NOW + 600_000, NOW + 600_001},
            new double[] {1, 2}));
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.message()).startsWith("out of bounds: timestamp 1700000600001 is more than 600000ms ahead");
    assertThat(r.samples()).isEqualTo(1);
  }

  @Test
  void nativeHistogramsAreRefusedUntilSupported() {
    RemoteWriteResult r = write(new WriteRequestEncoder()
        .nativeHistogram(Labels.of("__name__", "latency"), NOW, 10, 2.5)
        .series(Labels.of("__name__", "a"), NOW, 1));
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.message()).isEqualTo(
        "native histograms are not supported yet: 1 histogram samples rejected for series latency{}");
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.commit()).isTrue();
    assertThat(app.samples).hasSize(1);
  }

  @Test
  void storageFailureAsksForRollbackAndRetry() {
    app.failWith = new StorageException("disk full");
    RemoteWriteResult r = write(new WriteRequestEncoder().series(Labels.of("__name__", "a"), NOW, 1));
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.STORAGE);
    assertThat(r.status().retryable()).isTrue();
    assertThat(r.commit()).isFalse();
    assertThat(r.message()).isEqualTo("cannot append write request: disk full");
  }

  @Test
  void malformedBodiesAreBadData() {
    byte[] good = new WriteRequestEncoder()
        .series(Labels.of("__name__", "a", "job", "j"), new long[] {NOW, NOW + 1}, new double[] {1, 2})
        .toProtobuf();
    malformed(new byte[] {1, 2, 3, 4, 5, 6, 7}, "cannot decompress snappy body of 7 bytes");
    malformed(new byte[0], "cannot decompress snappy body of 0 bytes");
    malformed(WriteRequestEncoder.snappy(Arrays.copyOf(good, good.length - 3)),
        "cannot decode write request: ");
    // timeseries (field 1) with wire type 0
    malformed(WriteRequestEncoder.snappy(new byte[] {0x08, 0x01}),
        "cannot decode write request: field WriteRequest.timeseries (1) has wire type 0, want 2");
    // a sample whose value is a varint instead of a double
    ProtoWriter sample = new ProtoWriter();
    sample.varintField(1, 7);
    ProtoWriter label = new ProtoWriter();
    label.stringField(1, "__name__");
    label.stringField(2, "x");
    ProtoWriter series = new ProtoWriter();
    series.messageField(1, label);
    series.messageField(2, sample);
    ProtoWriter req = new ProtoWriter();
    req.messageField(1, series);
    malformed(WriteRequestEncoder.snappy(req.toByteArray()),
        "cannot decode write request: field Sample.value (1) has wire type 0, want 1");
    // a length running past the end of the message
    malformed(WriteRequestEncoder.snappy(new byte[] {0x0a, 0x7f, 0x0a}),
        "cannot decode write request: length 127 at offset 1 exceeds the 1 bytes left in the message");
    // field number 0
    malformed(WriteRequestEncoder.snappy(new byte[] {0x02, 0x00}),
        "cannot decode write request: invalid field tag 2 at offset 1");
  }

  private void malformed(byte[] body, String wantPrefix) {
    RemoteWriteResult r = receiver().write(body, null, null, new RecordingAppender());
    assertThat(r.status()).as(r.message()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.commit()).as(r.message()).isFalse();
    assertThat(r.message()).startsWith(wantPrefix);
  }

  /**
   * The decoder reads the usual encoding of labels and samples by a fast path; every other valid
   * encoding must decode to the same thing through the general one: long labels (two-byte
   * lengths), labels after samples, timestamp before value, a value or timestamp alone, a field
   * repeated (the last wins, as in protobuf).
   */
  @Test
  void unusualButValidEncodingsDecodeLikeTheUsualOne() {
    String longValue = "v".repeat(300);
    ProtoWriter req = new ProtoWriter();
    // series 1: a long label value, samples written timestamp first, one with a repeated value
    ProtoWriter s1 = new ProtoWriter();
    s1.messageField(1, label("__name__", "long"));
    s1.messageField(1, label("x", longValue));
    ProtoWriter tFirst = new ProtoWriter();
    tFirst.varintField(2, NOW);
    tFirst.doubleField(1, 1.5);
    s1.messageField(2, tFirst);
    ProtoWriter repeated = new ProtoWriter();
    repeated.doubleField(1, 7);
    repeated.varintField(2, NOW + 1);
    repeated.doubleField(1, 2.5);
    s1.messageField(2, repeated);
    req.messageField(1, s1);
    // series 2: samples before the labels, the first one a value alone (timestamp 0)
    ProtoWriter s2 = new ProtoWriter();
    ProtoWriter valueOnly = new ProtoWriter();
    valueOnly.doubleField(1, 4.5);
    s2.messageField(2, valueOnly);
    ProtoWriter plain = new ProtoWriter();
    plain.doubleField(1, 3.5);
    plain.varintField(2, NOW + 2);
    s2.messageField(2, plain);
    s2.messageField(1, label("__name__", "late_labels"));
    s2.messageField(1, label("job", "j"));
    req.messageField(1, s2);
    RemoteWriteResult r = receiver().write(WriteRequestEncoder.snappy(req.toByteArray()),
        "application/x-protobuf", "snappy", app);
    assertThat(r.ok()).as(r.message()).isTrue();
    Labels long1 = Labels.of("__name__", "long", "x", longValue);
    Labels late = Labels.of("__name__", "late_labels", "job", "j");
    assertThat(app.samples).containsExactly(
        new Sample(long1, NOW, 1.5), new Sample(long1, NOW + 1, 2.5),
        new Sample(late, 0, 4.5), new Sample(late, NOW + 2, 3.5));
  }

  /** A label whose one-byte length runs past its series is refused, not read past the end. */
  @Test
  void aLabelLengthPastItsSeriesIsBadData() {
    // series of 4 bytes: a label tag with length 5
    malformed(WriteRequestEncoder.snappy(new byte[] {0x0a, 0x04, 0x0a, 0x05, 0x0a, 0x00}),
        "cannot decode write request: length 5 at offset 3 exceeds the 2 bytes left in the message");
  }

  private static ProtoWriter label(String name, String value) {
    ProtoWriter l = new ProtoWriter();
    l.stringField(1, name);
    l.stringField(2, value);
    return l;
  }

  @Test
  void unknownFieldsAreSkipped() {
    ProtoWriter req = new ProtoWriter();
    req.varintField(9, 42);
    req.doubleField(10, 1.5);
    req.tag(11, 5);
    req.raw(new byte[4], 0, 4);
    byte[] extra = req.toByteArray();
    RemoteWriteResult r = write(new WriteRequestEncoder().raw(extra)
        .series(Labels.of("__name__", "a"), NOW, 1));
    assertThat(r.ok()).isTrue();
    assertThat(app.samples).hasSize(1);
  }

  @Test
  void headersAreChecked() {
    byte[] body = new WriteRequestEncoder().series(Labels.of("__name__", "a"), NOW, 1).toBody();
    header("application/x-protobuf;proto=prometheus.WriteRequest", "snappy", body, RemoteWriteStatus.OK, "");
    header("application/x-protobuf", "SNAPPY", body, RemoteWriteStatus.OK, "");
    header("application/json", null, body, RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE,
        "content type application/json is not accepted; want application/x-protobuf");
    header("application/x-protobuf", "gzip", body, RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE,
        "gzip encoding (compression) is not accepted; only snappy is");
    header("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy",
        new WriteRequestV2Encoder().series(Labels.of("__name__", "a"), NOW, 1).toBody(), RemoteWriteStatus.OK, "");
    header("application/x-protobuf;proto=foo.Bar", "snappy", body,
        RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE,
        "unknown protobuf message foo.Bar in content type; accepted prometheus.WriteRequest, "
            + "io.prometheus.write.v2.Request");
  }

  @Test
  void oneReceiverChecksEachRequestsHeaders() {
    // the receiver remembers the last headers' verdict: a change of headers must be seen
    RemoteWriteReceiver rx = receiver();
    byte[] v1 = new WriteRequestEncoder().series(Labels.of("__name__", "a"), NOW, 1).toBody();
    byte[] v2 = new WriteRequestV2Encoder().series(Labels.of("__name__", "a"), NOW + 1, 1)
        .toBody();
    String[][] headers = {
        {"application/x-protobuf", "snappy"},
        {"application/json", "snappy"},
        {"application/x-protobuf", "snappy"},
        {"application/x-protobuf", "gzip"},
        {"application/x-protobuf; proto = io.prometheus.write.v2.Request", "snappy"},
        {"application/x-protobuf;proto=io.prometheus.write.v2.Request", null},
        {null, null},
    };
    RemoteWriteStatus[] want = {RemoteWriteStatus.OK, RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE,
        RemoteWriteStatus.OK, RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE, RemoteWriteStatus.OK,
        RemoteWriteStatus.OK, RemoteWriteStatus.OK};
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < headers.length; i++) {
        boolean isV2 = headers[i][0] != null && headers[i][0].contains("v2");
        RemoteWriteResult r = rx.write(isV2 ? v2 : v1, headers[i][0], headers[i][1],
            new RecordingAppender());
        assertThat(r.status()).as(round + ": " + String.join(" ", String.valueOf(headers[i][0]),
            String.valueOf(headers[i][1]))).isEqualTo(want[i]);
        if (want[i] == RemoteWriteStatus.OK) {
          assertThat(r.samples()).isEqualTo(1);
        }
      }
    }
    assertThat(RemoteWriteReceiver.isV2("application/x-protobuf; proto= io.prometheus.write.v2.Request"))
        .isTrue();
    assertThat(RemoteWriteReceiver.isV2("application/x-protobuf;proto=prometheus.WriteRequest"))
        .isFalse();
    assertThat(RemoteWriteReceiver.isV2(null)).isFalse();
  }

  private void header(String ct, String ce, byte[] body, RemoteWriteStatus want, String msg) {
    RemoteWriteResult r = receiver().write(body, ct, ce, new RecordingAppender());
    assertThat(r.status()).as(ct + " " + ce).isEqualTo(want);
    assertThat(r.message()).isEqualTo(msg);
  }

  @Test
  void requestLimitsRefuseTheWholeRequest() {
    byte[] body = new WriteRequestEncoder()
        .series(Labels.of("__name__", "a"), new long[] {1, 2, 3}, new double[] {1, 2, 3})
        .series(Labels.of("__name__", "b"), new long[] {1, 2, 3}, new double[] {1, 2, 3})
        .toBody();
    RemoteWriteResult r = new RemoteWriteReceiver(new RemoteWriteLimits(0, 5, 0, 0, 0, 0), CLOCK)
        .write(body, null, null, app);
    assertThat(r).isEqualTo(RemoteWriteResult.refused(
        RemoteWriteStatus.TOO_LARGE, "request holds more than 5 samples"));
    r = new RemoteWriteReceiver(new RemoteWriteLimits(20, 0, 0, 0, 0, 0), CLOCK)
        .write(body, null, null, app);
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.TOO_LARGE);
    assertThat(r.message()).matches("decompressed body of \\d+ bytes exceeds the limit of 20");
  }

  /** Hands out a reference per label set and records the references it is given. */
  static final class RefAppender implements dev.vigil.model.Appender {
    final java.util.Map<Labels, Long> refs = new java.util.HashMap<>();
    final List<Long> given = new java.util.ArrayList<>();

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      given.add(ref);
      return refs.computeIfAbsent(labels, l -> 100L + refs.size());
    }

    @Override
    public long appendExemplar(long ref, Labels labels, Exemplar e) {
      return ref;
    }

    @Override
    public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
      return ref;
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}
  }

  @Test
  void aSeriesSeenBeforeIsAppendedByTheStoresReference() {
    RemoteWriteReceiver rx = receiver();
    RefAppender store = new RefAppender();
    String[] a = {"__name__", "up", "job", "a"};
    String[] b = {"__name__", "up", "job", "b"};
    rx.write(new WriteRequestEncoder().series(a, new long[] {NOW - 2, NOW - 1}, new double[] {1, 1},
        List.of()).series(b, new long[] {NOW - 1}, new double[] {1}, List.of()).toBody(),
        "application/x-protobuf", "snappy", store);
    assertThat(store.given).containsExactly(0L, 100L, 0L);
    store.given.clear();
    rx.write(new WriteRequestEncoder().series(b, new long[] {NOW}, new double[] {2}, List.of())
        .series(a, new long[] {NOW}, new double[] {2}, List.of()).toBody(),
        "application/x-protobuf", "snappy", store);
    assertThat(store.given).containsExactly(101L, 100L);
  }

  @Test
  void aBodyOffTheHeapDecodesAsTheSameBytesAndIsLeftUnread() {
    byte[] body = new WriteRequestEncoder()
        .series(Labels.of("__name__", "up", "job", "a"), NOW - 1, 1)
        .series(Labels.of("__name__", "up", "job", "b"), NOW, 2).toBody();
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(body.length + 7);
    direct.position(7).put(body).position(7);
    RecordingAppender fromArray = new RecordingAppender();
    RemoteWriteResult want = receiver().write(body, "application/x-protobuf", "snappy", fromArray);
    RemoteWriteResult got = receiver().write(direct, "application/x-protobuf", "snappy", app);
    assertThat(got).isEqualTo(want);
    assertThat(got.samples()).isEqualTo(2);
    assertThat(app.samples).isEqualTo(fromArray.samples);
    assertThat(direct.position()).isEqualTo(7);
    // a corrupt body off the heap is refused like one in an array (a preamble of 1 byte)
    direct.put(7, (byte) 1);
    assertThat(receiver().write(direct, null, "snappy", new RecordingAppender()).status())
        .isEqualTo(RemoteWriteStatus.BAD_DATA);
  }
}
