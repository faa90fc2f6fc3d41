package dev.vigil.tsdb.query;

import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One querier over several (e.g. the head and the blocks overlapping a query range).
 *
 * <p>{@code select} asks every input for sorted series and merges them, so the output is always
 * sorted by labels; a series present in several inputs comes out once, its samples merged by time
 * with duplicate timestamps dropped (the input listed first wins, so list the most authoritative
 * store first). Label names and values are the sorted union of the inputs'. Closing closes every
 * input. Not thread-safe, like any {@link Querier}.
 */
public final class MergeQuerier implements Querier {
  private final List<Querier> inputs;

  public MergeQuerier(List<? extends Querier> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    if (inputs.isEmpty()) {
      return SeriesSet.EMPTY;
    }
    if (inputs.size() == 1) {
      return inputs.getFirst().select(sorted, hints, matchers);
    }
    List<SeriesSet> sets = new ArrayList<>(inputs.size());
    for (Querier q : inputs) {
      SeriesSet s = q.select(true, hints, matchers);
      if (s != SeriesSet.EMPTY) {
        sets.add(s);
      }
    }
    // An input known to be empty (a block outside the hinted range, a head without the series)
    // costs nothing to leave out; a single one left needs no merge.
    return switch (sets.size()) {
      case 0 -> SeriesSet.EMPTY;
      case 1 -> sets.getFirst();
      default -> new MergeSeriesSet(sets);
    };
  }

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Querier q : inputs) {
      out.addAll(q.labelNames(matchers));
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Querier q : inputs) {
      out.addAll(q.labelValues(name, matchers));
    }
    return List.copyOf(out);
  }

  /** Closes every input, even when some fail; the first failure is thrown, the rest suppressed. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Querier q : inputs) {
      try {
        q.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
