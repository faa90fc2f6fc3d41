package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's formatting conventions that PromQL's printer and errors inherit. */
class GoTextTest {
  @Test
  void formatFLikeStrconvFormatFloatF() {
    assertThat(GoText.formatF(1)).isEqualTo("1");
    assertThat(GoText.formatF(-0.0)).isEqualTo("-0");
    assertThat(GoText.formatF(0.1)).isEqualTo("0.1");
    assertThat(GoText.formatF(1e21)).isEqualTo("1000000000000000000000");
    assertThat(GoText.formatF(1.5e-7)).isEqualTo("0.00000015");
    assertThat(GoText.formatF(123456789.125)).isEqualTo("123456789.125");
    assertThat(GoText.formatF(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoText.formatF(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoText.formatF(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void formatVLikeFmtPercentV() {
    assertThat(GoText.formatV(0)).isEqualTo("0");
    assertThat(GoText.formatV(1.5)).isEqualTo("1.5");
    assertThat(GoText.formatV(100000)).isEqualTo("100000");
    assertThat(GoText.formatV(1e6)).isEqualTo("1e+06");
    assertThat(GoText.formatV(1234567)).isEqualTo("1.234567e+06");
    assertThat(GoText.formatV(0.0001)).isEqualTo("0.0001");
    assertThat(GoText.formatV(0.00001)).isEqualTo("1e-05");
    assertThat(GoText.formatV(-2.5e-10)).isEqualTo("-2.5e-10");
    assertThat(GoText.formatV(1e100)).isEqualTo("1e+100");
    assertThat(GoText.formatV(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void quoteLikeStrconvQuote() {
    assertThat(GoText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GoText.quote("\n\t\r\u0007\u000b\u0000")).isEqualTo("\"\\n\\t\\r\\a\\v\\x00\"");
    assertThat(GoText.quote("é☺")).isEqualTo("\"é☺\"");
    assertThat(GoText.quote("\u00a0\u200b")).isEqualTo("\"\\u00a0\\u200b\"");
    assertThat(GoText.quote("a\uDCC5z")).isEqualTo("\"a\\xc5z\"");
    assertThat(GoText.quoteRune('\'')).isEqualTo("'\\''");
    assertThat(GoText.quoteRune('x')).isEqualTo("'x'");
  }

  @Test
  void unquoteGoEscapes() {
    assertThat(GoText.unquote("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"")).isEqualTo("\u0007\b\f\n\r\t\u000b\\\"");
    assertThat(GoText.unquote("'\\''")).isEqualTo("'");
    assertThat(GoText.unquote("\"\\u1234\\U00010111\"")).isEqualTo("\u1234\uD800\uDD11");
    assertThat(GoText.unquote("\"\\303\\251\"")).isEqualTo("é"); // octal bytes of UTF-8
    assertThat(GoText.unquote("\"\\xc3\\xa9\"")).isEqualTo("é");
    assertThat(GoText.unquote("\"a\\xc5z\"")).isEqualTo("a\uDCC5z"); // not UTF-8: kept as escape
    assertThat(GoText.unquote("`a\\n`")).isEqualTo("a\\n");
  }
}
