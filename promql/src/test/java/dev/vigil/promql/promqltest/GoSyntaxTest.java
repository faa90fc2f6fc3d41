package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoSyntaxTest {
  private static void number(String s, double want) {
    assertThat(GoSyntax.parseNumber(s)).as(s).isEqualTo(want);
  }

  @Test
  void numbersAsStrconvReadsThem() {
    number("12", 12);
    number("-3", -3);
    number("010", 8);
    number("0x1F", 31);
    number("0o17", 15);
    number("0b101", 5);
    number("1_000", 1000);
    number("1.5", 1.5);
    number(".5", 0.5);
    number("1e3", 1000);
    number("-2.5E-1", -0.25);
    number("+Inf", Double.POSITIVE_INFINITY);
    number("-inf", Double.NEGATIVE_INFINITY);
    number("Infinity", Double.POSITIVE_INFINITY);
    assertThat(GoSyntax.parseNumber("NaN")).isNaN();
    number("0x1p-2", 0.25);
    for (String bad : new String[] {"", "1d", "1f", "abc", "{} 1", "foo 1", "1__0", "_1", "0x"}) {
      assertThatThrownBy(() -> GoSyntax.parseNumber(bad)).as(bad)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void unquotesLikeStrconv() {
    assertThat(GoSyntax.unquote("\"a\\tb\\\"c\\x41\\u00e9\\101\"", false)).isEqualTo("a\tb\"cAé A".replace(" ", ""));
    assertThat(GoSyntax.unquote("`raw\\n`", false)).isEqualTo("raw\\n");
    assertThat(GoSyntax.unquote("'x'", false)).isEqualTo("x");
    assertThat(GoSyntax.unquote("'xyz'", true)).isEqualTo("xyz");
    assertThatThrownBy(() -> GoSyntax.unquote("'xyz'", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoSyntax.unquote("\"a", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoSyntax.unquote("\"a\\'\"", false))
        .isInstanceOf(IllegalArgumentException.class);
  }

}
