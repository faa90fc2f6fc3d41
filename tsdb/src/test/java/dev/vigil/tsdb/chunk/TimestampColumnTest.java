package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.bytes.DecodeException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampColumnTest {
  @Test
  void roundTrips() {
    long seed = System.nanoTime();
    System.out.println("TimestampColumnTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 3000; round++) {
      int n = 1 + r.nextInt(round % 10 == 0 ? 5000 : 500);
      long[] ts = new long[n];
      long t = round % 13 == 0 ? Long.MIN_VALUE + r.nextInt(1000)
          : r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
      int shape = r.nextInt(5);
      long step = 1 + r.nextInt(60_000);
      for (int i = 0; i < n; i++) {
        ts[i] = t;
        long d = switch (shape) {
          case 0 -> step; // regular
          case 1 -> r.nextInt(10) == 0 ? step + r.nextInt(-40, 40) : step; // jitter
          case 2 -> r.nextInt(50) == 0 ? step * r.nextInt(2, 5) : step; // missed scrapes
          case 3 -> 1 + r.nextInt(100_000); // anything
          default -> r.nextInt(20) == 0 ? r.nextLong(1, 1L << 40) : step; // huge gaps
        };
        t += Math.max(1, d);
      }
      byte[] enc = TimestampColumn.encode(ts, n);
      assertThat(TimestampColumn.decode(enc)).as("seed %d round %d shape %d", seed, round, shape)
          .containsExactly(ts);
    }
  }

  @Test
  void aRegularScrapeWithRareLateOnesCostsAFewBitsPerSample() {
    int n = 480;
    long[] regular = new long[n];
    long[] late = new long[n];
    long[] missed = new long[n];
    Random r = new Random(11);
    for (int i = 0; i < n; i++) {
      regular[i] = 1_700_000_000_000L + 15_000L * i;
      late[i] = regular[i] + (r.nextInt(10) == 0 ? r.nextInt(3, 40) : 0);
      missed[i] = regular[i] + (i >= 100 ? 15_000 : 0) + (i >= 300 ? 7 : 0);
    }
    assertThat(TimestampColumn.encode(regular, n).length).isLessThan(16);
    assertThat(TimestampColumn.encode(missed, n).length).isLessThan(24);
    assertThat(TimestampColumn.encode(late, n).length * 8.0 / n).isLessThan(2.5);
  }

  @Test
  void rejectsMalformedColumns() {
    long seed = System.nanoTime();
    System.out.println("TimestampColumnTest malformed seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 500; round++) {
      int n = 2 + r.nextInt(300);
      long[] ts = new long[n];
      long t = 1_700_000_000_000L;
      for (int i = 0; i < n; i++) {
        t += r.nextInt(4) == 0 ? r.nextInt(1, 100_000) : 15_000;
        ts[i] = t;
      }
      byte[] enc = TimestampColumn.encode(ts, n);
      byte[] cut = Arrays.copyOf(enc, r.nextInt(enc.length));
      assertThatThrownBy(() -> TimestampColumn.decode(cut))
          .as("seed %d round %d", seed, round).isInstanceOf(DecodeException.class);
      byte[] longer = Arrays.copyOf(enc, enc.length + 1);
      assertThatThrownBy(() -> TimestampColumn.decode(longer))
          .isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
      byte[] flipped = enc.clone();
      flipped[r.nextInt(flipped.length)] ^= (byte) (1 << r.nextInt(8));
      try {
        long[] got = TimestampColumn.decode(flipped);
        for (int i = 1; i < got.length; i++) {
          assertThat(got[i]).isGreaterThan(got[i - 1]);
        }
      } catch (DecodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThatThrownBy(() -> TimestampColumn.decode(new byte[] {0}))
        .isInstanceOf(DecodeException.class).hasMessageContaining("0 samples");
  }
}
