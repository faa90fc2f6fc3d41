package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The receiver decodes a request while its snappy block is still being decompressed ({@link
 * SnappyStream}, {@link WriteRequestDecoder#PIECE} bytes ahead). These tests hold it to the
 * answers of the plain order, decompressing the whole block and then decoding it: requests
 * spanning many pieces round trip, and bodies truncated or corrupted anywhere (mostly far
 * behind the first piece, once decoding is well under way) get the same status, message, counts,
 * commit decision and appended samples. Every test prints its seed.
 */
class StreamedDecodeTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(NOW));

  @Test
  void requestsOfManyPiecesRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("StreamedDecodeTest.roundTrip seed=" + seed);
    Random rnd = new Random(seed);
    RemoteWriteReceiver rx = new RemoteWriteReceiver(RemoteWriteLimits.defaults(), CLOCK, 1024);
    for (int round = 0; round < 10; round++) {
      byte[] proto = request(rnd, 500 + rnd.nextInt(3000));
      assertThat(proto.length).isGreaterThan(WriteRequestDecoder.PIECE);
      byte[] body = WriteRequestEncoder.snappy(proto);
      RecordingAppender got = new RecordingAppender();
      RecordingAppender want = new RecordingAppender();
      RemoteWriteResult r = rx.write(body, null, "snappy", got);
      assertThat(r.ok()).as("seed %d round %d: %s", seed, round, r.message()).isTrue();
      assertThat(r).isEqualTo(reference(body, want));
      assertThat(got.samples).as("seed %d round %d", seed, round).isEqualTo(want.samples);
    }
  }

  @Test
  void corruptBodiesAreAnsweredAsWhenDecompressedWhole() {
    long seed = System.nanoTime();
    System.out.println("StreamedDecodeTest.corrupt seed=" + seed);
    Random rnd = new Random(seed);
    RemoteWriteReceiver rx = new RemoteWriteReceiver(RemoteWriteLimits.defaults(), CLOCK, 1024);
    byte[] good = WriteRequestEncoder.snappy(request(rnd, 1500));
    int snappyRefused = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bad;
      if (rnd.nextInt(4) == 0) {
        bad = Arrays.copyOf(good, good.length / 2 + rnd.nextInt(good.length / 2));
      } else {
        bad = good.clone();
        for (int f = 0, n = 1 + rnd.nextInt(3); f < n; f++) {
          // mostly late in the body, where decoding has long started when it is reached
          int at = rnd.nextInt(4) == 0 ? rnd.nextInt(bad.length)
              : bad.length / 2 + rnd.nextInt(bad.length / 2);
          bad[at] = (byte) rnd.nextInt(256);
        }
      }
      RecordingAppender got = new RecordingAppender();
      RecordingAppender want = new RecordingAppender();
      RemoteWriteResult r = rx.write(bad, null, "snappy", got);
      RemoteWriteResult ref = reference(bad, want);
      assertThat(r).as("seed %d iteration %d", seed, i).isEqualTo(ref);
      if (ref.commit()) {
        assertThat(got.samples).as("seed %d iteration %d", seed, i).isEqualTo(want.samples);
      }
      if (ref.message().startsWith("cannot decompress snappy body")) {
        snappyRefused++;
      }
    }
    assertThat(snappyRefused).as("seed %d", seed).isGreaterThan(100);
  }

  /** The plain order: the whole block decompressed first, then decoded, errors mapped alike. */
  private static RemoteWriteResult reference(byte[] body, RecordingAppender app) {
    int n;
    byte[] buf;
    try {
      n = SnappyBlock.uncompressedLength(body, body.length);
      buf = new byte[n + SnappyBlock.SLACK];
      SnappyBlock.decompress(body, body.length, buf, n);
    } catch (MalformedRequestException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.BAD_DATA,
          "cannot decompress snappy body of " + body.length + " bytes: " + e.getMessage());
    }
    WriteRequestDecoder d = new WriteRequestDecoder(RemoteWriteLimits.defaults(), 1024);
    try {
      return d.decode(buf, n, app, NOW);
    } catch (MalformedRequestException e) {
      return RemoteWriteResult.refused(
          RemoteWriteStatus.BAD_DATA, "cannot decode write request: " + e.getMessage());
    } catch (TooLargeException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.TOO_LARGE, e.getMessage());
    }
  }

  /** Series of a few shapes repeated over instances, as a scrape replicated over targets. */
  private static byte[] request(Random rnd, int nSeries) {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    for (int s = 0; s < nSeries; s++) {
      Labels l = Labels.of("__name__", "node_metric_" + rnd.nextInt(40), "instance",
          "host-" + rnd.nextInt(50) + ":9100", "job", "node", "mode",
          rnd.nextBoolean() ? "idle" : "user-" + s);
      int k = 1 + rnd.nextInt(3);
      long[] ts = new long[k];
      double[] vs = new double[k];
      for (int i = 0; i < k; i++) {
        ts[i] = NOW - 60_000 + s * 3L + i;
        vs[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(100) : rnd.nextGaussian() * 1e4;
      }
      enc.series(l, ts, vs);
    }
    return enc.toProtobuf();
  }
}
