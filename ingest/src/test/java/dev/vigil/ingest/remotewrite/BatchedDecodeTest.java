package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batched remote-write 1.0 decoder (series scanned and looked up {@link
 * WriteRequestDecoder#BATCH} at a time) against the same decoder taking one series at a time, on
 * seeded random requests mixing every layout the decoder has a separate path for: cached and
 * uncached label sets, labels split by other fields, label sets too long to cache, invalid
 * series, exemplars, native histograms, metadata between series, unknown fields. Every test
 * prints its seed.
 */
class BatchedDecodeTest {
  private static final long NOW = 1_000_000_000L;

  @Test
  void batchedAndSeriesAtATimeDecodingAgree() {
    long seed = System.nanoTime();
    System.out.println("BatchedDecodeTest.agree seed=" + seed);
    Random rnd = new Random(seed);
    WriteRequestDecoder one = decoder(1, 64);
    WriteRequestDecoder batched = decoder(WriteRequestDecoder.BATCH, 64);
    List<Labels> pool = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      pool.add(RemoteWriteRandomTest.randomLabels(rnd));
    }
    long total = 0;
    for (int round = 0; round < 60; round++) {
      byte[] proto = randomRequest(rnd, pool, round);
      RecordingAppender a = new RecordingAppender();
      RecordingAppender b = new RecordingAppender();
      RemoteWriteResult ra = one.decode(proto, proto.length, a, NOW);
      RemoteWriteResult rb = batched.decode(proto, proto.length, b, NOW);
      String why = "seed " + seed + " round " + round;
      assertThat(rb).as(why).isEqualTo(ra);
      assertThat(b.samples).as(why).isEqualTo(a.samples);
      assertThat(b.exemplars).as(why).isEqualTo(a.exemplars);
      assertThat(b.metadata).as(why).isEqualTo(a.metadata);
      total += ra.samples();
    }
    assertThat(total).as("seed %d: samples appended over all rounds", seed).isGreaterThan(500);
  }

  @Test
  void truncatedAndCorruptedRequestsAreRefusedAlike() {
    long seed = System.nanoTime();
    System.out.println("BatchedDecodeTest.truncated seed=" + seed);
    Random rnd = new Random(seed);
    List<Labels> pool = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pool.add(RemoteWriteRandomTest.randomLabels(rnd));
    }
    WriteRequestDecoder one = decoder(1, 16);
    WriteRequestDecoder batched = decoder(WriteRequestDecoder.BATCH, 16);
    int refused = 0;
    for (int i = 0; i < 400; i++) {
      byte[] proto = randomRequest(rnd, pool, i);
      byte[] bad = i % 2 == 0
          ? Arrays.copyOf(proto, 1 + rnd.nextInt(proto.length - 1))
          : corrupt(rnd, proto);
      RemoteWriteResult ra = decodeOrRefuse(one, bad);
      RemoteWriteResult rb = decodeOrRefuse(batched, bad);
      String why = "seed " + seed + " iteration " + i;
      assertThat(rb.status()).as(why).isEqualTo(ra.status());
      assertThat(rb.commit()).as(why).isEqualTo(ra.commit());
      if (!ra.commit()) {
        refused++;
        // the batched decoder may meet a later malformed series first: the same refusal, another
        // first error
        assertThat(rb.message()).as(why).isNotEmpty();
      } else {
        assertThat(rb).as(why).isEqualTo(ra);
      }
    }
    assertThat(refused).as("seed %d: truncation must be refused sometimes", seed)
        .isGreaterThan(50);
  }

  @Test
  void aTruncatedSeriesAfterAFullBatchIsRefusedAsAWhole() {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    for (int i = 0; i < 3 * WriteRequestDecoder.BATCH; i++) {
      enc.series(Labels.of("__name__", "m", "i", Integer.toString(i)), 1000 + i, i);
    }
    byte[] proto = enc.toProtobuf();
    byte[] cut = Arrays.copyOf(proto, proto.length - 3);
    RecordingAppender app = new RecordingAppender();
    RemoteWriteReceiver rx =
        new RemoteWriteReceiver(RemoteWriteLimits.defaults(), InstantSource.system(), 64);
    RemoteWriteResult r = decodeOrRefuse(decoder(WriteRequestDecoder.BATCH, 64), cut);
    assertThat(r.status()).isEqualTo(RemoteWriteStatus.BAD_DATA);
    assertThat(r.commit()).isFalse();
    assertThat(r.message()).contains("exceeds");
    RemoteWriteResult whole = rx.write(WriteRequestEncoder.snappy(cut), null, null, app);
    assertThat(whole.commit()).isFalse();
    assertThat(whole.message()).startsWith("cannot decode write request: ");
  }

  private static WriteRequestDecoder decoder(int batch, int cacheSize) {
    return new WriteRequestDecoder(RemoteWriteLimits.defaults(), cacheSize,
        new SeriesCache(cacheSize), batch);
  }

  /** As the receiver maps the decoder's exceptions. */
  private static RemoteWriteResult decodeOrRefuse(WriteRequestDecoder d, byte[] proto) {
    try {
      return d.decode(proto, proto.length, new RecordingAppender(), NOW);
    } catch (MalformedRequestException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.BAD_DATA, e.getMessage());
    } catch (TooLargeException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.TOO_LARGE, e.getMessage());
    }
  }

  private static byte[] corrupt(Random rnd, byte[] proto) {
    byte[] m = proto.clone();
    for (int f = 0, n = 1 + rnd.nextInt(3); f < n; f++) {
      m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
    }
    return m;
  }

  private static byte[] randomRequest(Random rnd, List<Labels> pool, int round) {
    ProtoWriter out = new ProtoWriter();
    int nSeries = 1 + rnd.nextInt(3 * WriteRequestDecoder.BATCH);
    for (int s = 0; s < nSeries; s++) {
      long t = NOW - 100_000 + round * 1000L + s;
      switch (rnd.nextInt(20)) {
        case 0 -> { // labels interleaved with samples: not cacheable
          Labels l = pool.get(rnd.nextInt(pool.size()));
          ProtoWriter ts = new ProtoWriter();
          String[] kv = l.toPairs();
          for (int i = 0; i < kv.length; i += 2) {
            label(ts, kv[i], kv[i + 1]);
            if (i == 0) {
              sample(ts, t, rnd.nextGaussian());
            }
          }
          out.messageField(1, ts);
        }
        case 1 -> { // a label set too long to cache
          ProtoWriter ts = new ProtoWriter();
          label(ts, "__name__", "long_" + rnd.nextInt(3));
          label(ts, "blob", "x".repeat(SeriesCache.MAX_KEY_BYTES + rnd.nextInt(50)));
          sample(ts, t, rnd.nextInt(100));
          out.messageField(1, ts);
        }
        case 2 -> { // invalid: no metric name, or a duplicate label name
          ProtoWriter ts = new ProtoWriter();
          if (rnd.nextBoolean()) {
            label(ts, "job", "x" + rnd.nextInt(3));
          } else {
            label(ts, "__name__", "dup");
            label(ts, "a", "1");
            label(ts, "a", "2");
          }
          sample(ts, t, 1);
          out.messageField(1, ts);
        }
        case 3 -> out.messageField(3, metadata(rnd));
        case 4 -> appendRaw(out, new WriteRequestEncoder()
            .nativeHistogram(pool.get(rnd.nextInt(pool.size())), t, 3, 1.5).toProtobuf());
        case 5 -> { // an unknown top-level field and an unknown series field
          out.varintField(7, rnd.nextInt(1000));
          ProtoWriter ts = new ProtoWriter();
          String[] kv = pool.get(rnd.nextInt(pool.size())).toPairs();
          for (int i = 0; i < kv.length; i += 2) {
            label(ts, kv[i], kv[i + 1]);
          }
          ts.varintField(9, 5);
          sample(ts, t, 2);
          out.messageField(1, ts);
        }
        default -> {
          Labels l = pool.get(rnd.nextInt(pool.size()));
          int n = 1 + rnd.nextInt(3);
          long[] ts = new long[n];
          double[] vs = new double[n];
          for (int i = 0; i < n; i++) {
            ts[i] = t + i * 10_000L;
            vs[i] = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextGaussian();
          }
          List<Exemplar> ex = rnd.nextInt(8) == 0
              ? List.of(new Exemplar(Labels.of("trace_id", "t" + rnd.nextInt(99)), 1.0, t, true))
              : List.of();
          appendRaw(out, new WriteRequestEncoder().series(l.toPairs(), ts, vs, ex).toProtobuf());
        }
      }
    }
    return out.toByteArray();
  }

  private static void appendRaw(ProtoWriter out, byte[] b) {
    out.raw(b, 0, b.length);
  }

  private static void label(ProtoWriter ts, String name, String value) {
    ProtoWriter l = new ProtoWriter();
    l.stringField(1, name);
    l.stringField(2, value);
    ts.messageField(1, l);
  }

  private static void sample(ProtoWriter ts, long t, double v) {
    ProtoWriter s = new ProtoWriter();
    s.doubleField(1, v);
    s.varintField(2, t);
    ts.messageField(2, s);
  }

  private static ProtoWriter metadata(Random rnd) {
    ProtoWriter m = new ProtoWriter();
    m.varintField(1, 1 + rnd.nextInt(3));
    m.stringField(2, "family_" + rnd.nextInt(4));
    m.stringField(4, "help text");
    return m;
  }
}
