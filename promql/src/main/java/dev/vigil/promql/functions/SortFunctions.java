package dev.vigil.promql.functions;

import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code sort}, {@code sort_desc}, {@code sort_by_label} and {@code sort_by_label_desc}. The order
 * of the returned list is the result order; it only matters for instant queries (a range query's
 * result is ordered by labels), so for a grid of several steps the functions only filter. Labels
 * and the metric name are kept. Stateless.
 */
final class SortFunctions {
  private SortFunctions() {}

  /** sort/sort_desc: by value, NaN last either way; histogram samples are dropped. */
  static VectorFunction byValue(boolean descending) {
    return (call, args, grid, ctx) -> {
      List<StepSeries> in = Args.vector(args, 0);
      List<StepSeries> out = new ArrayList<>(in.size());
      for (StepSeries s : in) {
        for (int i = 0; i < s.steps(); i++) {
          if (s.isHistogram(i)) {
            s.clear(i);
          }
        }
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      if (grid.count() == 1) {
        Comparator<StepSeries> c = (a, b) -> compareValues(a.values[0], b.values[0], descending);
        out.sort(c);
      }
      return out;
    };
  }

  private static int compareValues(double a, double b, boolean descending) {
    boolean an = Double.isNaN(a);
    boolean bn = Double.isNaN(b);
    if (an || bn) {
      return an == bn ? 0 : (an ? 1 : -1);
    }
    // == first: -0 and 0 are equal, as Go compares them.
    if (a == b) {
      return 0;
    }
    return descending ? (a > b ? -1 : 1) : (a < b ? -1 : 1);
  }

  /**
   * sort_by_label(v, label...): by each label's value in natural order (digit runs compare as
   * numbers), then by the whole label set.
   */
  static VectorFunction byLabel(boolean descending) {
    return (call, args, grid, ctx) -> {
      List<StepSeries> in = new ArrayList<>(Args.vector(args, 0));
      if (grid.count() != 1) {
        return in;
      }
      String[] names = new String[args.size() - 1];
      for (int i = 1; i < args.size(); i++) {
        names[i - 1] = Args.string(args, i);
      }
      Comparator<StepSeries> c = (a, b) -> {
        for (String n : names) {
          String va = a.labels.get(n);
          String vb = b.labels.get(n);
          if (va.equals(vb)) {
            continue;
          }
          return NaturalOrder.compare(va, vb);
        }
        return a.labels.compareTo(b.labels);
      };
      in.sort(descending ? c.reversed() : c);
      return in;
    };
  }
}
