package dev.vigil.promql.functions;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.SeriesMerge;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import dev.vigil.promql.value.HistogramBuckets;
import dev.vigil.promql.value.KahanSum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The histogram functions over instant vectors: {@code histogram_quantile},
 * {@code histogram_quantiles} and {@code histogram_fraction} for classic and native histograms,
 * and the native-only {@code histogram_count/sum/avg/stddev/stdvar}. Results drop the metric name.
 * Stateless.
 */
final class HistogramFunctions {
  private HistogramFunctions() {}

  private static PosRange pos(Expr.Call call, int i) {
    return call != null && i < call.args().size() ? call.args().get(i).pos() : null;
  }

  /** A float per native histogram sample; float samples have no result. */
  static VectorFunction nativeValue(ToDoubleFunction<FloatHistogram> f) {
    return (call, args, grid, ctx) -> {
      List<StepSeries> in = Args.vector(args, 0);
      List<StepSeries> out = new ArrayList<>(in.size());
      for (StepSeries s : in) {
        if (s.histograms == null) {
          continue;
        }
        for (int i = 0; i < s.steps(); i++) {
          if (!s.has(i)) {
            continue;
          }
          if (s.isHistogram(i)) {
            FloatHistogram h = s.histograms[i];
            s.set(i, f.applyAsDouble(h));
          } else {
            s.clear(i);
          }
        }
        Args.dropName(s, ctx);
        out.add(s);
      }
      return Args.finish(out, ctx);
    };
  }

  /**
   * The variance of the observations, each bucket's count placed at its midpoint (the geometric
   * mean for exponential buckets, 0 for the zero bucket, the arithmetic mean for custom ones).
   */
  static double variance(FloatHistogram h) {
    double mean = h.sum() / h.count();
    int cap = HistogramBuckets.capacity(h);
    double[] lo = new double[cap];
    double[] up = new double[cap];
    double[] cnt = new double[cap];
    int n = HistogramBuckets.all(h, lo, up, cnt);
    boolean custom = HistogramBuckets.usesCustom(h);
    KahanSum v = new KahanSum();
    for (int i = 0; i < n; i++) {
      if (cnt[i] == 0) {
        continue;
      }
      double val;
      if (custom) {
        val = (up[i] + lo[i]) / 2.0;
      } else if (lo[i] <= 0 && up[i] >= 0) {
        val = 0;
      } else {
        val = Math.sqrt(up[i] * lo[i]);
        if (up[i] < 0) {
          val = -val;
        }
      }
      double delta = val - mean;
      v.add(cnt[i] * delta * delta);
    }
    return (v.sum + v.c) / h.count();
  }

  /** histogram_quantile(q, v). */
  static Object quantile(Expr.Call call, List<Object> args, StepGrid grid, EvalContext ctx) {
    double[] q = Args.scalar(args, 0);
    warnInvalidQuantiles(q, ctx, pos(call, 0));
    HistogramInput input = new HistogramInput(Args.vector(args, 1), ctx, pos(call, 1));
    List<StepSeries> out = quantiles(input, q, grid, ctx, pos(call, 0), pos(call, 1));
    return Args.finish(out, ctx);
  }

  /** histogram_quantiles(v, label, q...): one series per quantile, labelled with it. */
  static Object quantilesLabelled(
      Expr.Call call, List<Object> args, StepGrid grid, EvalContext ctx) {
    String label = Args.string(args, 1);
    HistogramInput input = new HistogramInput(Args.vector(args, 0), ctx, pos(call, 0));
    Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
    for (int a = 2; a < args.size(); a++) {
      double[] q = Args.scalar(args, a);
      warnInvalidQuantiles(q, ctx, pos(call, a));
      for (StepSeries s : quantiles(input, q, grid, ctx, pos(call, 0), pos(call, 0))) {
        for (int i = 0; i < s.steps(); i++) {
          if (!s.has(i)) {
            continue;
          }
          Labels l = s.labels.with(label, openMetricsFloat(q[i]));
          StepSeries target = byLabels.computeIfAbsent(l, k -> {
            StepSeries t = new StepSeries(k, grid.count());
            t.dropName = s.dropName;
            return t;
          });
          if (target.has(i)) {
            throw new PromqlException(ErrorType.EXECUTION, SeriesMerge.DUPLICATE);
          }
          target.set(i, s.values[i]);
        }
      }
    }
    return Args.finish(new ArrayList<>(byLabels.values()), ctx);
  }

  private static void warnInvalidQuantiles(double[] q, EvalContext ctx, PosRange pos) {
    for (double v : q) {
      if (Double.isNaN(v) || v < 0 || v > 1) {
        AnnotationText.invalidQuantile(ctx, v, pos);
      }
    }
  }

  private static List<StepSeries> quantiles(HistogramInput input, double[] q, StepGrid grid,
      EvalContext ctx, PosRange qPos, PosRange vectorPos) {
    int steps = grid.count();
    List<StepSeries> out = new ArrayList<>();
    int[] nan = new int[1];
    for (StepSeries s : input.natives) {
      StepSeries r = new StepSeries(s.labels, steps);
      String name = s.labels.metricName();
      for (int i = 0; i < steps; i++) {
        FloatHistogram h = HistogramInput.histogram(s, i);
        if (h == null || input.conflicts(s, i)) {
          continue;
        }
        nan[0] = 0;
        r.set(i, BucketMath.histogramQuantile(q[i], h, nan));
        if (nan[0] == 1) {
          AnnotationText.quantileNaNResult(ctx, name, qPos);
        } else if (nan[0] == 2) {
          AnnotationText.quantileNaNSkew(ctx, name, qPos);
        }
      }
      Args.dropName(r, ctx);
      out.add(r);
    }
    int[] forced = new int[1];
    for (HistogramInput.Group g : input.groups.values()) {
      StepSeries r = new StepSeries(g.key, steps);
      for (int i = 0; i < steps; i++) {
        int n = input.buckets(g, i);
        if (n == 0) {
          continue;
        }
        double[] up = input.upper();
        double[] cnt = input.count();
        if (Double.isNaN(q[i]) || q[i] < 0 || q[i] > 1) {
          r.set(i, Double.isNaN(q[i]) ? Double.NaN
              : q[i] < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
          continue;
        }
        forced[0] = 0;
        int m = BucketMath.normalise(up, cnt, n, forced);
        if (m < 0) {
          r.set(i, Double.NaN);
          continue;
        }
        if (m < 2 || cnt[m - 1] == 0) {
          r.set(i, Double.NaN);
          continue;
        }
        r.set(i, BucketMath.bucketQuantile(q[i], up, cnt, m));
        if (forced[0] != 0) {
          AnnotationText.forcedMonotonicity(ctx, g.key.metricName(), vectorPos);
        }
      }
      Args.dropName(r, ctx);
      out.add(r);
    }
    return out;
  }

  /** histogram_fraction(lower, upper, v). */
  static Object fraction(Expr.Call call, List<Object> args, StepGrid grid, EvalContext ctx) {
    double[] lower = Args.scalar(args, 0);
    double[] upper = Args.scalar(args, 1);
    HistogramInput input = new HistogramInput(Args.vector(args, 2), ctx, pos(call, 2));
    int steps = grid.count();
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : input.natives) {
      StepSeries r = new StepSeries(s.labels, steps);
      for (int i = 0; i < steps; i++) {
        FloatHistogram h = HistogramInput.histogram(s, i);
        if (h == null || input.conflicts(s, i)) {
          continue;
        }
        r.set(i, nativeFraction(lower[i], upper[i], h, s.labels.metricName(), ctx, pos(call, 0)));
      }
      Args.dropName(r, ctx);
      out.add(r);
    }
    int[] forced = new int[1];
    for (HistogramInput.Group g : input.groups.values()) {
      StepSeries r = new StepSeries(g.key, steps);
      for (int i = 0; i < steps; i++) {
        int n = input.buckets(g, i);
        if (n == 0) {
          continue;
        }
        r.set(i, classicFraction(lower[i], upper[i], input.upper(), input.count(), n, forced));
      }
      Args.dropName(r, ctx);
      out.add(r);
    }
    return Args.finish(out, ctx);
  }

  private static double nativeFraction(double lower, double upper, FloatHistogram h, String name,
      EvalContext ctx, PosRange pos) {
    int cap = HistogramBuckets.capacity(h);
    double[] lo = new double[cap];
    double[] up = new double[cap];
    double[] cnt = new double[cap];
    int n = HistogramBuckets.all(h, lo, up, cnt);
    double rankCap = h.count();
    if (Double.isNaN(h.sum())) {
      // NaN observations are in no bucket: they count in the total but in no fraction.
      AnnotationText.fractionNaNs(ctx, name, pos);
      double inBuckets = 0;
      for (int i = 0; i < n; i++) {
        inBuckets += cnt[i];
      }
      rankCap = Math.min(rankCap, inBuckets);
    }
    boolean custom = HistogramBuckets.usesCustom(h);
    boolean onlyPos = HistogramBuckets.len(h.negativeBuckets()) == 0
        && HistogramBuckets.len(h.positiveBuckets()) > 0;
    boolean onlyNeg = HistogramBuckets.len(h.positiveBuckets()) == 0
        && HistogramBuckets.len(h.negativeBuckets()) > 0;
    return BucketMath.fraction(lower, upper, lo, up, cnt, n, h.count(), rankCap, custom, onlyPos,
        onlyNeg);
  }

  private static double classicFraction(
      double lower, double upper, double[] up, double[] cum, int n, int[] forced) {
    int m = BucketMath.normalise(up, cum, n, forced);
    if (m < 0) {
      return Double.NaN;
    }
    double[] lo = new double[m];
    double[] cnt = new double[m];
    for (int i = 0; i < m; i++) {
      lo[i] = i == 0 ? Double.NEGATIVE_INFINITY : up[i - 1];
      cnt[i] = i == 0 ? cum[0] : cum[i] - cum[i - 1];
    }
    double total = cum[m - 1];
    return BucketMath.fraction(lower, upper, lo, up, cnt, m, total, total, true, false, false);
  }

  /** OpenMetrics float text: integral values get ".0". */
  static String openMetricsFloat(double v) {
    String s = GoFloats.formatG(v);
    if (Double.isNaN(v) || Double.isInfinite(v) || s.indexOf('.') >= 0 || s.indexOf('e') >= 0) {
      return s;
    }
    return s + ".0";
  }
}
