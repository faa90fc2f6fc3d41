package dev.vigil.testkit;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.SelectHints;
import dev.vigil.model.Series;
import dev.vigil.model.SeriesSet;
import java.util.List;
import java.util.function.Function;

/**
 * A querier that hands every series' sample iterator through a function when it is opened: for
 * tests that must see (or replace) how an engine reads series, e.g. count the iterators opened,
 * fail or cancel at the k-th one, or swap in an iterator with other bulk-read behaviour. Labels,
 * label names and values, warnings and closing go to the wrapped querier unchanged. As
 * thread-safe as the wrapped querier and the function.
 */
public final class IteratorHook implements Querier {
  private final Querier in;
  private final Function<Series, SampleIterator> iterators;

  /**
   * @param iterators called with the wrapped series each time its iterator is asked for; returns
   *     the iterator to use (usually {@code series.iterator()}, possibly wrapped)
   */
  public IteratorHook(Querier in, Function<Series, SampleIterator> iterators) {
    this.in = in;
    this.iterators = iterators;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
    SeriesSet set = in.select(sorted, hints, matchers);
    return new SeriesSet() {
      @Override
      public boolean next() {
        return set.next();
      }

      @Override
      public Series at() {
        Series s = set.at();
        return new Series() {
          @Override
          public Labels labels() {
            return s.labels();
          }

          @Override
          public SampleIterator iterator() {
            return iterators.apply(s);
          }
        };
      }

      @Override
      public List<String> warnings() {
        return set.warnings();
      }
    };
  }

  @Override
  public List<String> labelNames(List<Matcher> matchers) {
    return in.labelNames(matchers);
  }

  @Override
  public List<String> labelValues(String name, List<Matcher> matchers) {
    return in.labelValues(name, matchers);
  }

  @Override
  public void close() {
    in.close();
  }
}
