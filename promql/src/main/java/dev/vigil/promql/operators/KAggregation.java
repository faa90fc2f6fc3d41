package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.Arrays;
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
    long[] k = new long[steps];
    double[] r = new double[steps];
    boolean[] active = new boolean[steps];
    long maxK = 0;
    for (int i = 0; i < steps; i++) {
      if (op == AggregateOp.LIMIT_RATIO) {
        r[i] = Math.max(-1, Math.min(1, param[i]));
        active[i] = param[i] != 0;
      } else {
        k[i] = Math.min((long) param[i], input.size());
        active[i] = k[i] >= 1;
        maxK = Math.max(maxK, k[i]);
      }
    }
    List<StepSeries> out = new ArrayList<>();
    String pos = ctx.position(expr.pos());
    for (List<StepSeries> members : groups.values()) {
      ctx.checkCancelled();
      int cap = op == AggregateOp.LIMIT_RATIO ? members.size()
          : (int) Math.min(maxK, members.size());
      Selection sel = new Selection(members, cap, k, r, pos);
      for (int m = 0; m < members.size(); m++) {
        sel.offerAll(m, members.get(m), active);
      }
      sel.emit(out);
    }
    return out;
  }

  /**
   * The selection of one group: a heap per step (stored flat, {@code cap} slots per step) of
   * member indexes. Members are offered series by series, each over all steps; per step they
   * arrive in input order, as in Prometheus's step-by-step loop, so every heap sees the same
   * sequence of operations.
   */
  private final class Selection {
    private final List<StepSeries> members;
    private final int cap;
    private final long[] k;
    private final double[] r;
    private final String pos;
    private final int[] heap;
    private final int[] size = new int[steps];
    private final boolean[] seen = new boolean[steps];
    /** topk/bottomk: the value at the root of each step's heap, kept beside it for speed. */
    private final double[] top = new double[steps];
    private double[] offsets;

    Selection(List<StepSeries> members, int cap, long[] k, double[] r, String pos) {
      this.members = members;
      this.cap = Math.max(cap, 1);
      this.k = k;
      this.r = r;
      this.pos = pos;
      this.heap = new int[steps * this.cap];
    }

    /**
     * Offers member {@code m} at every active step where it has a sample. The loop over steps is
     * a method of its own, shared by instant and range queries and called once per member: it is
     * compiled early and small, where the same loop inside {@link #run} made {@code run} (called
     * once per query) a large on-stack-replacement compilation, recompiled whole for instant
     * queries later.
     */
    void offerAll(int m, StepSeries s, boolean[] active) {
      for (int i = 0; i < steps; i++) {
        if (active[i] && s.has(i)) {
          offer(i, m, s);
        }
      }
    }

    void offer(int i, int m, StepSeries s) {
      boolean hist = s.isHistogram(i);
      int base = i * cap;
      if (!seen[i]) {
        seen[i] = true;
        size[i] = 0;
        switch (op) {
          case LIMIT_RATIO -> {
            if (addRatio(i, m)) {
              push(i, m);
            }
          }
          case LIMITK -> heap[base + size[i]++] = m;
          default -> {
            if (hist) {
              seen[i] = false;
              ignored();
            } else {
              push(i, m);
            }
          }
        }
        return;
      }
      switch (op) {
        case TOPK, BOTTOMK -> {
          boolean bottom = op == AggregateOp.BOTTOMK;
          double t = top[i];
          double v = s.values[i];
          if (hist) {
            ignored();
          } else if (size[i] < k[i]) {
            push(i, m);
          } else if ((bottom ? t > v : t < v) || (Double.isNaN(t) && !Double.isNaN(v))) {
            heap[base] = m;
            if (k[i] > 1) {
              fix(i, 0);
            }
            top[i] = value(heap[base], i);
          }
        }
        case LIMITK -> {
          if (size[i] < k[i]) {
            push(i, m);
          }
        }
        case LIMIT_RATIO -> {
          if (addRatio(i, m)) {
            push(i, m);
          }
        }
        default -> throw new IllegalStateException("not a k aggregation: " + op.text());
      }
    }

    private void ignored() {
      ctx.annotations().info(
          "PromQL info: ignored histogram in " + op.text() + " aggregation" + pos);
    }

    private boolean addRatio(int i, int m) {
      if (offsets == null) {
        offsets = new double[members.size()];
        Arrays.fill(offsets, -1);
      }
      if (offsets[m] < 0) {
        offsets[m] = LabelsHash.sampleOffset(members.get(m).labels);
      }
      return KAggregation.addRatio(r[i], offsets[m]);
    }

    private double value(int m, int i) {
      StepSeries s = members.get(m);
      return s.isHistogram(i) ? 0 : s.values[i];
    }

    /** Go's heap order: NaN is smallest; reversed (max-heap) for bottomk. */
    private boolean less(int a, int b, int i) {
      double x = value(a, i);
      if (Double.isNaN(x)) {
        return true;
      }
      return op == AggregateOp.BOTTOMK ? x > value(b, i) : x < value(b, i);
    }

    private void push(int i, int m) {
      int n = size[i]++;
      heap[i * cap + n] = m;
      up(i, n);
      top[i] = value(heap[i * cap], i);
    }

    private void fix(int i, int at) {
      if (!down(i, at)) {
        up(i, at);
      }
    }

    private void up(int i, int j) {
      int base = i * cap;
      while (true) {
        int p = (j - 1) / 2;
        if (p == j || !less(heap[base + j], heap[base + p], i)) {
          break;
        }
        swap(base, p, j);
        j = p;
      }
    }

    private boolean down(int i, int i0) {
      int base = i * cap;
      int n = size[i];
      int at = i0;
      while (true) {
        int j1 = 2 * at + 1;
        if (j1 >= n || j1 < 0) {
          break;
        }
        int j = j1;
        int j2 = j1 + 1;
        if (j2 < n && less(heap[base + j2], heap[base + j1], i)) {
          j = j2;
        }
        if (!less(heap[base + j], heap[base + at], i)) {
          break;
        }
        swap(base, at, j);
        at = j;
      }
      return at > i0;
    }

    private void swap(int base, int a, int b) {
      int t = heap[base + a];
      heap[base + a] = heap[base + b];
      heap[base + b] = t;
    }

    /**
     * Orders a topk/bottomk selection as Prometheus does before output: sorting by the reversed
     * heap order (Go's sort uses insertion sort up to 12 elements, which keeps ties in heap
     * order).
     */
    private void order(int i) {
      int n = size[i];
      if (n < 2 || (op != AggregateOp.TOPK && op != AggregateOp.BOTTOMK)) {
        return;
      }
      int base = i * cap;
      if (n <= 12) {
        for (int a = 1; a < n; a++) {
          for (int b = a; b > 0 && less(heap[base + b - 1], heap[base + b], i); b--) {
            swap(base, b, b - 1);
          }
        }
        return;
      }
      Integer[] part = new Integer[n];
      for (int a = 0; a < n; a++) {
        part[a] = heap[base + a];
      }
      Arrays.sort(part, (x, y) -> less(y, x, i) ? -1 : less(x, y, i) ? 1 : 0);
      for (int a = 0; a < n; a++) {
        heap[base + a] = part[a];
      }
    }

    /**
     * Instant queries list the selected samples in Prometheus's order; range queries keep the
     * selected steps of each member series (in place) and drop the rest.
     */
    void emit(List<StepSeries> out) {
      if (steps == 1) {
        emitInstant(out);
      } else {
        emitRange(out);
      }
    }

    /** The selected samples of the single step, as new series in Prometheus's order. */
    private void emitInstant(List<StepSeries> out) {
      if (!seen[0]) {
        return;
      }
      order(0);
      for (int h = 0; h < size[0]; h++) {
        StepSeries s = members.get(heap[h]);
        StepSeries o = new StepSeries(s.labels, 1);
        if (s.isHistogram(0)) {
          o.setHistogram(0, s.histograms[0]);
        } else {
          o.set(0, s.values[0]);
        }
        o.dropName = s.dropName;
        out.add(o);
      }
    }

    /** The member series with a selected step, cleared at their other steps, in input order. */
    private void emitRange(List<StepSeries> out) {
      boolean[][] selected = new boolean[members.size()][];
      for (int i = 0; i < steps; i++) {
        if (!seen[i]) {
          continue;
        }
        for (int h = 0; h < size[i]; h++) {
          int m = heap[i * cap + h];
          if (selected[m] == null) {
            selected[m] = new boolean[steps];
          }
          selected[m][i] = true;
        }
      }
      for (int m = 0; m < members.size(); m++) {
        if (selected[m] == null) {
          continue;
        }
        StepSeries s = members.get(m);
        clearUnselected(s, selected[m]);
        out.add(s);
      }
    }
  }

  /** Clears the steps of {@code s} that are not {@code selected}. */
  private static void clearUnselected(StepSeries s, boolean[] selected) {
    for (int i = 0; i < selected.length; i++) {
      if (!selected[i] && s.has(i)) {
        s.clear(i);
      }
    }
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

  private static boolean addRatio(double ratio, double offset) {
    return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
  }
}
