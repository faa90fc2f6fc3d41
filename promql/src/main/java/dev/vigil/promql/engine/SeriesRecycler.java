package dev.vigil.promql.engine;

import dev.vigil.model.Labels;
import java.util.ArrayDeque;

/**
 * Step series handed back by a consumer that folded them (a streaming aggregation) for the
 * threads that evaluate the next series of the same node: a range query's node then allocates
 * about as many series as are in flight at once instead of one per input series. Thread-safe
 * (the query's thread gives, helper threads take); holds at most {@link #CAPACITY} series.
 */
final class SeriesRecycler {
  /** Series kept: a few fan-out blocks' worth, what helper threads have in flight. */
  static final int CAPACITY = (2 * SeriesFanOut.AHEAD + 2) * SeriesFanOut.BLOCK;

  private final int steps;
  private final ArrayDeque<StepSeries> free = new ArrayDeque<>();

  SeriesRecycler(int steps) {
    this.steps = steps;
  }

  /** A series with {@code labels}, no sample at any step and nothing else set. */
  StepSeries take(Labels labels) {
    StepSeries s;
    synchronized (free) {
      s = free.pollLast();
    }
    if (s == null) {
      return new StepSeries(labels, steps);
    }
    s.reuse(labels);
    return s;
  }

  /** Hands back a series nobody reads any more. */
  void give(StepSeries s) {
    if (s.steps() != steps) {
      return;
    }
    synchronized (free) {
      if (free.size() < CAPACITY) {
        free.addLast(s);
      }
    }
  }

  /** A fresh series when {@code r} is null, else one from {@code r}. */
  static StepSeries take(SeriesRecycler r, Labels labels, int steps) {
    return r == null ? new StepSeries(labels, steps) : r.take(labels);
  }
}
