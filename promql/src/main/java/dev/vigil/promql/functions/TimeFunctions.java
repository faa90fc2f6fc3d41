package dev.vigil.promql.functions;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.StepSeries;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code time}, {@code pi}, {@code vector}, {@code scalar} and the calendar functions
 * ({@code year}, {@code hour}, ... in UTC). Stateless.
 */
final class TimeFunctions {
  private TimeFunctions() {}

  static final VectorFunction TIME = (call, args, grid, ctx) -> {
    double[] out = new double[grid.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = grid.time(i) / 1000.0;
    }
    return out;
  };

  static final VectorFunction PI = (call, args, grid, ctx) -> {
    double[] out = new double[grid.count()];
    java.util.Arrays.fill(out, Math.PI);
    return out;
  };

  static final VectorFunction VECTOR = (call, args, grid, ctx) -> {
    double[] v = Args.scalar(args, 0);
    StepSeries s = new StepSeries(Labels.EMPTY, grid.count());
    for (int i = 0; i < v.length; i++) {
      s.set(i, v[i]);
    }
    List<StepSeries> out = new ArrayList<>(1);
    out.add(s);
    return out;
  };

  /** The single float sample at each step, NaN when there are none or several. */
  static final VectorFunction SCALAR = (call, args, grid, ctx) -> {
    List<StepSeries> in = Args.vector(args, 0);
    int n = grid.count();
    double[] out = new double[n];
    int[] found = new int[n];
    for (StepSeries s : in) {
      for (int i = 0; i < n; i++) {
        if (s.has(i) && !s.isHistogram(i)) {
          found[i]++;
          out[i] = s.values[i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (found[i] != 1) {
        out[i] = Double.NaN;
      }
    }
    return out;
  };

  /**
   * A calendar function: over the argument's float values as Unix seconds, or over the evaluation
   * time when called without one.
   */
  static VectorFunction calendar(ToIntFunction<LocalDateTime> field) {
    return (call, args, grid, ctx) -> {
      if (args.isEmpty()) {
        StepSeries s = new StepSeries(Labels.EMPTY, grid.count());
        for (int i = 0; i < s.steps(); i++) {
          s.set(i, apply(field, grid.time(i) / 1000));
        }
        List<StepSeries> out = new ArrayList<>(1);
        out.add(s);
        return out;
      }
      List<StepSeries> in = Args.vector(args, 0);
      for (StepSeries s : in) {
        for (int i = 0; i < s.steps(); i++) {
          if (!s.has(i)) {
            continue;
          }
          if (s.isHistogram(i)) {
            s.clear(i);
          } else {
            s.values[i] = apply(field, (long) s.values[i]);
          }
        }
        Args.dropName(s, ctx);
      }
      return Args.finish(in, ctx);
    };
  }

  private static double apply(ToIntFunction<LocalDateTime> field, long unixSeconds) {
    try {
      return field.applyAsInt(LocalDateTime.ofEpochSecond(unixSeconds, 0, ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Double.NaN; // beyond the years java.time represents
    }
  }

  static int daysInMonth(LocalDateTime t) {
    return t.toLocalDate().lengthOfMonth();
  }

  static int dayOfWeek(LocalDateTime t) {
    return t.getDayOfWeek().getValue() % 7; // Sunday is 0
  }
}
