package dev.vigil.promql.parser;

import java.util.Collection;

/**
 * Which experimental syntax the parser accepts. Prometheus gates these behind feature flags;
 * {@code --enable-feature=promql-experimental-functions} turns on {@link #experimentalFunctions},
 * {@code promql-duration-expr} {@link #durationExpressions}, {@code promql-extended-range-selectors}
 * {@link #extendedRangeSelectors}, {@code promql-binop-fill-modifiers} {@link #fillModifiers}.
 */
public record ParserOptions(
    boolean experimentalFunctions,
    boolean durationExpressions,
    boolean extendedRangeSelectors,
    boolean fillModifiers) {
  public static final ParserOptions DEFAULT = new ParserOptions(false, false, false, false);
  public static final ParserOptions ALL_EXPERIMENTAL = new ParserOptions(true, true, true, true);

  /**
   * The options that Prometheus's {@code --enable-feature} names turn on ({@code
   * promql-experimental-functions}, {@code promql-duration-expr}, {@code
   * promql-extended-range-selectors}, {@code promql-binop-fill-modifiers}); other names are
   * ignored, as they belong to other parts of the server.
   */
  public static ParserOptions fromFeatureFlags(Collection<String> features) {
    return new ParserOptions(
        features.contains("promql-experimental-functions"),
        features.contains("promql-duration-expr"),
        features.contains("promql-extended-range-selectors"),
        features.contains("promql-binop-fill-modifiers"));
  }
}
