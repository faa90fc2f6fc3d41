package dev.vigil.promql.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's float formatting and arithmetic special cases, checked against what Go prints. */
class GoFloatsTest {
  private static void check(String got, String want) {
    assertThat(got).isEqualTo(want);
  }

  @Test
  void plainIsStrconvFormatFloatF() {
    check(GoFloats.formatPlain(1), "1");
    check(GoFloats.formatPlain(6), "6");
    check(GoFloats.formatPlain(-0.0), "-0");
    check(GoFloats.formatPlain(0.1), "0.1");
    check(GoFloats.formatPlain(1e21), "1000000000000000000000");
    check(GoFloats.formatPlain(1e-7), "0.0000001");
    check(GoFloats.formatPlain(1.5e-7), "0.00000015");
    check(GoFloats.formatPlain(123456789.125), "123456789.125");
    check(GoFloats.formatPlain(Double.POSITIVE_INFINITY), "+Inf");
    check(GoFloats.formatPlain(Double.NEGATIVE_INFINITY), "-Inf");
    check(GoFloats.formatPlain(Double.NaN), "NaN");
    // The promql copies printed Java's 4.9E-324 digits; Go picks the shortest, 5e-324.
    check(GoFloats.formatPlain(-Double.MIN_VALUE), "-0." + "0".repeat(323) + "5");
  }

  @Test
  void gIsFmtPercentGAndPercentV() {
    check(GoFloats.formatG(0), "0");
    check(GoFloats.formatG(-0.0), "-0");
    check(GoFloats.formatG(1.1), "1.1");
    check(GoFloats.formatG(1.01), "1.01");
    check(GoFloats.formatG(-0.1), "-0.1");
    check(GoFloats.formatG(-1), "-1");
    check(GoFloats.formatG(100000), "100000");
    check(GoFloats.formatG(123456), "123456");
    check(GoFloats.formatG(1e6), "1e+06");
    check(GoFloats.formatG(1234567), "1.234567e+06");
    // The harness's own copy printed "123456789" here; Go's %v switches to the exponent at 1e6.
    check(GoFloats.formatG(123456789), "1.23456789e+08");
    check(GoFloats.formatG(1e21), "1e+21");
    check(GoFloats.formatG(1e100), "1e+100");
    check(GoFloats.formatG(0.0001), "0.0001");
    check(GoFloats.formatG(0.0005), "0.0005");
    check(GoFloats.formatG(0.00001), "1e-05");
    check(GoFloats.formatG(0.00005), "5e-05");
    check(GoFloats.formatG(-2.5e-10), "-2.5e-10");
    check(GoFloats.formatG(Double.MIN_VALUE), "5e-324");
    check(GoFloats.formatG(2 * Double.MIN_VALUE), "1e-323");
    check(GoFloats.formatG(Double.MAX_VALUE), "1.7976931348623157e+308");
    check(GoFloats.formatG(Double.NaN), "NaN");
    check(GoFloats.formatG(Double.POSITIVE_INFINITY), "+Inf");
    check(GoFloats.formatG(Double.NEGATIVE_INFINITY), "-Inf");
  }

  @Test
  void fixedIsFmtPercentF() {
    check(GoFloats.formatFixed(1), "1.000000");
    check(GoFloats.formatFixed(-0.25), "-0.250000");
    check(GoFloats.formatFixed(Double.POSITIVE_INFINITY), "+Inf");
    check(GoFloats.formatFixed(Double.NaN), "NaN");
  }

  @Test
  void powAndModFollowGoSpecialCases() {
    assertThat(GoMath.pow(1, Double.NaN)).isEqualTo(1);
    assertThat(GoMath.pow(-1, Double.NEGATIVE_INFINITY)).isEqualTo(1);
    assertThat(GoMath.pow(Double.NaN, 0)).isEqualTo(1);
    assertThat(GoMath.pow(-8, 1.0 / 3)).isNaN();
    assertThat(GoMath.pow(0, -1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoMath.mod(-7, 3)).isEqualTo(-1);
    assertThat(GoMath.mod(Double.POSITIVE_INFINITY, 3)).isNaN();
    assertThat(GoMath.mod(5, 0)).isNaN();
  }

  @Test
  void almostEqualIsRelative() {
    assertThat(Almost.equal(1e6, 1e6 + 1, 1e-6)).isTrue();
    assertThat(Almost.equal(1e6, 1e6 + 10, 1e-6)).isFalse();
    assertThat(Almost.equal(Double.NaN, Double.NaN, 1e-6)).isTrue();
    assertThat(Almost.equal(0, 1e-300, 1e-6)).isFalse();
    assertThat(Almost.equal(0, -0.0, 1e-6)).isTrue();
    assertThat(Almost.equal(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-6)).isTrue();
    assertThat(Almost.equal(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-6)).isFalse();
  }
}
