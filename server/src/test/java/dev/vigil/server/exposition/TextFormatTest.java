package dev.vigil.server.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Floats must print exactly as Go's strconv.FormatFloat(v, 'g', -1, 64) prints them. */
class TextFormatTest {
  private static void check(double v, String want) {
    assertThat(TextFormat.formatFloat(v)).as("%s", v).isEqualTo(want);
  }

  @Test
  void goFloatFormatting() {
    check(0, "0");
    check(-0.0, "-0");
    check(1, "1");
    check(-1, "-1");
    check(0.5, "0.5");
    check(1.5, "1.5");
    check(100, "100");
    check(123456, "123456");
    check(999999, "999999");
    check(1e6, "1e+06");
    check(1234567, "1.234567e+06");
    check(123456789, "1.23456789e+08");
    check(1.7e9, "1.7e+09");
    check(1700000000.123, "1.700000000123e+09");
    check(0.0001, "0.0001");
    check(0.00012345, "0.00012345");
    check(0.00001, "1e-05");
    check(3.4655e-05, "3.4655e-05");
    check(0.1 + 0.2, "0.30000000000000004");
    check(1e21, "1e+21");
    check(1.5e300, "1.5e+300");
    check(5e-324, "5e-324");
    check(Double.MAX_VALUE, "1.7976931348623157e+308");
    check(Double.NaN, "NaN");
    check(Double.POSITIVE_INFINITY, "+Inf");
    check(Double.NEGATIVE_INFINITY, "-Inf");
  }

  @Test
  void plainFloatsForJsonSampleValues() {
    assertThat(TextFormat.formatPlainFloat(6)).isEqualTo("6");
    assertThat(TextFormat.formatPlainFloat(1e21)).isEqualTo("1000000000000000000000");
    assertThat(TextFormat.formatPlainFloat(-0.00001)).isEqualTo("-0.00001");
    assertThat(TextFormat.formatPlainFloat(1234567.5)).isEqualTo("1234567.5");
    assertThat(TextFormat.formatPlainFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void plainFloatFastPathMatchesTheExactShortestDecimal() {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < 20_000; i++) {
      double v = switch (i % 4) {
        case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(-4, 8));
        case 1 -> Math.round(r.nextDouble() * 1e6) / Math.pow(10, r.nextInt(0, 7));
        case 2 -> -r.nextInt(10_000_000) / 1000.0;
        default -> Double.longBitsToDouble(r.nextLong(0x3f50000000000000L, 0x4170000000000000L));
      };
      if (v == 0) {
        continue;
      }
      java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(Math.abs(v)))
          .stripTrailingZeros();
      String want = (v < 0 ? "-" : "") + exact.toPlainString();
      assertThat(TextFormat.formatPlainFloat(v)).as("seed %d value %s", seed, v).isEqualTo(want);
    }
  }

  @Test
  void openMetricsFloatsAlwaysLookLikeFloats() {
    assertThat(TextFormat.formatOpenMetricsFloat(1)).isEqualTo("1.0");
    assertThat(TextFormat.formatOpenMetricsFloat(0)).isEqualTo("0.0");
    assertThat(TextFormat.formatOpenMetricsFloat(1e6)).isEqualTo("1e+06");
    assertThat(TextFormat.formatOpenMetricsFloat(2.5)).isEqualTo("2.5");
    assertThat(TextFormat.formatOpenMetricsFloat(Double.NaN)).isEqualTo("NaN");
  }
}
