package dev.vigil.promql.engine;

import java.time.Duration;

/**
 * Per-query settings from the API.
 *
 * @param lookbackDeltaMs overrides the engine's when &gt; 0
 * @param timeout overrides the engine's when non-null and shorter
 * @param perStepStats collect samples per step ({@code stats=all})
 */
public record QueryOptions(long lookbackDeltaMs, Duration timeout, boolean perStepStats) {
  public static final QueryOptions DEFAULT = new QueryOptions(0, null, false);
}
