package dev.vigil.server.query;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.parser.ParserOptions;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code --enable-feature} names Prometheus uses for PromQL, mapped onto the engine's and the
 * parser's options. Names that are not PromQL's are ignored here (other parts of the server read
 * them). Stateless.
 */
public final class QueryFeatures {
  public static final String EXPERIMENTAL_FUNCTIONS = "promql-experimental-functions";
  public static final String DURATION_EXPR = "promql-duration-expr";
  public static final String EXTENDED_RANGE_SELECTORS = "promql-extended-range-selectors";
  public static final String FILL_MODIFIERS = "promql-binop-fill-modifiers";
  public static final String DELAYED_NAME_REMOVAL = "promql-delayed-name-removal";
  /** Per-step sample counts in {@code stats=all} answers, off by default as in Prometheus. */
  public static final String PER_STEP_STATS = "promql-per-step-stats";

  /** Every PromQL feature name this server understands. */
  public static final Set<String> ALL = Set.of(EXPERIMENTAL_FUNCTIONS, DURATION_EXPR,
      EXTENDED_RANGE_SELECTORS, FILL_MODIFIERS, DELAYED_NAME_REMOVAL, PER_STEP_STATS);

  private QueryFeatures() {}

  public static ParserOptions parserOptions(Set<String> features) {
    return new ParserOptions(features.contains(EXPERIMENTAL_FUNCTIONS),
        features.contains(DURATION_EXPR), features.contains(EXTENDED_RANGE_SELECTORS),
        features.contains(FILL_MODIFIERS));
  }

  /**
   * Engine options from the {@code --query.*} flags and the features.
   *
   * @param maxConcurrency queries run at once, at least 1
   */
  public static EngineOptions engineOptions(long lookbackDeltaMs, long maxSamples,
      Duration timeout, int maxConcurrency, Set<String> features) {
    if (lookbackDeltaMs <= 0) {
      throw new IllegalArgumentException("lookback delta must be positive, got "
          + lookbackDeltaMs + "ms");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max concurrency must be at least 1, got "
          + maxConcurrency);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + timeout);
    }
    EngineOptions d = EngineOptions.DEFAULT;
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrency,
        d.defaultSubqueryStepMs(), parserOptions(features),
        features.contains(DELAYED_NAME_REMOVAL));
  }
}
