package dev.vigil.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** strconv.FormatFloat(v, 'e'/'E', -1, 64) as Go prints it. */
class GoFloatTest {
  private static void check(double v, String wantLower) {
    assertThat(GoFloat.exponent(v, 'e')).as("%s", v).isEqualTo(wantLower);
    assertThat(GoFloat.exponent(v, 'E')).as("%s", v).isEqualTo(wantLower.replace('e', 'E'));
  }

  @Test
  void formatsLikeGo() {
    check(0, "0e+00");
    check(-0.0, "-0e+00");
    check(1, "1e+00");
    check(1.5, "1.5e+00");
    check(-1234.5, "-1.2345e+03");
    check(0.1, "1e-01");
    check(2.5e-7, "2.5e-07");
    check(1e100, "1e+100");
    check(123456789012345678.0, "1.2345678901234568e+17");
    // told apart: the rules and server copies printed 4.9e-324 (Double.toString's two digits)
    check(Double.MIN_VALUE, "5e-324");
    check(9.5, "9.5e+00");
    check(1.2e-5, "1.2e-05");
    check(Double.MAX_VALUE, "1.7976931348623157e+308");
    assertThat(GoFloat.exponent(Double.NaN, 'e')).isEqualTo("NaN");
    assertThat(GoFloat.exponent(Double.POSITIVE_INFINITY, 'e')).isEqualTo("+Inf");
    assertThat(GoFloat.exponent(Double.NEGATIVE_INFINITY, 'E')).isEqualTo("-Inf");
  }

  @Test
  void rejectsOtherMarkers() {
    assertThatThrownBy(() -> GoFloat.exponent(1, 'g')).hasMessageContaining("'g'");
  }
}
