package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcut for series the trail predicts (matched before their scan, which then reads only
 * the fields after the labels, and reads a lone sample in the usual layout at once) against a
 * decoder with no history (a fresh one per request, which never predicts), on seeded random
 * requests repeating one series order with every sample layout the shortcut must take or refuse
 * to take: the usual one, negative and large timestamps, fields in the other order, missing
 * fields, unknown fields, two samples, exemplars, labels after the sample, and malformed samples.
 * Prints its seed.
 */
class TrailScanTest {
  private static final long NOW = 1_000_000_000_000L;

  @Test
  void predictedSeriesDecodeAsWithoutHistory() {
    long seed = System.nanoTime();
    System.out.println("TrailScanTest.predicted seed=" + seed);
    Random rnd = new Random(seed);
    List<Labels> pool = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      pool.add(RemoteWriteRandomTest.randomLabels(rnd));
    }
    WriteRequestDecoder batched = decoder(WriteRequestDecoder.BATCH);
    WriteRequestDecoder one = decoder(1);
    int refused = 0;
    long samples = 0;
    for (int round = 0; round < 40; round++) {
      byte[] proto = request(rnd, pool, round, round % 5 == 3);
      RemoteWriteResult want = decodeOrRefuse(decoder(1), proto, new RecordingAppender());
      RecordingAppender wantApp = lastApp;
      for (WriteRequestDecoder d : List.of(batched, one)) {
        RemoteWriteResult got = decodeOrRefuse(d, proto, new RecordingAppender());
        String why = "seed " + seed + " round " + round;
        assertThat(got.commit()).as(why).isEqualTo(want.commit());
        assertThat(got.status()).as(why).isEqualTo(want.status());
        if (want.commit()) {
          assertThat(got).as(why).isEqualTo(want);
          assertThat(lastApp.samples).as(why).isEqualTo(wantApp.samples);
          assertThat(lastApp.exemplars).as(why).isEqualTo(wantApp.exemplars);
        }
      }
      if (!want.commit()) {
        refused++;
      } else {
        samples += want.samples();
      }
    }
    assertThat(refused).as("seed %d", seed).isGreaterThan(0);
    assertThat(samples).as("seed %d", seed).isGreaterThan(1000);
    System.out.println("TrailScanTest trail hits " + batched.trailHits + " batched, " + one.trailHits + " one at a time");
    assertThat(batched.trailHits).as("seed %d: series found on the trail", seed)
        .isGreaterThan(300);
    assertThat(one.trailHits).as("seed %d: series found on the trail", seed).isGreaterThan(300);
  }

  private RecordingAppender lastApp;

  private RemoteWriteResult decodeOrRefuse(WriteRequestDecoder d, byte[] proto,
      RecordingAppender app) {
    lastApp = app;
    try {
      return d.decode(proto, proto.length, app, NOW);
    } catch (MalformedRequestException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.BAD_DATA, e.getMessage());
    }
  }

  private static WriteRequestDecoder decoder(int batch) {
    return new WriteRequestDecoder(RemoteWriteLimits.defaults(), 256, new SeriesCache(256), batch);
  }

  /** Every series of the pool in pool order, each with a random layout after its labels. */
  private static byte[] request(Random rnd, List<Labels> pool, int round, boolean malformed) {
    ProtoWriter out = new ProtoWriter();
    int bad = malformed ? rnd.nextInt(pool.size()) : -1;
    for (int s = 0; s < pool.size(); s++) {
      long t = NOW - 1_000_000 + round * 1000L;
      double v = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextGaussian();
      ProtoWriter ts = new ProtoWriter();
      String[] kv = pool.get(s).toPairs();
      for (int i = 0; i < kv.length; i += 2) {
        label(ts, kv[i], kv[i + 1]);
      }
      ProtoWriter sm = new ProtoWriter();
      int layout = s == bad ? -1 - rnd.nextInt(3) : rnd.nextInt(3) == 0 ? rnd.nextInt(11) : 0;
      switch (layout) {
        case -1 -> { // a timestamp varint that does not end inside its message
          sm.doubleField(1, v);
          sm.tag(2, ProtoReader.VARINT);
          sm.raw(new byte[] {(byte) 0x81, (byte) 0x82}, 0, 2);
        }
        case -2 -> { // the value's 8 bytes cut short
          sm.tag(1, ProtoReader.FIXED64);
          sm.raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, 11 - rnd.nextInt(4));
        }
        case -3 -> { // a value with the wrong wire type
          sm.varintField(1, 7);
          sm.varintField(2, t);
        }
        case 1 -> { // a negative timestamp: a 10-byte varint
          sm.doubleField(1, v);
          sm.varintField(2, -t);
        }
        case 2 -> { // timestamp first
          sm.varintField(2, t);
          sm.doubleField(1, v);
        }
        case 3 -> sm.doubleField(1, v);
        case 4 -> sm.varintField(2, t);
        case 5 -> { // an unknown field after the usual two
          sm.doubleField(1, v);
          sm.varintField(2, t);
          sm.varintField(3, 99);
        }
        case 6 -> { // a timestamp of 1 byte
          sm.doubleField(1, v);
          sm.varintField(2, round);
        }
        case 7 -> { // an unknown series field after the sample
          sm.doubleField(1, v);
          sm.varintField(2, t);
          ts.messageField(2, sm);
          ts.varintField(9, 1);
          sm = null;
        }
        case 8 -> { // two samples
          sm.doubleField(1, v);
          sm.varintField(2, t - 1);
          ts.messageField(2, sm);
          sm = new ProtoWriter();
          sm.doubleField(1, v + 1);
          sm.varintField(2, t);
        }
        case 9 -> { // a label after the sample: the label bytes are no longer the key
          sm.doubleField(1, v);
          sm.varintField(2, t);
          ts.messageField(2, sm);
          label(ts, "zz_late", "x");
          sm = null;
        }
        case 10 -> { // an exemplar after the sample
          sm.doubleField(1, v);
          sm.varintField(2, t);
          ts.messageField(2, sm);
          ProtoWriter ex = new ProtoWriter();
          label(ex, "trace_id", "abc");
          ex.doubleField(2, 1.5);
          ex.varintField(3, t);
          ts.messageField(3, ex);
          sm = null;
        }
        default -> {
          sm.doubleField(1, v);
          sm.varintField(2, t);
        }
      }
      if (sm != null) {
        ts.messageField(2, sm);
      }
      out.messageField(1, ts);
    }
    return out.toByteArray();
  }

  private static void label(ProtoWriter ts, String name, String value) {
    ProtoWriter l = new ProtoWriter();
    l.stringField(1, name);
    l.stringField(2, value);
    ts.messageField(1, l);
  }
}
