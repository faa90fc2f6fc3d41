package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the block encodings: a digest of 60,000 seeded chunks of every value shape
 * (counters, decimal gauges, noise, specials, raw bit patterns) and jittered timestamps, as
 * {@link ValueChunk#encode}, {@link TimestampColumn#encode} and {@link PackedChunk#encode} wrote
 * them before their encoders reused buffers. A change of any byte fails here: the on-disk format
 * must then be versioned (docs/format/), not silently changed.
 */
class EncodingDigestTest {
  private static final String WANT =
      "97d230f6bc6d1816de9f2318d3a928e23b4a4a8dedad2cf7c4f9e789a7af8c7c";

  @Test
  void encodingsAreByteForByteThoseOfTheFormat() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    SplittableRandom r = new SplittableRandom(7);
    for (int round = 0; round < 60000; round++) {
      int n = r.nextInt(8) == 0 ? 1 + r.nextInt(10) : 1 + r.nextInt(480);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextLong(1L << 40);
      int kind = r.nextInt(9);
      double v = r.nextInt(1000) / 100.0;
      for (int i = 0; i < n; i++) {
        t += r.nextInt(10) == 0 ? 15000 + r.nextInt(-40, 40) : r.nextInt(50) == 0 ? 30000 : 15000;
        ts[i] = t;
        switch (kind) {
          case 0 -> v += r.nextInt(100);
          case 1 -> v += r.nextInt(100) / 100.0;
          case 2 -> v = r.nextInt(3) == 0 ? v + r.nextInt(-5, 5) / 1000.0 : v;
          case 3 -> v = r.nextDouble();
          case 4 -> v = r.nextInt(20) == 0 ? Double.NaN : v + 1.5;
          case 5 -> v = r.nextInt(30) == 0 ? -0.0 : r.nextLong() / 1e7;
          case 6 -> v = Double.longBitsToDouble(r.nextLong());
          case 7 -> v += r.nextInt(1000) * 1e-9;
          default -> v = r.nextInt(4) == 0 ? v * 1.0000001 : v;
        }
        vs[i] = v;
      }
      md.update(ValueChunk.encode(vs, n));
      md.update(TimestampColumn.encode(ts, n));
      byte[] p = PackedChunk.encode(ts, vs, n);
      if (p != null) {
        md.update(p);
      }
    }
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(WANT);
  }
}
