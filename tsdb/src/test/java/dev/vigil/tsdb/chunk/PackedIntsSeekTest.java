package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.bytes.ByteReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedInts.Cursor#sum} and {@link PackedInts.Cursor#skip}, what a seek into a decimal
 * column runs, against sums built value by value with {@link PackedInts.Cursor#next}: every
 * packing form at every width (the several-values-per-load loops of narrow widths included), with
 * exceptions, in random slices interleaved with single steps.
 */
class PackedIntsSeekTest {
  @Test
  void sumAndSkipMatchValueByValueDecoding() {
    long seed = System.nanoTime();
    System.out.println("PackedIntsSeekTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 4000; round++) {
      int n = 1 + r.nextInt(r.nextBoolean() ? 24 : 500);
      long[] values = values(r, n);
      boolean allowOffset = r.nextBoolean();
      byte[] bytes = PackedIntsAccumulateTest.encoded(r, values, allowOffset);
      boolean weighted = r.nextBoolean();
      PackedInts.Cursor c = new PackedInts.Cursor(new ByteReader(bytes), n, allowOffset);
      String what = "seed " + seed + " round " + round + " n " + n;
      int i = 0;
      while (i < n) {
        int k = 1 + r.nextInt(Math.min(n - i, 1 + r.nextInt(r.nextBoolean() ? 8 : 300)));
        long sum = 0;
        long ws = 0;
        for (int j = 0; j < k; j++) {
          sum += values[i + j];
          ws += (k - j) * values[i + j];
        }
        if (k == 1 && r.nextBoolean()) {
          assertThat(c.next()).as(what + " at " + i).isEqualTo(values[i]);
        } else if (weighted) {
          assertThat(c.skip(k)).as(what + " skip at " + i + " by " + k).isEqualTo(sum);
          assertThat(c.weighted).as(what + " weighted at " + i + " by " + k).isEqualTo(ws);
        } else {
          assertThat(c.sum(k)).as(what + " sum at " + i + " by " + k).isEqualTo(sum);
        }
        i += k;
      }
    }
  }

  private static long[] values(Random r, int n) {
    long[] v = new long[n];
    int shape = r.nextInt(6);
    int w = 1 + r.nextInt(r.nextBoolean() ? 30 : 63);
    long c = r.nextInt(1000) - 500;
    for (int i = 0; i < n; i++) {
      long u = r.nextLong() >>> (64 - w);
      v[i] = switch (shape) {
        case 0 -> u; // positive deltas of width w (offset form)
        case 1 -> c + u; // a counter's deltas about a base
        case 2 -> u - (1L << (w - 1)); // signed, zig-zag to about w bits
        case 3 -> r.nextInt(10) < 7 ? 0 : u - (1L << (w - 1)); // mostly zeros (sparse form)
        case 4 -> r.nextInt(25) == 0 ? r.nextLong() : u; // exceptions
        default -> r.nextInt(10) < 8 ? 0 : (r.nextInt(30) == 0 ? r.nextLong() >> 3 : u);
      };
    }
    return v;
  }
}
