package dev.vigil.promql.functions;

/**
 * Scalar functions of the query itself ({@code start()}, {@code end()}, {@code step()},
 * {@code range()}, all in seconds; 0 step and range for an instant query) and of two scalars
 * ({@code min_of}, {@code max_of}, NaN if either is). Stateless.
 */
final class QueryFunctions {
  private QueryFunctions() {}

  private static double[] constant(int n, double v) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, v);
    return out;
  }

  private static boolean instant(dev.vigil.promql.engine.StepGrid g) {
    return g.start() == g.end();
  }

  static final VectorFunction START =
      (call, args, grid, ctx) -> constant(grid.count(), grid.start() / 1000.0);
  static final VectorFunction END =
      (call, args, grid, ctx) -> constant(grid.count(), grid.end() / 1000.0);
  static final VectorFunction STEP = (call, args, grid, ctx) ->
      constant(grid.count(), instant(grid) ? 0 : grid.step() / 1000.0);
  static final VectorFunction RANGE = (call, args, grid, ctx) ->
      constant(grid.count(), (grid.end() - grid.start()) / 1000.0);

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
