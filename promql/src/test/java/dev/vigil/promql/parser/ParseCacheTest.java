package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.PromqlException;
import org.junit.jupiter.api.Test;

class ParseCacheTest {
  private final ParseCache cache = new ParseCache(ParserOptions.DEFAULT);

  @Test
  void sameTextGivesTheSameTreeAsTheParser() {
    String q = "sum by (job) (rate(http_requests_total{code=\"500\"}[5m]))";
    Expr first = cache.parse(q);
    assertThat(first).isEqualTo(Parser.parse(q, ParserOptions.DEFAULT));
    assertThat(cache.parse(q)).isSameAs(first);
    assertThat(cache.parse(q + " ")).isNotSameAs(first);
  }

  @Test
  void failuresAreReportedEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cache.parse("foo(")).isInstanceOf(PromqlException.class)
          .hasMessageContaining("unclosed left parenthesis");
    }
  }

  @Test
  void longTextsAreParsedEachTimeAndTheCacheStaysBounded() {
    String longQuery = "x{a=\"" + "v".repeat(ParseCache.MAX_TEXT) + "\"}";
    assertThat(cache.parse(longQuery)).isNotSameAs(cache.parse(longQuery))
        .isEqualTo(cache.parse(longQuery));
    for (int i = 0; i < ParseCache.MAX_ENTRIES * 2; i++) {
      assertThat(cache.parse("m" + i)).isInstanceOf(Expr.VectorSelector.class);
    }
    Expr kept = cache.parse("m_last");
    assertThat(cache.parse("m_last")).isSameAs(kept);
  }
}
