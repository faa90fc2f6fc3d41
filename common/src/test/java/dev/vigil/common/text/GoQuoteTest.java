package dev.vigil.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Go's strconv.Quote as Go 1.22 prints it. The cases marked "told apart" are where the copies this
 * class replaced disagreed with Go.
 */
class GoQuoteTest {
  private static void check(String in, String want) {
    assertThat(GoQuote.quote(in)).as("quote of %s", in).isEqualTo(want);
  }

  @Test
  void quotesLikeGo() {
    check("", "\"\"");
    check("abc", "\"abc\"");
    check("a\"b\\c", "\"a\\\"b\\\\c\"");
    check("\n\t\r", "\"\\n\\t\\r\"");
    check("\u0001\u007f", "\"\\x01\\x7f\"");
    check("é☃", "\"é☃\"");
    check("\u200b", "\"\\u200b\"");
    check(new String(Character.toChars(0x1F600)), "\"" + new String(Character.toChars(0x1F600)) + "\"");
    check(new String(Character.toChars(0xE0001)), "\"\\U000e0001\"");
  }

  @Test
  void goEscapeLettersNotHex() {
    // told apart: a copy in rules printed \x07, \x08, \x0c and \x0b for these
    check("\u0007\b\f\u000b", "\"\\a\\b\\f\\v\"");
  }

  @Test
  void nonPrintableNonAsciiIsEscaped() {
    // told apart: a copy in rules kept every rune above 0x7f as is; Go escapes the no-break space
    check("a\u00a0b", "\"a\\u00a0b\"");
    check("\u2028", "\"\\u2028\"");
  }

  @Test
  void surrogateEscapedBytesPrintAsBytes() {
    // told apart: the template copy printed \ufffd; Go prints an invalid byte as \xNN
    check("a" + (char) 0xDCFF + "b", "\"a\\xffb\"");
    check(String.valueOf((char) 0xDC80), "\"\\x80\"");
    // told apart: the PromQL copy printed \ud800; Go decodes a lone surrogate to U+FFFD
    check(String.valueOf((char) 0xD800), "\"\\ufffd\"");
  }

  @Test
  void asciiAndRunes() {
    assertThat(GoQuote.quote("é", true)).isEqualTo("\"\\u00e9\"");
    assertThat(GoQuote.quoteRune('\'', false)).isEqualTo("'\\''");
    assertThat(GoQuote.quoteRune('"', false)).isEqualTo("'\"'");
    assertThat(GoQuote.quoteRune('\n', false)).isEqualTo("'\\n'");
  }

  @Test
  void unquoteRoundTripsAndRejects() {
    for (String s : new String[] {"", "abc", "a\"b\\c", "\u0007\n", "é☃\u200b"}) {
      assertThat(GoQuote.unquote(GoQuote.quote(s))).isEqualTo(s);
    }
    assertThat(GoQuote.unquote("`a\\n`")).isEqualTo("a\\n");
    assertThatThrownBy(() -> GoQuote.unquote("\"a")).hasMessage("invalid syntax");
    assertThatThrownBy(() -> GoQuote.unquote("\"\\q\"")).hasMessage("invalid syntax");
  }
}
