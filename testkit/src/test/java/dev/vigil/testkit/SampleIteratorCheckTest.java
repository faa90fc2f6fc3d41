package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleIteratorCheckTest {
  /** Floats with a histogram every so often, read one at a time; bulk reads use the default. */
  private static class ListIterator implements SampleIterator {
    final long[] ts;
    final double[] vs;
    final boolean[] hist;
    int i = -1;

    ListIterator(long seed, int n) {
      SplittableRandom r = new SplittableRandom(seed);
      ts = new long[n];
      vs = new double[n];
      hist = new boolean[n];
      long t = r.nextLong(1_000_000);
      for (int k = 0; k < n; k++) {
        t += 1 + r.nextInt(30_000);
        ts[k] = t;
        vs[k] = r.nextInt(5) == 0 ? Double.NaN : r.nextDouble() * 100;
        hist[k] = r.nextInt(15) == 0;
      }
    }

    @Override
    public ValueType next() {
      if (i < ts.length) {
        i++;
      }
      return type();
    }

    ValueType type() {
      return i >= ts.length ? ValueType.NONE : hist[i] ? ValueType.HISTOGRAM : ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < ts.length && ts[i] < t) {
        i++;
      }
      return type();
    }

    @Override
    public long atT() {
      return ts[i];
    }

    @Override
    public double atV() {
      return vs[i];
    }
  }

  @Test
  void defaultBulkReadPassesTheCheck() {
    long seed = System.nanoTime();
    System.out.println("SampleIteratorCheckTest seed " + seed);
    for (int n : new int[] {0, 1, 2, 50, 500}) {
      long s = seed + n;
      SampleIteratorCheck.check(() -> new ListIterator(s, n), s, 30);
    }
  }

  @Test
  void checkCatchesABulkReadThatIgnoresMaxT() {
    long seed = 42;
    assertThatThrownBy(() -> SampleIteratorCheck.check(() -> new ListIterator(seed, 300) {
      @Override
      public int readFloats(long maxT, long[] ts, double[] vs, int off, int max) {
        int n = 0;
        while (n < max && type() == ValueType.FLOAT) {
          ts[off + n] = this.ts[i];
          vs[off + n] = this.vs[i];
          n++;
          if (i + 1 >= this.ts.length || hist[i + 1] || n == max) {
            break;
          }
          i++;
        }
        return n;
      }
    }, seed, 50)).isInstanceOf(AssertionError.class);
  }
}
