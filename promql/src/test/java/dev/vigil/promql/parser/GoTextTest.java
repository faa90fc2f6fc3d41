package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's formatting conventions that PromQL's printer and errors inherit. */
class GoTextTest {

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
