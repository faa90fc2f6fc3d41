package dev.vigil.promql.parser;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import java.util.List;
import java.util.Objects;

/**
 * Parses PromQL text into a type-checked syntax tree, with Prometheus 3's grammar, type rules and
 * error messages ({@code 1:5: parse error: unexpected end of input}). Experimental syntax parses
 * only when its {@link ParserOptions} flag is on. Thread-safe (stateless).
 *
 * <p>Tree conventions: a vector selector's {@code name} is the metric name written before the
 * braces ("" when none; a quoted name inside the braces only appears as a {@code __name__} matcher)
 * and its {@code __name__="name"} matcher is the last matcher; offset, {@code @} and the extended
 * modifiers of a range selector live on its inner vector selector.
 */
public final class Parser {
  private Parser() {}

  /** @throws ParseException naming the problem and its line:column */
  public static Expr parse(String query, ParserOptions options) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(options, "options");
    if (query.length() < DeepStack.SHORT_QUERY_CHARS) {
      return parseHere(query, options);
    }
    return DeepStack.call(() -> parseHere(query, options));
  }

  private static Expr parseHere(String query, ParserOptions options) {
    TokenStream ts = new TokenStream(query);
    try {
      ExprParser p = new ExprParser(ts, options);
      Expr e = p.parseTop();
      new TypeChecker(ts, p.rawMatching()).check(e);
      return e;
    } catch (StackOverflowError e) {
      throw ts.fail(0, "expression is nested too deeply");
    }
  }

  /**
   * Parses a series selector as the HTTP API's {@code match[]} parameter takes it ({@code
   * up{job="x"}}, {@code {__name__=~"a.*"}}): a vector selector and nothing else. Matchers are
   * returned in the order written, a name before the braces last. Checking that at least one
   * matcher is non-empty is left to the caller, as Prometheus's API does it with its own message.
   *
   * @throws ParseException naming the problem and its line:column
   */
  public static List<Matcher> parseSelector(String selector, ParserOptions options) {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(options, "options");
    TokenStream ts = new TokenStream(selector);
    return new ExprParser(ts, options).parseSelectorOnly().matchers();
  }
}
