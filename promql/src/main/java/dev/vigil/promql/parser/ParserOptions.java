package dev.vigil.promql.parser;

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
}
