package dev.vigil.promql.functions;

import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Element-wise float functions ({@code abs}, {@code ln}, trigonometry, {@code round},
 * {@code clamp}, ...): each runs over every step of every series in place. Histogram samples have
 * no result; the metric name is dropped. Stateless.
 */
final class MathFunctions {
  private MathFunctions() {}

  static VectorFunction unary(DoubleUnaryOperator op) {
    return (call, args, grid, ctx) -> {
      List<StepSeries> in = Args.vector(args, 0);
      for (StepSeries s : in) {
        double[] v = s.values;
        for (int i = 0; i < v.length; i++) {
          if (!s.has(i)) {
            continue;
          }
          if (s.isHistogram(i)) {
            s.clear(i);
          } else {
            v[i] = op.applyAsDouble(v[i]);
          }
        }
        Args.dropName(s, ctx);
      }
      return Args.finish(in, ctx);
    };
  }

  static double sgn(double v) {
    if (v < 0) {
      return -1;
    }
    if (v > 0) {
      return 1;
    }
    return v; // 0, -0 and NaN stay
  }

  /** round(v, to_nearest=1): ties round up. */
  static Object round(
      dev.vigil.promql.ast.Expr.Call call, List<Object> args, dev.vigil.promql.engine.StepGrid grid,
      EvalContext ctx) {
    List<StepSeries> in = Args.vector(args, 0);
    double[] nearest = args.size() > 1 ? Args.scalar(args, 1) : null;
    for (StepSeries s : in) {
      double[] v = s.values;
      for (int i = 0; i < v.length; i++) {
        if (!s.has(i)) {
          continue;
        }
        if (s.isHistogram(i)) {
          s.clear(i);
          continue;
        }
        // The inverse gives fewer floating-point surprises than dividing by to_nearest.
        double inverse = 1.0 / (nearest == null ? 1 : nearest[i]);
        v[i] = Math.floor(v[i] * inverse + 0.5) / inverse;
      }
      Args.dropName(s, ctx);
    }
    return Args.finish(in, ctx);
  }

  /** clamp, clamp_min, clamp_max: no result at a step where max < min. */
  static VectorFunction clamp(int minArg, int maxArg) {
    return (call, args, grid, ctx) -> {
      List<StepSeries> in = Args.vector(args, 0);
      double[] mins = minArg < 0 ? null : Args.scalar(args, minArg);
      double[] maxs = maxArg < 0 ? null : Args.scalar(args, maxArg);
      for (StepSeries s : in) {
        double[] v = s.values;
        for (int i = 0; i < v.length; i++) {
          if (!s.has(i)) {
            continue;
          }
          double min = mins == null ? Double.NEGATIVE_INFINITY : mins[i];
          double max = maxs == null ? Double.POSITIVE_INFINITY : maxs[i];
          if (s.isHistogram(i) || max < min) {
            s.clear(i);
            continue;
          }
          v[i] = Math.max(min, Math.min(max, v[i]));
        }
        Args.dropName(s, ctx);
      }
      return Args.finish(in, ctx);
    };
  }

  /** min_of(a, b) / max_of(a, b) over two scalars: NaN when either is NaN. */
  static VectorFunction minOf(boolean min) {
    return (call, args, grid, ctx) -> {
      double[] a = Args.scalar(args, 0);
      double[] b = Args.scalar(args, 1);
      double[] out = new double[a.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = min ? Math.min(a[i], b[i]) : Math.max(a[i], b[i]);
      }
      return out;
    };
  }
}
