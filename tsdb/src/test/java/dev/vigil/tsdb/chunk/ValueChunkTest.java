package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.ValueType;
import dev.vigil.testkit.SampleIteratorCheck;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueChunkTest {
  /** Values of every awkward kind, decimal and not. */
  static double[] randomValues(Random r, int n) {
    double[] vs = new double[n];
    int kind = r.nextInt(7);
    double v = Math.round(r.nextDouble() * 1e6) / 100.0;
    for (int i = 0; i < n; i++) {
      if (kind == 6 && r.nextInt(50) != 0) { // a full-precision gauge drifting by small steps
        v = Double.isFinite(v) && v != 0 ? v + v * 0.002 * r.nextGaussian() * (r.nextInt(3) / 2)
            : r.nextDouble();
        vs[i] = v;
        continue;
      }
      switch (kind == 5 ? r.nextInt(5) : r.nextInt(12)) {
        case 0 -> v = Samples.STALE_NAN;
        case 1 -> v = Double.longBitsToDouble(0x7ff0000000000000L | (r.nextLong() >>> 12 | 1));
        case 2 -> v = r.nextBoolean() ? -0.0 : 0.0;
        case 3 -> v = switch (r.nextInt(6)) {
          case 0 -> Double.MAX_VALUE;
          case 1 -> Double.MIN_VALUE;
          case 2 -> -1e300;
          case 3 -> 1e-300;
          case 4 -> Double.NEGATIVE_INFINITY;
          default -> 9007199254740993.0; // past 2^53
        };
        case 4 -> v = r.nextDouble() * 1e3; // a long binary fraction
        default -> {
          if (!Double.isFinite(v) || Math.abs(v) > 1e12) {
            v = 1;
          }
          v = kind == 0 ? v // constant
              : kind == 1 ? v + r.nextInt(1000) // counter
              : kind == 2 ? Math.round((v + r.nextGaussian()) * 100) / 100.0 // gauge
              : kind == 3 ? v + 0.5 : r.nextInt(3);
        }
      }
      vs[i] = v;
    }
    return vs;
  }

  static long[] timestamps(Random r, int n) {
    long[] ts = new long[n];
    long t = r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
    boolean regular = r.nextBoolean();
    for (int i = 0; i < n; i++) {
      t += regular ? 15_000 : r.nextInt(5) == 0 ? r.nextInt(1, 100_000) : 15_000 + r.nextInt(-3, 3);
      ts[i] = t;
    }
    return ts;
  }

  @Test
  void roundTripsBitForBit() {
    long seed = System.nanoTime();
    System.out.println("ValueChunkTest seed " + seed);
    Random r = new Random(seed);
    int[] codings = new int[3];
    for (int round = 0; round < 2000; round++) {
      int n = 1 + r.nextInt(round % 10 == 0 ? 2000 : 500);
      long[] ts = timestamps(r, n);
      double[] vs = round % 7 == 0 ? constant(r, n) : randomValues(r, n);
      if (round % 5 == 0) {
        for (int i = 0; i < n; i++) {
          vs[i] = Math.abs(vs[i]) > 1e12 ? 7 : Math.round(vs[i] * 1000) / 1000.0; // decimal
        }
      }
      byte[] payload = ValueChunk.encode(vs, n);
      codings[payload[ValueChunk.count(payload, 0) < 128 ? 1 : 2]]++;
      String what = "seed " + seed + " round " + round;
      check(payload, ts, vs, r, what);
      if (round % 4 == 0) {
        SampleIteratorCheck.check(() -> ValueChunk.iterator(payload, 0, ts), seed + round, 10);
      }
    }
    System.out.println("codings constant/decimal/xor " + Arrays.toString(codings));
    for (int c : codings) {
      assertThat(c).as("chunks per coding").isGreaterThan(50);
    }
  }

  private static double[] constant(Random r, int n) {
    double[] vs = new double[n];
    Arrays.fill(vs, r.nextBoolean() ? Samples.STALE_NAN : r.nextDouble());
    return vs;
  }

  static void check(byte[] payload, long[] ts, double[] vs, Random r, String what) {
    int n = ts.length;
    // padding before the payload: the iterator reads from an offset
    byte[] data = new byte[payload.length + 3];
    System.arraycopy(payload, 0, data, 3, payload.length);
    SampleIterator it = ValueChunk.iterator(data, 3, ts);
    for (int i = 0; i < n; i++) {
      assertThat(it.next()).as(what).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).as(what).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("%s sample %d of %d: %s", what, i, n,
          vs[i]).isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).as(what).isEqualTo(ValueType.NONE);
    // seeks: forward jumps of random length, sometimes between timestamps, then next()
    it = ValueChunk.iterator(data, 3, ts);
    int at = -1;
    while (true) {
      int k = at + 1 + r.nextInt(Math.max(1, n / 4));
      if (k >= n) {
        assertThat(it.seek(ts[n - 1] + 1)).as(what).isEqualTo(ValueType.NONE);
        break;
      }
      long target = r.nextBoolean() || k == 0 ? ts[k] : ts[k - 1] + 1;
      if (k > 0 && ts[k - 1] + 1 == ts[k]) {
        target = ts[k];
      }
      assertThat(it.seek(target)).as(what).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).as(what).isEqualTo(ts[k]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("%s seek to %d", what, k)
          .isEqualTo(Double.doubleToRawLongBits(vs[k]));
      assertThat(it.seek(ts[0])).as("seek backwards stays").isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(ts[k]);
      at = k;
      if (r.nextBoolean() && at + 1 < n) {
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        at++;
        assertThat(Double.doubleToRawLongBits(it.atV())).as("%s next after seek", what)
            .isEqualTo(Double.doubleToRawLongBits(vs[at]));
      }
    }
  }

  @Test
  void constantsAndCountersAreSmall() {
    int n = 480;
    double[] constant = new double[n];
    double[] counter = new double[n];
    double[] cpu = new double[n];
    Random r = new Random(3);
    Arrays.fill(constant, 1.5);
    for (int i = 1; i < n; i++) {
      counter[i] = counter[i - 1] + 1000 + r.nextInt(100);
      cpu[i] = Math.round((cpu[i - 1] + 14.5 + r.nextDouble()) * 100) / 100.0;
    }
    assertThat(ValueChunk.encode(constant, n).length).isLessThanOrEqualTo(11);
    // counter deltas 1000..1099: 7 bits with a base; zig-zag would need 11
    assertThat(ValueChunk.encode(counter, n).length).isLessThan(n * 7 / 8 + 16);
    assertThat(ValueChunk.encode(cpu, n).length).isLessThan(n * 7 / 8 + 16);
  }

  @Test
  void rejectsMalformedPayloads() {
    long seed = System.nanoTime();
    System.out.println("ValueChunkTest malformed seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 300; round++) {
      int n = 2 + r.nextInt(300);
      long[] ts = timestamps(r, n);
      double[] vs = randomValues(r, n);
      byte[] payload = ValueChunk.encode(vs, n);
      // every truncation fails with a decode error
      byte[] cut = Arrays.copyOf(payload, r.nextInt(payload.length));
      assertThatThrownBy(() -> drain(cut, ts)).as("seed %d round %d cut at %d", seed, round,
          cut.length).isInstanceOf(DecodeException.class);
      // a count that differs from the timestamp column's is refused
      assertThatThrownBy(() -> ValueChunk.iterator(payload, 0, Arrays.copyOf(ts, n - 1)))
          .isInstanceOf(DecodeException.class).hasMessageContaining("timestamp column");
      // flipped bytes decode to something or fail with a decode error, nothing else
      byte[] flipped = payload.clone();
      for (int k = 0; k < 1 + r.nextInt(3); k++) {
        flipped[r.nextInt(flipped.length)] ^= (byte) (1 << r.nextInt(8));
      }
      try {
        drain(flipped, ts);
      } catch (DecodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThatThrownBy(() -> drain(new byte[] {2, 9}, new long[] {1, 2}))
        .isInstanceOf(DecodeException.class).hasMessageContaining("coding 9");
  }

  private static void drain(byte[] payload, long[] ts) {
    SampleIterator it = ValueChunk.iterator(payload, 0, ts);
    while (it.next() != ValueType.NONE) {
      it.atV();
    }
  }
}
