package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The series of the current store that hold what the store cannot: native-histogram samples
 * (including the series {@code load_with_nhcb} derives) and start timestamps, when the runner was
 * told not to load them. An eval whose selectors match one of them is skipped, not run.
 */
final class SeriesKinds {
  final Set<Labels> histograms = new LinkedHashSet<>();
  final Set<Labels> startTimestamps = new LinkedHashSet<>();

  static boolean anySelected(Set<Labels> series, List<List<Matcher>> selectors) {
    for (Labels l : series) {
      for (List<Matcher> sel : selectors) {
        if (sel.stream().allMatch(m -> m.matches(l))) {
          return true;
        }
      }
    }
    return false;
  }
}
