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
 * @param parallelism threads that may evaluate one query's per-series work at once, the query's
 *     own thread included (1, the default here: sequential; the server defaults to the machine's
 *     processors). Results, errors, annotations and statistics do not depend on it.
 * @param parallelMinSeries series of a one-step node (an instant query's) evaluated on the
 *     query's own thread before the rest is shared with helper threads, so that small queries pay
 *     no hand-off; a node with more steps hands off after proportionally fewer series (16 for a
 *     range query of 240 steps at the default 256)
 */
public record EngineOptions(
    long lookbackDeltaMs,
    long maxSamples,
    Duration timeout,
    int maxConcurrent,
    long defaultSubqueryStepMs,
    ParserOptions parser,
    boolean delayedNameRemoval,
    boolean useStartTimestamps,
    int parallelism,
    int parallelMinSeries) {
  public static final EngineOptions DEFAULT =
      new EngineOptions(300_000, 50_000_000, Duration.ofMinutes(2), 20, 60_000,
          ParserOptions.DEFAULT, false);

  /** {@link #parallelMinSeries} unless set: a few hundred microseconds of work. */
  public static final int DEFAULT_PARALLEL_MIN_SERIES = 256;

  public EngineOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "query parallelism must be at least 1, got " + parallelism);
    }
    if (parallelMinSeries < 1) {
      throw new IllegalArgumentException(
          "series before a query goes parallel must be at least 1, got " + parallelMinSeries);
    }
  }

  /** Sequential options. */
  public EngineOptions(long lookbackDeltaMs, long maxSamples, Duration timeout, int maxConcurrent,
      long defaultSubqueryStepMs, ParserOptions parser, boolean delayedNameRemoval,
      boolean useStartTimestamps) {
    this(lookbackDeltaMs, maxSamples, timeout, maxConcurrent, defaultSubqueryStepMs, parser,
        delayedNameRemoval, useStartTimestamps, 1, DEFAULT_PARALLEL_MIN_SERIES);
  }

  /** Options without start timestamps. */
  public EngineOptions(long lookbackDeltaMs, long maxSamples, Duration timeout, int maxConcurrent,
      long defaultSubqueryStepMs, ParserOptions parser, boolean delayedNameRemoval) {
    this(lookbackDeltaMs, maxSamples, timeout, maxConcurrent, defaultSubqueryStepMs, parser,
        delayedNameRemoval, false);
  }

  public EngineOptions withStartTimestamps(boolean on) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrent,
        defaultSubqueryStepMs, parser, delayedNameRemoval, on, parallelism, parallelMinSeries);
  }

  /**
   * These options with up to {@code threads} threads per query (1: sequential), once a node has
   * evaluated {@code minSeries} series on the query's own thread.
   */
  public EngineOptions withParallelism(int threads, int minSeries) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrent,
        defaultSubqueryStepMs, parser, delayedNameRemoval, useStartTimestamps, threads, minSeries);
  }

  public EngineOptions withParser(ParserOptions p) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, maxConcurrent,
        defaultSubqueryStepMs, p, delayedNameRemoval, useStartTimestamps, parallelism,
        parallelMinSeries);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(lookbackDeltaMs, n, timeout, maxConcurrent, defaultSubqueryStepMs,
        parser, delayedNameRemoval, useStartTimestamps, parallelism, parallelMinSeries);
  }
}
