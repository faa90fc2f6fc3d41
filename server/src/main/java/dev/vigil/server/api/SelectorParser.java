package dev.vigil.server.api;

import dev.vigil.model.Matcher;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import java.util.List;

/**
 * Series selectors as the HTTP API's {@code match[]} parameters (series, labels, label values,
 * federation, target metadata) take them, parsed by the PromQL parser as Prometheus's
 * {@code parser.ParseMetricSelector} does: {@code metric}, {@code metric{a="b", c=~"d.*"}},
 * {@code {__name__="m"}}, quoted UTF-8 names ({@code {"my.metric", "a.b"="c"}}). Errors carry
 * Prometheus's messages. Stateless.
 */
public final class SelectorParser {
  private SelectorParser() {}

  /**
   * Parses one selector into its matchers, in Prometheus's order (a metric name written before
   * the braces becomes the last, {@code __name__} matcher).
   *
   * @throws SelectorParseException naming the problem and its position
   */
  public static List<Matcher> parseSelector(String input) {
    try {
      return Parser.parseSelector(input, ParserOptions.DEFAULT);
    } catch (ParseException e) {
      throw new SelectorParseException(e.line(), e.column(), e.detail());
    }
  }
}
