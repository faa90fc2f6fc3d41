package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.ValueType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {
  @Test
  void roundTripsRandomSeries() {
    long seed = System.nanoTime();
    System.out.println("XorChunkTest seed " + seed);
    Random r = new Random(seed);
    XorChunk reused = new XorChunk(); // reset between rounds must encode exactly like a new one
    for (int round = 0; round < 200; round++) {
      int n = 1 + r.nextInt(240);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
      double v = r.nextDouble() * 1000;
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(5)) {
          case 0 -> t += 15_000;
          case 1 -> t += r.nextInt(1, 100_000);
          case 2 -> t += r.nextLong(1, 10_000_000_000L);
          default -> t += 15_000 + r.nextInt(-20, 20);
        }
        switch (r.nextInt(6)) {
          case 0 -> v = r.nextDouble();
          case 1 -> v += 1;
          case 2 -> v = Double.NaN;
          case 3 -> v = Samples.STALE_NAN;
          case 4 -> v = r.nextBoolean() ? Double.POSITIVE_INFINITY : -0.0;
          default -> { }
        }
        ts[i] = t;
        vs[i] = v;
      }
      XorChunk c = new XorChunk();
      for (int i = 0; i < n; i++) {
        c.append(ts[i], vs[i]);
      }
      reused.reset();
      for (int i = 0; i < n; i++) {
        reused.append(ts[i], vs[i]);
      }
      assertThat(reused.bytes()).as("seed %d round %d reused", seed, round).isEqualTo(c.bytes());
      SampleIterator it = XorChunk.iterator(c.bytes());
      for (int i = 0; i < n; i++) {
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).as("seed %d round %d sample %d", seed, round, i).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(it.atV())).isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(it.next()).isEqualTo(ValueType.NONE);
    }
  }

  @Test
  void compressesRegularScrapesToAboutABytePerSample() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 120; i++) {
      c.append(1_700_000_000_000L + i * 15_000L, 1000 + i);
    }
    assertThat(c.byteSize()).isLessThan(240);
  }

  @Test
  void seekDoesNotMoveBackwards() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 10; i++) {
      c.append(i * 10, i);
    }
    SampleIterator it = c.iterator();
    assertThat(it.seek(35)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(40);
    assertThat(it.seek(5)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(40);
    assertThat(it.seek(1000)).isEqualTo(ValueType.NONE);
  }

  @Test
  void bulkReadMatchesNext() {
    long seed = System.nanoTime();
    System.out.println("XorChunkTest bulk seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 60; round++) {
      int n = r.nextInt(300);
      XorChunk c = new XorChunk();
      long t = r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
      double v = r.nextDouble() * 1000;
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(4)) {
          case 0 -> t += 30_000;
          case 1 -> t += r.nextInt(1, 100_000);
          case 2 -> t += r.nextLong(1, 10_000_000_000L);
          default -> t += 30_000 + r.nextInt(-20, 20);
        }
        switch (r.nextInt(6)) {
          case 0 -> v = r.nextDouble();
          case 1 -> v += 1;
          case 2 -> v = Double.NaN;
          case 3 -> v = Samples.STALE_NAN;
          default -> { }
        }
        c.append(t, v);
      }
      byte[] bytes = c.bytes();
      dev.vigil.testkit.SampleIteratorCheck.check(
          () -> XorChunk.iterator(bytes), seed + round, 20);
    }
  }
}
