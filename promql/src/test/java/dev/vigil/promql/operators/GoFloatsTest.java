package dev.vigil.promql.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import org.junit.jupiter.api.Test;

class GoFloatsTest {
  @Test
  void formatGMatchesGoShortestG() {
    assertThat(GoFloats.formatG(1.1)).isEqualTo("1.1");
    assertThat(GoFloats.formatG(-1)).isEqualTo("-1");
    assertThat(GoFloats.formatG(100000)).isEqualTo("100000");
    assertThat(GoFloats.formatG(1e6)).isEqualTo("1e+06");
    assertThat(GoFloats.formatG(1234567)).isEqualTo("1.234567e+06");
    assertThat(GoFloats.formatG(0.0001)).isEqualTo("0.0001");
    assertThat(GoFloats.formatG(0.00001)).isEqualTo("1e-05");
    assertThat(GoFloats.formatG(1e100)).isEqualTo("1e+100");
    assertThat(GoFloats.formatG(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloats.formatG(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void formatPlainMatchesGoFormatFloatF() {
    assertThat(GoFloats.formatPlain(6)).isEqualTo("6");
    assertThat(GoFloats.formatPlain(0.1)).isEqualTo("0.1");
    assertThat(GoFloats.formatPlain(1e21)).isEqualTo("1000000000000000000000");
    assertThat(GoFloats.formatPlain(1e-7)).isEqualTo("0.0000001");
    assertThat(GoFloats.formatPlain(-0.0)).isEqualTo("-0");
    assertThat(GoFloats.formatPlain(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void powFollowsGoSpecialCases() {
    assertThat(GoFloats.pow(1, Double.NaN)).isEqualTo(1);
    assertThat(GoFloats.pow(-1, Double.NEGATIVE_INFINITY)).isEqualTo(1);
    assertThat(GoFloats.pow(Double.NaN, 0)).isEqualTo(1);
    assertThat(GoFloats.pow(-8, 1.0 / 3)).isNaN();
    assertThat(GoFloats.pow(0, -1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoFloats.mod(-7, 3)).isEqualTo(-1);
    assertThat(GoFloats.mod(Double.POSITIVE_INFINITY, 3)).isNaN();
    assertThat(GoFloats.mod(5, 0)).isNaN();
  }

  @Test
  void xxh64KnownVectors() {
    assertThat(LabelsHash.xxh64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(LabelsHash.xxh64("a".getBytes())).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(LabelsHash.xxh64("abc".getBytes())).isEqualTo(0x44BC2CF5AD770999L);
    byte[] longer = "Nobody inspects the spammish repetition".getBytes();
    assertThat(LabelsHash.xxh64(longer)).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void sampleOffsetIsInUnitIntervalAndStable() {
    Labels l = Labels.of("__name__", "http_requests", "job", "api-server");
    double o = LabelsHash.sampleOffset(l);
    assertThat(o).isBetween(0.0, 1.0).isEqualTo(LabelsHash.sampleOffset(l));
    assertThat(LabelsHash.unsignedToDouble(-1L)).isEqualTo(18446744073709551615.0);
  }
}
