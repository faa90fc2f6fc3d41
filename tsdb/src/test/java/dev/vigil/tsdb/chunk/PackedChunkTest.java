package dev.vigil.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.ValueType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedChunkTest {
  private static final long T0 = 1_700_000_000_123L;

  @Test
  void roundTripsEveryEncodableSeriesBitForBit() {
    long seed = System.nanoTime();
    System.out.println("PackedChunkTest seed " + seed);
    Random r = new Random(seed);
    int packed = 0;
    for (int round = 0; round < 500; round++) {
      int n = 1 + r.nextInt(600);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = r.nextLong(-1_000_000_000_000L, 2_000_000_000_000L);
      double v = Math.round(r.nextDouble() * 1e6) / 100.0;
      int digits = r.nextInt(8);
      boolean noisy = round % 4 == 0; // some rounds carry long binary fractions
      boolean regular = round % 3 == 1; // evenly spaced: seeks take the arithmetic path
      for (int i = 0; i < n; i++) {
        t += regular ? 30_000
            : r.nextInt(4) == 0 ? r.nextInt(1, 100_000) : 15_000 + r.nextInt(-3, 3);
        switch (r.nextInt(8)) {
          case 0 -> v = Math.round(r.nextGaussian() * Math.pow(10, digits)) / Math.pow(10, r.nextInt(4));
          case 1 -> v += r.nextInt(1000);
          case 2 -> v = Samples.STALE_NAN;
          case 3 -> v = r.nextBoolean() ? Double.NaN : -0.0;
          case 4 -> v = noisy ? r.nextDouble() : v; // a long binary fraction: usually not packable
          default -> v = Double.isFinite(v) ? v : 1;
        }
        ts[i] = t;
        vs[i] = v;
      }
      byte[] enc = PackedChunk.encode(ts, vs, n);
      if (enc == null) {
        continue;
      }
      packed++;
      PackedChunk.Decoded d = PackedChunk.decode(enc);
      assertThat(d.ts()).as("seed %d round %d", seed, round).containsExactly(ts);
      for (int i = 0; i < n; i++) {
        assertThat(Double.doubleToRawLongBits(d.vs()[i]))
            .as("seed %d round %d sample %d value %s", seed, round, i, vs[i])
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      checkIterator(enc, ts, vs, r, "seed " + seed + " round " + round);
    }
    assertThat(packed).as("packable rounds").isGreaterThan(150);
  }

  @Test
  void refusesValuesThatAreNotShortDecimals() {
    long[] ts = {1, 2, 3};
    double[] vs = {0.1, 0.1 + 0.2, 2}; // 0.30000000000000004 needs 17 digits
    assertThat(PackedChunk.encode(ts, vs, 3)).isNull();
    assertThat(Chunks.encodeImmutable(ts, vs, 3).encoding()).isEqualTo(XorChunk.ENCODING);
  }

  @Test
  void regularCountersAndConstantsCostFarLessThanXor() {
    int n = 480;
    long[] ts = new long[n];
    double[] counter = new double[n];
    double[] constant = new double[n];
    double[] cpu = new double[n];
    Random r = new Random(7);
    for (int i = 0; i < n; i++) {
      ts[i] = T0 + i * 15_000L;
      counter[i] = 1000 + i * 42;
      constant[i] = 8_254_279_680.0;
      cpu[i] = Math.round((12_345.67 + i * 14.3 + r.nextInt(200) / 100.0) * 100) / 100.0;
    }
    for (double[] vs : new double[][] {counter, constant, cpu}) {
      byte[] packed = PackedChunk.encode(ts, vs, n);
      XorChunk x = new XorChunk();
      for (int i = 0; i < n; i++) {
        x.append(ts[i], vs[i]);
      }
      System.out.printf("packed %d bytes, xor %d bytes for %d samples%n", packed.length, x.byteSize(), n);
      assertThat(packed.length).isLessThan(x.byteSize() / 2);
    }
    assertThat(PackedChunk.encode(ts, constant, n).length).isLessThan(40);
  }

  /** The streaming iterator yields exactly the encoded samples, also across random seeks. */
  private static void checkIterator(byte[] enc, long[] ts, double[] vs, Random r, String what) {
    SampleIterator it = PackedChunk.iterator(enc);
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("%s sample %d", what, i).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).as("%s sample %d", what, i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("%s sample %d", what, i)
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).as(what).isEqualTo(ValueType.NONE);
    assertThat(PackedChunk.iterator(enc).seek(Long.MAX_VALUE)).as(what).isEqualTo(ValueType.NONE);
    SampleIterator first = PackedChunk.iterator(enc);
    assertThat(first.seek(Long.MIN_VALUE)).as(what).isEqualTo(ValueType.FLOAT);
    assertThat(first.atT()).as(what).isEqualTo(ts[0]);
    it = PackedChunk.iterator(enc);
    int at = -1;
    while (true) {
      long target = ts[Math.min(ts.length - 1, Math.max(0, at) + r.nextInt(40))] + r.nextInt(3) - 1;
      int want = at;
      if (want < 0 || ts[want] < target) {
        want = Math.max(want, 0);
        while (want < ts.length && ts[want] < target) {
          want++;
        }
      }
      ValueType vt = it.seek(target);
      if (want >= ts.length) {
        assertThat(vt).as("%s seek %d", what, target).isEqualTo(ValueType.NONE);
        return;
      }
      assertThat(vt).as("%s seek %d", what, target).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).as("%s seek %d", what, target).isEqualTo(ts[want]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("%s seek %d", what, target)
          .isEqualTo(Double.doubleToRawLongBits(vs[want]));
      at = want;
      if (r.nextBoolean()) {
        if (at + 1 >= ts.length) {
          assertThat(it.next()).isEqualTo(ValueType.NONE);
          return;
        }
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).as("%s next after %d", what, at).isEqualTo(ts[++at]);
      }
    }
  }

  @Test
  void iteratorSeeksForwardOnly() {
    long[] ts = {10, 20, 30, 40};
    double[] vs = {1, 2, 3, 4};
    SampleIterator it = Chunks.iterator(PackedChunk.ENCODING, PackedChunk.encode(ts, vs, 4));
    assertThat(it.seek(25)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(30);
    assertThat(it.seek(0)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atV()).isEqualTo(3);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(40);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void truncatedOrGarbledBytesFailWithADecodeError() {
    long[] ts = new long[100];
    double[] vs = new double[100];
    for (int i = 0; i < 100; i++) {
      ts[i] = T0 + i * 15_000L + (i % 7);
      vs[i] = i * 1.5;
    }
    byte[] enc = PackedChunk.encode(ts, vs, 100);
    for (int cut = 0; cut < enc.length; cut++) {
      byte[] part = Arrays.copyOf(enc, cut);
      assertThatThrownBy(() -> PackedChunk.decode(part)).isInstanceOf(DecodeException.class);
      assertThatThrownBy(() -> PackedChunk.iterator(part).next())
          .isInstanceOf(DecodeException.class);
    }
  }

  /** The BigDecimal definition the string reading replaced: the scale of Double.toString's digits. */
  private static int referenceScale(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int s = d.scale();
    return s > 22 || d.precision() > 17 ? -1 : Math.max(s, 0);
  }

  /** Whether the encoder may pack the values, by the reference scale definition. */
  private static boolean referencePackable(double[] vs, int n) {
    int scale = 0;
    for (int i = 0; i < n; i++) {
      double v = vs[i];
      if (!Double.isFinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
        continue;
      }
      int s = referenceScale(v);
      if (s < 0) {
        return false;
      }
      scale = Math.max(scale, s);
    }
    double p = Math.pow(10, scale);
    for (int i = 0; i < n; i++) {
      double v = vs[i];
      if (!Double.isFinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
        continue;
      }
      long m = Math.round(v * p);
      if (Math.abs(m) > (1L << 53) || (scale == 0 ? (double) m : m / p) != v) {
        return false;
      }
    }
    return true;
  }

  @Test
  void shortestScaleAgreesWithBigDecimalOnEveryKindOfDouble() {
    long seed = System.nanoTime();
    System.out.println("PackedChunkTest scale seed " + seed);
    Random r = new Random(seed);
    for (double v : new double[] {0, 1, -1, 100, 100.5, 1e7, 1.0e10, 1e22, 1e23, 1e-3, 9.99e-4,
        1.5e-5, 0.1, 0.3, 123.456, -0.001, Double.MIN_VALUE, Double.MAX_VALUE, 1e-22, 1e-23,
        12345678901234567.0, 0.30000000000000004}) {
      assertThat(stringScale(Double.toString(v))).as("%s", v)
          .isEqualTo(referenceScale(v));
    }
    for (int i = 0; i < 200_000; i++) {
      double v = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(-12, 18));
        case 2 -> Math.round(r.nextGaussian() * 1e9) / Math.pow(10, r.nextInt(0, 25));
        default -> (double) r.nextLong(-1L << 60, 1L << 60) * Math.pow(10, r.nextInt(-30, 10));
      };
      if (!Double.isFinite(v)) {
        continue;
      }
      assertThat(stringScale(Double.toString(v))).as("seed %d value %s", seed, v)
          .isEqualTo(referenceScale(v));
    }
  }

  @Test
  void encodesExactlyWhenTheReferenceDefinitionPacks() {
    long seed = System.nanoTime();
    System.out.println("PackedChunkTest packable seed " + seed);
    Random r = new Random(seed);
    int packed = 0;
    for (int round = 0; round < 2000; round++) {
      int n = 1 + r.nextInt(130);
      long[] ts = new long[n];
      double[] vs = new double[n];
      int digits = r.nextInt(14);
      double v = Math.round(r.nextDouble() * 1e6) / Math.pow(10, digits);
      for (int i = 0; i < n; i++) {
        ts[i] = T0 + 15_000L * i;
        v = switch (r.nextInt(6)) {
          case 0 -> v + Math.round(r.nextGaussian() * 100) / Math.pow(10, r.nextInt(digits + 1));
          case 1 -> r.nextInt(50) == 0 ? r.nextDouble() * 1000 : v;
          case 2 -> r.nextInt(30) == 0 ? Double.NaN : v;
          default -> v;
        };
        vs[i] = v;
      }
      byte[] enc = PackedChunk.encode(ts, vs, n);
      assertThat(enc != null).as("seed %d round %d values %s", seed, round, Arrays.toString(vs))
          .isEqualTo(referencePackable(vs, n));
      packed += enc == null ? 0 : 1;
    }
    assertThat(packed).as("packed rounds").isBetween(200, 1900);
  }

  /**
   * The scale as it was computed before {@link PackedChunk#exactScale}, from {@link
   * Double#toString}'s digits: the oracle the exact computation must agree with on every double.
   */
  static int stringScale(String str) {
    int end = str.length();
    int exp = 0;
    int e = str.indexOf('E');
    if (e >= 0) {
      exp = Integer.parseInt(str, e + 1, end, 10);
      end = e;
    }
    int start = str.charAt(0) == '-' ? 1 : 0;
    int dot = str.indexOf('.', start);
    int fracLen = dot < 0 ? 0 : end - dot - 1;
    int last = end - 1;
    int stripped = 0;
    while (last >= start && (str.charAt(last) == '0' || str.charAt(last) == '.')) {
      if (str.charAt(last) == '0') {
        stripped++;
      }
      last--;
    }
    if (last < start) {
      return 0; // zero
    }
    int first = start;
    while (str.charAt(first) == '0' || str.charAt(first) == '.') {
      first++;
    }
    int precision = last - first + 1 - (dot > first && dot < last ? 1 : 0);
    int scale = fracLen - exp - stripped;
    return scale > PackedChunk.MAX_SCALE || precision > 17 ? -1 : Math.max(scale, 0);
  }

  /** decimalScale as it was: the fast path, then the digits of Double.toString. */
  static int oldDecimalScale(double v) {
    for (int s = 0; s <= 6; s++) {
      double x = Math.rint(v * PackedChunk.POW10[s]);
      if (Math.abs(x) <= PackedChunk.MAX_EXACT && PackedChunk.toDouble((long) x, s) == v) {
        return s;
      }
    }
    return stringScale(Double.toString(v));
  }

  @Test
  void exactScaleAgreesWithTheDigitsOfToStringOnEveryKindOfDouble() {
    long seed = System.nanoTime();
    System.out.println("PackedChunkTest exact scale seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    double[] fixed = {0, -0.0, 1, -1, 0.1, 0.3, 1e-22, 1e-23, 9.999999999999999e-23, 1e22, 1e23,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.longBitsToDouble(0x7ff8dead0000beefL), 0.30000000000000004, 123456789.12345679,
        9007199254740993.0, 4503599627370497.5, 0.1234567, 1.0000001, 2.5e-7, 1.7976931348623157e-22};
    for (double v : fixed) {
      assertThat(PackedChunk.decimalScale(v)).as("%s", v).isEqualTo(oldDecimalScale(v));
      assertThat(PackedChunk.exactScale(v)).as("%s", v)
          .isEqualTo(stringScale(Double.toString(v)));
    }
    for (int i = 0; i < 2_000_000; i++) {
      double v = switch (i % 8) {
        case 0 -> Double.longBitsToDouble(r.nextLong()); // every exponent, subnormals, NaNs
        case 1 -> Math.scalb(1.0 + r.nextDouble(), r.nextInt(-90, 70)) * (r.nextBoolean() ? 1 : -1);
        case 2 -> r.nextLong(-(1L << 53), 1L << 53) / PackedChunk.POW10[r.nextInt(0, 23)];
        case 3 -> r.nextLong(1, 1_000_000_000L) / Math.pow(10, r.nextInt(0, 30));
        // a neighbour of a short decimal: one ulp off, so the shortest form is long
        case 4 -> {
          double d = r.nextLong(1, 1L << 40) / PackedChunk.POW10[r.nextInt(0, 23)];
          yield r.nextBoolean() ? Math.nextUp(d) : Math.nextDown(d);
        }
        // the bottom of a binade (asymmetric rounding interval) and its neighbours
        case 5 -> {
          double d = Math.scalb(1.0, r.nextInt(-1074, 1024));
          int k = r.nextInt(3);
          yield k == 0 ? d : k == 1 ? Math.nextUp(d) : Math.nextDown(d);
        }
        case 6 -> r.nextDouble() * Math.pow(10, r.nextInt(-25, 25));
        default -> Double.longBitsToDouble(r.nextLong(0, 0x0010000000000000L)); // subnormal
      };
      int want = oldDecimalScale(v);
      int got = PackedChunk.decimalScale(v);
      if (got != want) {
        throw new AssertionError("seed " + seed + " value " + v + " (bits "
            + Long.toHexString(Double.doubleToRawLongBits(v)) + "): scale " + got + ", was "
            + want);
      }
      if (PackedChunk.exactScale(v) != stringScale(Double.toString(v))) {
        throw new AssertionError("seed " + seed + " value " + v + ": exact scale "
            + PackedChunk.exactScale(v) + ", toString's " + stringScale(Double.toString(v)));
      }
    }
  }
}
