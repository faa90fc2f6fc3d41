package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Checks an implementation of {@link SampleIterator#readFloats} against plain {@link
 * SampleIterator#next()} reading of the same series: random interleavings of {@code next}, {@code
 * seek} and bulk reads with random bounds must see exactly the samples {@code next} alone sees,
 * bit for bit, and leave the iterator where the contract says. Every store's iterator test calls
 * {@link #check}; a failure message carries the seed. Stateless.
 */
public final class SampleIteratorCheck {
  private static final long SENTINEL_T = 0x5EED_5EED_5EEDL;
  private static final double SENTINEL_V = -12345.678;

  private SampleIteratorCheck() {}

  private record Sample(ValueType type, long t, long bits) {}

  /**
   * Runs {@code rounds} random walks over fresh iterators from {@code fresh} (each call must return
   * a new iterator over the same samples) and one complete bulk read.
   */
  public static void check(Supplier<SampleIterator> fresh, long seed, int rounds) {
    List<Sample> ref = reference(fresh.get());
    SplittableRandom random = new SplittableRandom(seed);
    fullRead(fresh.get(), ref, seed);
    for (int round = 0; round < rounds; round++) {
      walk(fresh.get(), ref, random, "seed " + seed + " round " + round);
    }
  }

  private static List<Sample> reference(SampleIterator it) {
    List<Sample> out = new ArrayList<>();
    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
      out.add(new Sample(vt, it.atT(),
          vt == ValueType.FLOAT ? Double.doubleToRawLongBits(it.atV()) : 0));
    }
    return out;
  }

  /** The loop the engine runs: every sample, floats in bulk through small arrays. */
  private static void fullRead(SampleIterator it, List<Sample> ref, long seed) {
    long[] ts = new long[7];
    double[] vs = new double[7];
    List<Sample> got = new ArrayList<>();
    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
      if (vt != ValueType.FLOAT) {
        got.add(new Sample(vt, it.atT(), 0));
        continue;
      }
      int n = it.readFloats(Long.MAX_VALUE, ts, vs, 0, ts.length);
      assertThat(n).as("seed %d: bulk read at t=%d copied nothing", seed, it.atT()).isPositive();
      for (int i = 0; i < n; i++) {
        got.add(new Sample(ValueType.FLOAT, ts[i], Double.doubleToRawLongBits(vs[i])));
      }
      assertThat(it.atT()).as("seed %d: position after bulk read", seed).isEqualTo(ts[n - 1]);
    }
    assertThat(got).as("seed %d: complete bulk read", seed).isEqualTo(ref);
  }

  private static void walk(SampleIterator it, List<Sample> ref, SplittableRandom random,
      String what) {
    int idx = -1;
    long[] ts = new long[64];
    double[] vs = new double[64];
    long lastT = ref.isEmpty() ? 0 : ref.getLast().t();
    long firstT = ref.isEmpty() ? 0 : ref.getFirst().t();
    for (int step = 0; step < 400 && idx < ref.size(); step++) {
      int action = random.nextInt(10);
      if (action < 3 || idx < 0) {
        ValueType vt = it.next();
        idx++;
        if (idx >= ref.size()) {
          assertThat(vt).as("%s step %d: next at end", what, step).isEqualTo(ValueType.NONE);
          return;
        }
        expectAt(it, vt, ref.get(idx), what + " step " + step + " next");
      } else if (action < 4) {
        long t = firstT + random.nextLong(Math.max(1, lastT - firstT + 2_000)) - 1_000;
        int want = idx;
        if (ref.get(idx).t() < t) {
          want = idx + 1;
          while (want < ref.size() && ref.get(want).t() < t) {
            want++;
          }
        }
        ValueType vt = it.seek(t);
        idx = want;
        if (idx >= ref.size()) {
          assertThat(vt).as("%s step %d: seek(%d) past end", what, step, t)
              .isEqualTo(ValueType.NONE);
          return;
        }
        expectAt(it, vt, ref.get(idx), what + " step " + step + " seek(" + t + ")");
      } else if (ref.get(idx).type() == ValueType.FLOAT) {
        int off = random.nextInt(8);
        int max = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(ts.length - off - 1);
        long cur = ref.get(idx).t();
        long maxT = switch (random.nextInt(4)) {
          case 0 -> Long.MAX_VALUE;
          case 1 -> cur - 1 - random.nextInt(100);
          case 2 -> cur;
          default -> cur + random.nextLong(Math.max(1, (lastT - cur) / 3 + 1));
        };
        Arrays.fill(ts, SENTINEL_T);
        Arrays.fill(vs, SENTINEL_V);
        int n = it.readFloats(maxT, ts, vs, off, max);
        String ctx = what + " step " + step + " readFloats(maxT=" + maxT + ", off=" + off
            + ", max=" + max + ") at t=" + cur;
        assertThat(n).as(ctx).isBetween(0, max);
        if (max >= 1 && cur <= maxT) {
          assertThat(n).as(ctx + ": must copy the current sample").isPositive();
        } else {
          assertThat(n).as(ctx + ": must copy nothing").isZero();
        }
        for (int i = 0; i < ts.length; i++) {
          if (i < off || i >= off + n) {
            assertThat(ts[i]).as(ctx + ": ts[%d] written outside the range", i)
                .isEqualTo(SENTINEL_T);
            assertThat(vs[i]).as(ctx + ": vs[%d] written outside the range", i)
                .isEqualTo(SENTINEL_V);
            continue;
          }
          Sample s = ref.get(idx + i - off);
          assertThat(s.type()).as(ctx + ": copied a non-float at %d", i)
              .isEqualTo(ValueType.FLOAT);
          assertThat(ts[i]).as(ctx + ": ts[%d]", i).isEqualTo(s.t()).isLessThanOrEqualTo(maxT);
          assertThat(Double.doubleToRawLongBits(vs[i])).as(ctx + ": vs[%d] bits", i)
              .isEqualTo(s.bits());
        }
        if (n > 0) {
          idx += n - 1;
          expectAt(it, ValueType.FLOAT, ref.get(idx), ctx + ": position afterwards");
        }
      }
    }
  }

  private static void expectAt(SampleIterator it, ValueType vt, Sample want, String ctx) {
    assertThat(vt).as(ctx + ": type").isEqualTo(want.type());
    assertThat(it.atT()).as(ctx + ": t").isEqualTo(want.t());
    if (vt == ValueType.FLOAT) {
      assertThat(Double.doubleToRawLongBits(it.atV())).as(ctx + ": v bits")
          .isEqualTo(want.bits());
    }
  }
}
