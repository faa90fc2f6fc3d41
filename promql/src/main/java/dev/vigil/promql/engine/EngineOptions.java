package dev.vigil.promql.engine;

import dev.vigil.promql.parser.ParserOptions;
import java.time.Duration;

/**
 * Engine-wide settings, Prometheus's defaults in {@link #DEFAULT}.
 *
 * @param lookbackDeltaMs how far back an instant selector looks for a sample (5m)
 * @param maxSamples samples a query may hold in memory at once (50,000,000)
 * @param timeout longest a query may run (2m)
 * @param maxConcurrent queries executing at once; later ones wait (20)
 * @param defaultSubqueryStepMs step of {@code [range:]} subqueries without one (1m: the global
 *     evaluation interval)
 * @param parser experimental syntax accepted
 * @param delayedNameRemoval Prometheus's {@code promql-delayed-name-removal}: drop {@code __name__}
 *     at the end of evaluation instead of at each function/operator
 * @param useStartTimestamps Prometheus's {@code UseStartTimestamps}: {@code rate}, {@code
 *     increase}, {@code irate} and {@code resets} use the samples' start timestamps ({@link
 *     dev.vigil.model.SampleIterator#atStartTimestamp()}) to find counter resets and to anchor a
 *     series that starts inside the window; off by default (the tsdb store keeps none yet), on in
 *     the promqltest harness as in Prometheus's test engine
 */
public record EngineOptions(
    long lookbackDeltaMs,
    long maxSamples,
    Duration timeout,
    int maxConcurrent,
    long defaultSubqueryStepMs,
    ParserOptions parser,
    boolean delayedNameRemoval,
    boolean useStartTimestamps) {
  public static final EngineOptions DEFAULT =
      new EngineOptions(300_000, 50_000_000, Duration.ofMinutes(2), 20, 60_000,
          ParserOptions.DEFAULT, false);

  /** Options without start timestamps. */
  public EngineOptions(long lookbackDeltaMs, long maxSamples, Duration timeout, int maxConcurrent,
      long defaultSubqueryStepMs, ParserOptions parser, boolean delayedNameRemoval) {
    this(lookbackDeltaMs, maxSamples, timeout, maxConcurrent, defaultSubqueryStepMs, parser,
        delayedNameRemoval, false);
  }

  public EngineOptions withStartTimestamps(boolean on) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrent,
        defaultSubqueryStepMs, parser, delayedNameRemoval, on);
  }

  public EngineOptions withParser(ParserOptions p) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrent,
        defaultSubqueryStepMs, p, delayedNameRemoval, useStartTimestamps);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(lookbackDeltaMs, n, timeout, maxConcurrent, defaultSubqueryStepMs,
        parser, delayedNameRemoval, useStartTimestamps);
  }
}
