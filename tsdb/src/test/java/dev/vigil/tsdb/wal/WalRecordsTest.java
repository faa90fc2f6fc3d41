package dev.vigil.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;
import dev.vigil.model.Samples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalRecordsTest {
  /** Renders every decoded item as a line so records can be compared as text. */
  private static List<String> decode(ByteWriter w) {
    List<String> out = new ArrayList<>();
    WalRecords.decode(w.array(), w.length(), new RecordVisitor() {
      @Override
      public void series(int id, Labels labels) {
        out.add("series " + id + " " + labels);
      }

      @Override
      public void sample(int id, long t, double v, boolean ooo) {
        out.add((ooo ? "ooo " : "sample ") + id + " " + t + " "
            + Long.toHexString(Double.doubleToRawLongBits(v)));
      }

      @Override
      public void exemplar(int id, Exemplar e) {
        out.add("exemplar " + id + " " + e);
      }

      @Override
      public void metadata(String family, MetricMetadata m) {
        out.add("meta " + family + " " + m);
      }

      @Override
      public void minValidTime(long t) {
        out.add("min " + t);
      }
    });
    return out;
  }

  @Test
  void seriesRoundTrip() {
    ByteWriter w = new ByteWriter();
    WalRecords.beginSeries(w, 2);
    WalRecords.putSeries(w, 1, Labels.of("__name__", "up", "job", "a"));
    WalRecords.putSeries(w, 70000, Labels.of("é", "ü"));
    assertThat(decode(w)).containsExactly("series 1 up{job=\"a\"}", "series 70000 {\"é\"=\"ü\"}");
  }

  @Test
  void samplesRoundTripWithNegativeDeltasAndStaleNaN() {
    int[] ids = {500, 3, 70000, 500};
    long[] ts = {1_700_000_000_000L, 1_699_999_999_000L, Long.MAX_VALUE / 2, -5};
    double[] vs = {1.5, Samples.STALE_NAN, -0.0, Double.NaN};
    for (RecordType type : new RecordType[] {RecordType.SAMPLES, RecordType.OOO_SAMPLES}) {
      ByteWriter w = new ByteWriter();
      WalRecords.putSamples(w, type, ids, ts, vs, 0, 4);
      String p = type == RecordType.SAMPLES ? "sample " : "ooo ";
      assertThat(decode(w)).containsExactly(
          p + "500 1700000000000 3ff8000000000000",
          p + "3 1699999999000 7ff0000000000002",
          p + "70000 " + (Long.MAX_VALUE / 2) + " 8000000000000000",
          p + "500 -5 7ff8000000000000");
    }
  }

  @Test
  void encodeSamplesWritesTheBytesPutSamplesWrites() {
    long seed = System.nanoTime();
    java.util.Random rnd = new java.util.Random(seed);
    for (int round = 0; round < 200; round++) {
      int n = rnd.nextInt(50);
      int[] ids = new int[n];
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        ids[i] = rnd.nextBoolean() ? rnd.nextInt(5000) : rnd.nextInt() ; // negative: high ids
        ts[i] = rnd.nextBoolean() ? 1_700_000_000_000L + rnd.nextInt(100_000) : rnd.nextLong();
        vs[i] = rnd.nextInt(5) == 0 ? Samples.STALE_NAN : Double.longBitsToDouble(rnd.nextLong());
      }
      int from = n == 0 ? 0 : rnd.nextInt(n);
      RecordType type = rnd.nextBoolean() ? RecordType.SAMPLES : RecordType.OOO_SAMPLES;
      ByteWriter w = new ByteWriter();
      WalRecords.putSamples(w, type, ids, ts, vs, from, n);
      byte[] dst = new byte[3 + WalRecords.maxSamplesBytes(n - from)];
      int end = WalRecords.encodeSamples(dst, 3, type, ids, ts, vs, from, n);
      assertThat(java.util.Arrays.copyOfRange(dst, 3, end)).as("seed %d", seed)
          .isEqualTo(w.toByteArray());
    }
  }

  @Test
  void samplesAreCompact() {
    int n = 1000;
    int[] ids = new int[n];
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 100 + i;
      ts[i] = 1_700_000_000_000L;
      vs[i] = i;
    }
    ByteWriter w = new ByteWriter();
    WalRecords.putSamples(w, RecordType.SAMPLES, ids, ts, vs, 0, n);
    assertThat(w.length()).isLessThan(n * 12);
  }

  @Test
  void exemplarsMetadataAndMinTime() {
    ByteWriter w = new ByteWriter();
    WalRecords.beginExemplars(w, 1);
    WalRecords.putExemplar(w, 9, new Exemplar(Labels.of("trace_id", "abc"), 0.25, 1234, true));
    assertThat(decode(w)).containsExactly(
        "exemplar 9 Exemplar[labels={trace_id=\"abc\"}, value=0.25, timestamp=1234, "
            + "hasTimestamp=true]");
    w.reset();
    WalRecords.beginMetadata(w, 1);
    WalRecords.putMetadata(w, "http_requests_total",
        new MetricMetadata(MetricType.COUNTER, "Requests.", "requests"));
    assertThat(decode(w)).containsExactly(
        "meta http_requests_total MetricMetadata[type=COUNTER, help=Requests., unit=requests]");
    w.reset();
    WalRecords.putMinValidTime(w, -42);
    assertThat(decode(w)).containsExactly("min -42");
  }

  @Test
  void malformedRecordsAreDecodeErrors() {
    ByteWriter w = new ByteWriter();
    WalRecords.beginSeries(w, 1);
    WalRecords.putSeries(w, 1, Labels.of("a", "b", "c", "d"));
    byte[] full = w.toByteArray();
    for (int cut = 0; cut < full.length; cut++) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> WalRecords.decode(part, part.length, null))
          .as("cut at %d", cut).isInstanceOf(DecodeException.class);
    }
    byte[] trailing = Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> WalRecords.decode(trailing, trailing.length, new Nop()))
        .isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
    byte[] unknown = {99, 0};
    assertThatThrownBy(() -> WalRecords.decode(unknown, 2, new Nop()))
        .isInstanceOf(DecodeException.class).hasMessageContaining("unknown wal record type 99");
    ByteWriter unsorted = new ByteWriter();
    unsorted.putByte(RecordType.SERIES.code()).putUvarint(1).putUvarint(1).putUvarint(2);
    unsorted.putString("z").putString("1").putString("a").putString("2");
    assertThatThrownBy(() -> WalRecords.decode(unsorted.array(), unsorted.length(), new Nop()))
        .isInstanceOf(DecodeException.class).hasMessageContaining("not sorted");
  }

  private static final class Nop implements RecordVisitor {
    @Override
    public void series(int id, Labels labels) {}

    @Override
    public void sample(int id, long t, double v, boolean outOfOrder) {}

    @Override
    public void exemplar(int id, Exemplar exemplar) {}

    @Override
    public void metadata(String family, MetricMetadata metadata) {}

    @Override
    public void minValidTime(long t) {}
  }
}
