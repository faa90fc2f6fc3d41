package dev.vigil.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The division-free shortcuts of rate's extrapolation agree with the divisions they replace. */
class RateShortcutsTest {
  @Test
  void clearlyAfterZeroNeverHidesANearerZeroPoint() {
    long seed = System.nanoTime();
    System.out.println("RateShortcutsTest seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    int shortcuts = 0;
    for (int i = 0; i < 2_000_000; i++) {
      double result = pick(r);
      double sampled = pick(r);
      double toStart = pick(r);
      // Often put the first value right at the boundary the exact comparison draws.
      double firstValue = r.nextInt(3) == 0 ? pick(r)
          : toStart * result / sampled * (1 + (r.nextInt(41) - 20) * 0x1p-52);
      if (!(result > 0 && firstValue >= 0)) {
        continue;
      }
      if (RateFunctions.clearlyAfterZero(firstValue, result, sampled, toStart)) {
        shortcuts++;
        assertThat(sampled * (firstValue / result) < toStart)
            .as("seed %d: first %s result %s sampled %s toStart %s", seed, firstValue, result,
                sampled, toStart)
            .isFalse();
      }
    }
    assertThat(shortcuts).isPositive();
  }

  private static double pick(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Double.MIN_VALUE * r.nextInt(1000);
      case 2 -> Double.MAX_VALUE / (1 + r.nextInt(1000));
      case 3 -> Math.scalb(r.nextDouble(), r.nextInt(-1070, 1020));
      case 4 -> Math.scalb(1 + r.nextDouble(), r.nextBoolean() ? -500 : 499);
      default -> r.nextDouble() * 1000;
    };
  }

  @Test
  void quotientsAreJavasDivision() {
    Quotient q = new Quotient();
    double[] xs = {1, -0.0, 0.0, Double.NaN, 3, 3, 1e300, -7};
    double[] ys = {3, 0, 0, 2, 3, 7, 1e-300, 0};
    for (int i = 0; i < xs.length; i++) {
      assertThat(Double.doubleToRawLongBits(q.divide(xs[i], ys[i])))
          .isEqualTo(Double.doubleToRawLongBits(xs[i] / ys[i]));
    }
    for (long ms : new long[] {0, 1, 1, 270_000, -5, Long.MIN_VALUE, 1000}) {
      assertThat(q.millisToSeconds(ms)).isEqualTo(ms / 1000.0);
    }
  }
}
