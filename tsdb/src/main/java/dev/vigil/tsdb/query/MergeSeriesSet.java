package dev.vigil.tsdb.query;

import dev.vigil.model.Labels;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges series sets that are each sorted by labels into one sorted set; series with equal labels
 * in several inputs become one series whose samples are merged by {@link MergeSampleIterator}
 * (earlier inputs win on equal timestamps). Not thread-safe.
 *
 * <p>The inputs are few (the head and the blocks a query overlaps), so each step scans them for
 * the smallest labels instead of keeping a heap; once a single input has series left, its series
 * pass through without comparisons.
 */
final class MergeSeriesSet implements SeriesSet {
  private final List<SeriesSet> inputs;
  private final SeriesSet[] live; // inputs not yet exhausted, in input order
  private final boolean[] moved; // live[i] must advance before the next comparison
  private int liveCount;
  private boolean started;
  private Series at;

  MergeSeriesSet(List<SeriesSet> inputs) {
    this.inputs = inputs;
    this.live = inputs.toArray(SeriesSet[]::new);
    this.moved = new boolean[live.length];
    this.liveCount = live.length;
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      java.util.Arrays.fill(moved, true);
    }
    // Advance the inputs whose series was returned last; drop exhausted ones (order kept, so
    // an earlier input still wins on equal labels).
    int n = 0;
    for (int i = 0; i < liveCount; i++) {
      if (!moved[i] || live[i].next()) {
        if (n != i) {
          // Stored only once an input is exhausted: a store into the array is type-checked, and
          // the compiled check, speculating on the input types seen so far, trapped (deoptimised)
          // on every new kind of input when it ran on each step.
          live[n] = live[i];
        }
        moved[n] = false;
        n++;
      }
    }
    for (int i = n; i < liveCount; i++) {
      live[i] = null;
    }
    liveCount = n;
    if (n == 0) {
      at = null;
      return false;
    }
    if (n == 1) {
      at = live[0].at();
      moved[0] = true;
      return true;
    }
    Labels min = live[0].at().labels();
    int first = 0;
    for (int i = 1; i < n; i++) {
      Labels l = live[i].at().labels();
      if (l.compareTo(min) < 0) {
        min = l;
        first = i;
      }
    }
    List<Series> parts = null;
    for (int i = first; i < n; i++) {
      Series s = live[i].at();
      if (i == first || s.labels().equals(min)) {
        moved[i] = true;
        if (i != first) {
          if (parts == null) {
            parts = new ArrayList<>(n);
            parts.add(live[first].at());
          }
          parts.add(s);
        }
      }
    }
    at = parts == null ? live[first].at() : new MergedSeries(min, parts);
    return true;
  }

  @Override
  public Series at() {
    if (at == null) {
      throw new IllegalStateException("no current series");
    }
    return at;
  }

  @Override
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (SeriesSet s : inputs) {
      out.addAll(s.warnings());
    }
    return out;
  }

  private record MergedSeries(Labels labels, List<Series> parts) implements Series {
    @Override
    public SampleIterator iterator() {
      List<SampleIterator> its = new ArrayList<>(parts.size());
      for (Series s : parts) {
        its.add(s.iterator());
      }
      return new MergeSampleIterator(its);
    }
  }
}
