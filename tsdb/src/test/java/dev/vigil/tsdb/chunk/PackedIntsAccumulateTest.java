package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedInts.Cursor#accumulate}, the bulk decoder of decimal columns, against the same
 * running totals built value by value with {@link PackedInts.Cursor#next}: every packing form
 * (dense, offset, sparse, zero width, wide values, exceptions), both accumulation modes, with and
 * without a scale, in random slices interleaved with single steps.
 */
class PackedIntsAccumulateTest {
  @Test
  void matchesValueByValueDecoding() {
    long seed = System.nanoTime();
    System.out.println("PackedIntsAccumulateTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 3000; round++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 20 : 300);
      long[] values = values(r, n);
      boolean allowOffset = r.nextBoolean();
      byte[] bytes = encoded(r, values, allowOffset);
      boolean dd = r.nextBoolean();
      boolean scaled = r.nextBoolean();
      double pow10 = scaled ? Math.pow(10, 1 + r.nextInt(6)) : 1;
      long m0 = r.nextLong() >> r.nextInt(64);
      long d0 = r.nextLong() >> r.nextInt(64);

      double[] want = new double[n];
      PackedInts.Cursor a = new PackedInts.Cursor(new ByteReader(bytes), n, allowOffset);
      long m = m0;
      long d = d0;
      for (int i = 0; i < n; i++) {
        long x = a.next();
        assertThat(x).as("seed %d round %d value %d", seed, round, i).isEqualTo(values[i]);
        if (dd) {
          d += x;
          m += d;
        } else {
          m += x;
        }
        want[i] = scaled ? m / pow10 : (double) m;
      }

      double[] got = new double[n + 2];
      PackedInts.Cursor b = new PackedInts.Cursor(new ByteReader(bytes), n, allowOffset);
      long gm = m0;
      b.runningDelta = d0;
      int i = 0;
      while (i < n) {
        int k = 1 + r.nextInt(Math.min(n - i, 1 + r.nextInt(90)));
        gm = b.accumulate(gm, dd, got, i + 1, k, scaled, pow10);
        i += k;
      }
      String what = "seed " + seed + " round " + round + " n " + n + " dd " + dd;
      assertThat(gm).as(what).isEqualTo(m);
      if (dd) {
        assertThat(b.runningDelta).as(what).isEqualTo(d);
      }
      for (int j = 0; j < n; j++) {
        assertThat(Double.doubleToRawLongBits(got[j + 1])).as(what + " value " + j)
            .isEqualTo(Double.doubleToRawLongBits(want[j]));
      }
    }
  }

  /**
   * The values packed, with random trailing bytes as in a chunk sometimes (none at all takes the
   * near-the-end paths).
   */
  static byte[] encoded(Random r, long[] values, boolean allowOffset) {
    ByteWriter out = new ByteWriter();
    PackedInts.write(out, values, 0, values.length, allowOffset);
    int tail = r.nextBoolean() ? 0 : r.nextInt(12);
    for (int k = 0; k < tail; k++) {
      out.putByte(r.nextInt(256));
    }
    return out.toByteArray();
  }

  private static long[] values(Random r, int n) {
    long[] v = new long[n];
    int shape = r.nextInt(7);
    long c = r.nextInt(1000) - 500;
    for (int i = 0; i < n; i++) {
      v[i] = switch (shape) {
        case 0 -> c; // constant: zero width, or offset base only
        case 1 -> r.nextInt(64); // small positive deltas (offset form)
        case 2 -> r.nextInt(10) < 7 ? 0 : r.nextInt(200) - 100; // mostly zeros (sparse form)
        case 3 -> r.nextInt(20) == 0 ? r.nextLong() : r.nextInt(16) - 8; // exceptions
        case 4 -> r.nextLong() >> r.nextInt(8); // wide values (over 56 bits)
        // sparse with exceptions
        case 5 -> r.nextInt(10) < 8 ? 0 : (r.nextInt(30) == 0 ? r.nextLong() >> 3 : 5);
        default -> (long) (r.nextGaussian() * 1000);
      };
    }
    return v;
  }
}
