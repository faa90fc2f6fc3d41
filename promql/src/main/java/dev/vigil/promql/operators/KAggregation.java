package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topk}, {@code bottomk}, {@code limitk} and {@code limit_ratio}: selections of whole input
 * samples, so they run step by step within each group, with Prometheus's binary heap (same
 * comparisons, same sift order) so that ties and NaN pick the same series Prometheus picks. A
 * range result reuses the input series with the unselected steps cleared; an instant result lists
 * the samples in Prometheus's order (groups in order of appearance, topk descending, bottomk
 * ascending, NaN last). Not thread-safe.
 */
final class KAggregation {
  /** The largest float that converts to an int64 without overflow, as Prometheus checks. */
  private static final double MAX_INT64 = 9223372036854774784.0;
  private static final double MIN_INT64 = -9223372036854775808.0;

  private final Expr.AggregateExpr expr;
  private final AggregateOp op;
  private final int steps;
  private final EvalContext ctx;

  KAggregation(Expr.AggregateExpr expr, int steps, EvalContext ctx) {
    this.expr = expr;
    this.op = expr.op();
    this.steps = steps;
    this.ctx = ctx;
  }

  List<StepSeries> run(List<StepSeries> input, Map<Labels, List<StepSeries>> groups,
      double[] param) {
    if (!checkParam(param)) {
      return List.of();
    }
    boolean instant = steps == 1;
    boolean[][] selected = instant ? null : new boolean[input.size()][];
    IdentityHashMap<StepSeries, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < input.size(); i++) {
      index.put(input.get(i), i);
    }
    List<StepSeries> instantOut = new ArrayList<>();
    String pos = ctx.position(expr.pos());
    StepSeries[] heap = new StepSeries[input.size()];
    for (int i = 0; i < steps; i++) {
      ctx.checkCancelled();
      long k = 0;
      double r = 0;
      if (op == AggregateOp.LIMIT_RATIO) {
        r = param[i];
        if (r == 0) {
          continue;
        }
        r = Math.max(-1, Math.min(1, r));
      } else {
        k = Math.min((long) param[i], input.size());
        if (k < 1) {
          continue;
        }
      }
      for (List<StepSeries> members : groups.values()) {
        int n = select(members, i, k, r, heap, pos);
        order(heap, n, i);
        for (int h = 0; h < n; h++) {
          StepSeries s = heap[h];
          if (instant) {
            StepSeries o = new StepSeries(s.labels, 1);
            if (s.isHistogram(0)) {
              o.setHistogram(0, s.histograms[0]);
            } else {
              o.set(0, s.values[0]);
            }
            o.dropName = s.dropName;
            instantOut.add(o);
          } else {
            int idx = index.get(s);
            if (selected[idx] == null) {
              selected[idx] = new boolean[steps];
            }
            selected[idx][i] = true;
          }
          heap[h] = null;
        }
      }
    }
    if (instant) {
      return instantOut;
    }
    List<StepSeries> out = new ArrayList<>();
    for (int j = 0; j < input.size(); j++) {
      if (selected[j] == null) {
        continue;
      }
      StepSeries s = input.get(j);
      for (int i = 0; i < steps; i++) {
        if (!selected[j][i] && s.has(i)) {
          s.clear(i);
        }
      }
      out.add(s);
    }
    return out;
  }

  /** Prometheus's checks over the parameter at all steps; false when nothing can be selected. */
  private boolean checkParam(double[] param) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (int i = 0; i < steps; i++) {
      max = Math.max(max, param[i]);
      min = Math.min(min, param[i]);
      nan |= Double.isNaN(param[i]);
    }
    if (op == AggregateOp.LIMIT_RATIO) {
      if (max == 0 && min == 0) {
        return false;
      }
      if (nan) {
        throw new PromqlException(ErrorType.EXECUTION, "Ratio value is NaN");
      }
      String pos = expr.param() != null ? ctx.position(expr.param().pos()) : "";
      if (max > 1.0) {
        ctx.annotations().warn("PromQL warning: ratio value should be between -1 and 1, got "
            + GoFloats.formatG(max) + ", capping to 1" + pos);
      }
      if (min < -1.0) {
        ctx.annotations().warn("PromQL warning: ratio value should be between -1 and 1, got "
            + GoFloats.formatG(min) + ", capping to -1" + pos);
      }
      return true;
    }
    if (max < 1) {
      return false;
    }
    if (nan) {
      throw new PromqlException(ErrorType.EXECUTION, "Parameter value is NaN");
    }
    if (min <= MIN_INT64) {
      throw new PromqlException(ErrorType.EXECUTION,
          "Scalar value " + GoFloats.formatG(min) + " underflows int64");
    }
    if (max >= MAX_INT64) {
      throw new PromqlException(ErrorType.EXECUTION,
          "Scalar value " + GoFloats.formatG(max) + " overflows int64");
    }
    return true;
  }

  /** Fills {@code heap} with the group's selection at step {@code i}; returns its size. */
  private int select(List<StepSeries> members, int i, long k, double r, StepSeries[] heap,
      String pos) {
    int n = 0;
    boolean seen = false;
    for (StepSeries s : members) {
      if (!s.has(i)) {
        continue;
      }
      boolean hist = s.isHistogram(i);
      if (!seen) {
        seen = true;
        n = 0;
        switch (op) {
          case LIMIT_RATIO -> {
            if (addRatio(r, s)) {
              n = push(heap, n, s, i, false);
            }
          }
          case LIMITK -> heap[n++] = s;
          default -> {
            if (hist) {
              seen = false;
              ignored(pos);
            } else {
              n = push(heap, n, s, i, op == AggregateOp.BOTTOMK);
            }
          }
        }
        continue;
      }
      switch (op) {
        case TOPK -> {
          if (hist) {
            ignored(pos);
          } else if (n < k) {
            n = push(heap, n, s, i, false);
          } else if (value(heap[0], i) < s.values[i]
              || (Double.isNaN(value(heap[0], i)) && !Double.isNaN(s.values[i]))) {
            heap[0] = s;
            if (k > 1) {
              fix(heap, n, 0, i, false);
            }
          }
        }
        case BOTTOMK -> {
          if (hist) {
            ignored(pos);
          } else if (n < k) {
            n = push(heap, n, s, i, true);
          } else if (value(heap[0], i) > s.values[i]
              || (Double.isNaN(value(heap[0], i)) && !Double.isNaN(s.values[i]))) {
            heap[0] = s;
            if (k > 1) {
              fix(heap, n, 0, i, true);
            }
          }
        }
        case LIMITK -> {
          if (n < k) {
            n = push(heap, n, s, i, false);
          }
        }
        case LIMIT_RATIO -> {
          if (addRatio(r, s)) {
            n = push(heap, n, s, i, false);
          }
        }
        default -> throw new IllegalStateException("not a k aggregation: " + op.text());
      }
    }
    return n;
  }

  private void ignored(String pos) {
    ctx.annotations().info("PromQL info: ignored histogram in " + op.text() + " aggregation" + pos);
  }

  private static boolean addRatio(double ratio, StepSeries s) {
    double offset = LabelsHash.sampleOffset(s.labels);
    return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
  }

  private static double value(StepSeries s, int i) {
    return s.isHistogram(i) ? 0 : s.values[i];
  }

  /** Go's heap order: NaN is smallest; {@code reverse} for bottomk's max-heap. */
  private static boolean less(StepSeries a, StepSeries b, int i, boolean reverse) {
    double x = value(a, i);
    if (Double.isNaN(x)) {
      return true;
    }
    return reverse ? x > value(b, i) : x < value(b, i);
  }

  private static int push(StepSeries[] h, int n, StepSeries s, int i, boolean reverse) {
    h[n] = s;
    up(h, n, i, reverse);
    return n + 1;
  }

  private static void fix(StepSeries[] h, int n, int at, int i, boolean reverse) {
    if (!down(h, at, n, i, reverse)) {
      up(h, at, i, reverse);
    }
  }

  private static void up(StepSeries[] h, int j, int i, boolean reverse) {
    while (true) {
      int p = (j - 1) / 2;
      if (p == j || !less(h[j], h[p], i, reverse)) {
        break;
      }
      swap(h, p, j);
      j = p;
    }
  }

  private static boolean down(StepSeries[] h, int i0, int n, int i, boolean reverse) {
    int at = i0;
    while (true) {
      int j1 = 2 * at + 1;
      if (j1 >= n || j1 < 0) {
        break;
      }
      int j = j1;
      int j2 = j1 + 1;
      if (j2 < n && less(h[j2], h[j1], i, reverse)) {
        j = j2;
      }
      if (!less(h[j], h[at], i, reverse)) {
        break;
      }
      swap(h, at, j);
      at = j;
    }
    return at > i0;
  }

  private static void swap(StepSeries[] h, int a, int b) {
    StepSeries t = h[a];
    h[a] = h[b];
    h[b] = t;
  }

  /**
   * Orders a topk/bottomk selection as Prometheus does before output: sorting by the reversed heap
   * order (Go's sort uses insertion sort for up to 12 elements, which keeps ties in heap order).
   */
  private void order(StepSeries[] h, int n, int i) {
    if (n < 2 || (op != AggregateOp.TOPK && op != AggregateOp.BOTTOMK)) {
      return;
    }
    boolean reverse = op == AggregateOp.BOTTOMK;
    if (n <= 12) {
      for (int a = 1; a < n; a++) {
        for (int b = a; b > 0 && less(h[b - 1], h[b], i, reverse); b--) {
          swap(h, b, b - 1);
        }
      }
      return;
    }
    StepSeries[] part = Arrays.copyOf(h, n);
    Arrays.sort(part, (x, y) -> less(y, x, i, reverse) ? -1 : less(x, y, i, reverse) ? 1 : 0);
    System.arraycopy(part, 0, h, 0, n);
  }
}
