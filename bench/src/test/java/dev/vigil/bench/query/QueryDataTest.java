package dev.vigil.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link QueryData#queryEndMs}: no evaluation time of the benchmark's queries, and no start of
 * the windows they use, falls on a sample, so closed and left-open windows select the same
 * samples.
 */
class QueryDataTest {
  /** The range-selector and subquery windows of {@link QuerySet}, in ms. */
  private static final long[] WINDOWS_MS = {0, 60_000, 300_000, 600_000, 1_800_000};

  @Test
  void queriesEndAtAWholeSecondJustAfterTheLastSample() {
    QueryData d = new QueryData(20, 20, 4, 30, 1_763_766_000_000L + 1_234_567L);
    assertThat(d.queryEndMs % 1000).isZero();
    assertThat(d.queryEndMs - d.endMs).isBetween(1L, 999L);
  }

  @Test
  void noStepOrWindowStartLandsOnASample() {
    for (int interval : new int[] {15, 30, 60}) {
      QueryData d = new QueryData(2, 2, 4, interval, 1_763_766_000_000L + 987_654L);
      long start = d.queryEndMs - QuerySet.RANGE_HOURS * 3_600_000L;
      for (long t = start; t <= d.queryEndMs; t += QuerySet.RANGE_STEP_SECONDS * 1000L) {
        for (long w : WINDOWS_MS) {
          long offset = Math.floorMod(t - w - d.startMs, interval * 1000L);
          assertThat(offset).as("interval %d s, step %d, window %d ms", interval, t, w)
              .isNotZero();
        }
      }
    }
  }
}
