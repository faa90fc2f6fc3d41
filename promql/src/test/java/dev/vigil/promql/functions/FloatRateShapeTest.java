package dev.vigil.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatRate}'s remembered window shape against {@link RateFunctions#extrapolationFactor}
 * computed afresh for every window: windows drawn from a coarse time grid, so that shapes repeat
 * and collide (the same span with another sample count, the same distances with another range),
 * and one window reused across them, as the step loops reuse it.
 */
class FloatRateShapeTest {
  @Test
  void rememberedShapesGiveTheFreshArithmetic() {
    long seed = System.nanoTime();
    System.out.println("FloatRateShapeTest seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    for (String name : new String[] {"rate", "increase", "delta"}) {
      FloatRate rate = FloatRate.forFunction(name);
      boolean counter = !name.equals("delta");
      boolean perSecond = name.equals("rate");
      RangeWindow w = new RangeWindow();
      for (int round = 0; round < 200_000; round++) {
        int n = 2 + r.nextInt(6);
        long[] t = new long[n];
        double[] f = new double[n];
        long at = r.nextInt(4) * 1000L;
        double v = r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(1000);
        for (int i = 0; i < n; i++) {
          at += 1000L * (1 + r.nextInt(3));
          t[i] = at;
          v += r.nextInt(4) == 0 ? 0 : r.nextInt(50) / 4.0;
          f[i] = v;
        }
        w.t = t;
        w.f = f;
        w.rangeStart = t[0] - 1000L * (1 + r.nextInt(4));
        w.rangeEnd = t[n - 1] + 1000L * r.nextInt(4);
        double got = rate.value(w, 0, n - 1, false);
        RangeWindow fresh = new RangeWindow();
        fresh.t = t;
        fresh.f = f;
        fresh.rangeStart = w.rangeStart;
        fresh.rangeEnd = w.rangeEnd;
        double result = f[n - 1] - f[0];
        double want = result * RateFunctions.extrapolationFactor(
            fresh, 0, n - 1, false, counter, perSecond, f[0], result);
        assertThat(Double.doubleToRawLongBits(got))
            .as("seed %d %s round %d: %s vs %s", seed, name, round, got, want)
            .isEqualTo(Double.doubleToRawLongBits(want));
      }
    }
  }
}
