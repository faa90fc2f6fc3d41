package dev.vigil.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Samples;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SampleBuffer#load} (the step loops' one call: skip, then load) against the two calls it
 * replaced in them, {@link SampleBuffer#skipTo} then {@link SampleBuffer#loadUpTo}, over random
 * float series with stale markers, random read-ahead horizons and windows that move forward with
 * gaps, overlaps and shifts: the same samples in the buffer after every step.
 */
class SampleBufferLoadTest {
  @Test
  void loadMatchesSkipThenLoadUpTo() {
    long seed = System.nanoTime();
    System.out.println("SampleBufferLoadTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 500; round++) {
      String msg = "seed " + seed + " round " + round;
      int n = r.nextInt(700);
      long[] t = new long[n];
      double[] v = new double[n];
      long at = r.nextInt(1000);
      for (int i = 0; i < n; i++) {
        at += 1 + r.nextInt(r.nextBoolean() ? 30 : 400);
        t[i] = at;
        v[i] = r.nextInt(20) == 0 ? Samples.STALE_NAN : r.nextInt(1000) / 8.0;
      }
      long from = r.nextInt(2000) - 500;
      long horizon = r.nextBoolean() ? Long.MIN_VALUE : from + r.nextInt(Math.max(1, (int) at));
      SampleBuffer one = new SampleBuffer(1_000_000);
      SampleBuffer two = new SampleBuffer(1_000_000);
      one.reset(new FloatArrayIterator(t, v), from, horizon);
      two.reset(new FloatArrayIterator(t, v), from, horizon);
      long end = from;
      int steps = 1 + r.nextInt(60);
      for (int s = 0; s < steps; s++) {
        end += 1 + r.nextInt(r.nextBoolean() ? 100 : 3000);
        long skip = end - 1 - r.nextInt(r.nextBoolean() ? 50 : 2500);
        one.load(skip, end);
        two.skipTo(skip);
        two.loadUpTo(end);
        assertThat(one.size).as(msg + " step " + s).isEqualTo(two.size);
        assertThat(Arrays.copyOf(one.t, one.size)).as(msg).isEqualTo(Arrays.copyOf(two.t, two.size));
        assertThat(Arrays.copyOf(one.f, one.size)).as(msg).isEqualTo(Arrays.copyOf(two.f, two.size));
        assertThat(one.loaded()).as(msg).isEqualTo(two.loaded());
        assertThat(one.hasPendingUpTo(end)).as(msg).isFalse();
        int drop = one.size == 0 ? 0 : r.nextInt(one.size + 1);
        one.shift(drop);
        two.shift(drop);
      }
    }
  }
}
