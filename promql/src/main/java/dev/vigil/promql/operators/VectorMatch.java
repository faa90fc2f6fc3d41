package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An arithmetic or comparison operator between two instant vectors with Prometheus's vector
 * matching, evaluated group by group over all steps.
 *
 * <p>Each series' match signature is computed once and both sides are grouped by it. Within a
 * group the steps are walked once; the per-step rules of Prometheus (a step where either whole
 * side is empty produces nothing unless a fill value is given; duplicates on the "one" side and
 * ambiguous matches are errors only at steps where they actually collide) are checked with plain
 * array work, and the result label set of a (left, right) pair is computed once and reused while
 * the pair stays the same. Not thread-safe; one instance per evaluation.
 */
final class VectorMatch {
  private final Expr.BinaryExpr expr;
  private final BinaryOp op;
  private final VectorMatching matching;
  private final boolean on;
  private final List<String> names;
  private final Set<String> include;
  private final boolean returnBool;
  private final boolean delayedNameRemoval;
  private final boolean swap;
  private final Double fillLeft;
  private final Double fillRight;
  private final int steps;
  private final EvalContext ctx;
  private final StepErrors errors = new StepErrors();
  private final OutputSeries out;

  VectorMatch(Expr.BinaryExpr expr, int steps, EvalContext ctx) {
    this.expr = expr;
    this.op = expr.op();
    this.matching = expr.matching() != null
        ? expr.matching()
        : new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of(), null, null);
    this.on = matching.on();
    this.names = matching.labels() == null ? List.of() : matching.labels();
    this.include = new HashSet<>(matching.include() == null ? List.of() : matching.include());
    this.returnBool = expr.returnBool();
    this.delayedNameRemoval = ctx.options().delayedNameRemoval();
    this.swap = matching.cardinality() == Cardinality.ONE_TO_MANY;
    this.fillLeft = matching.fillLeft();
    this.fillRight = matching.fillRight();
    this.steps = steps;
    this.ctx = ctx;
    this.out = new OutputSeries(steps, errors);
  }

  private static final class Group {
    final List<StepSeries> many = new ArrayList<>(1);
    final List<Integer> manyOrder = new ArrayList<>(1);
    final List<StepSeries> one = new ArrayList<>(1);
    final List<Integer> oneOrder = new ArrayList<>(1);
  }

  List<StepSeries> run(List<StepSeries> lhs, List<StepSeries> rhs) {
    boolean fill = fillLeft != null || fillRight != null;
    boolean[] lAny = anyPresent(lhs);
    boolean[] rAny = anyPresent(rhs);
    boolean[] active = new boolean[steps];
    boolean anyActive = false;
    for (int i = 0; i < steps; i++) {
      active[i] = fill ? (lAny[i] || rAny[i]) : (lAny[i] && rAny[i]);
      anyActive |= active[i];
    }
    if (!anyActive) {
      return List.of();
    }
    // For group_right the "many" side is the right-hand side: swap, and swap values back below.
    List<StepSeries> manySide = swap ? rhs : lhs;
    List<StepSeries> oneSide = swap ? lhs : rhs;
    Map<Labels, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < manySide.size(); i++) {
      StepSeries s = manySide.get(i);
      Group g = groups.computeIfAbsent(signature(s.labels), k -> new Group());
      g.many.add(s);
      g.manyOrder.add(i);
    }
    for (int i = 0; i < oneSide.size(); i++) {
      StepSeries s = oneSide.get(i);
      Group g = groups.computeIfAbsent(signature(s.labels), k -> new Group());
      g.one.add(s);
      g.oneOrder.add(i);
    }
    int[] oneAt = new int[steps];
    for (Group g : groups.values()) {
      ctx.checkCancelled();
      evalGroup(g, active, oneAt);
    }
    errors.throwIfAny();
    return out.result();
  }

  private Labels signature(Labels l) {
    return SeriesLabels.matchLabels(l, on, names);
  }

  private boolean[] anyPresent(List<StepSeries> side) {
    boolean[] any = new boolean[steps];
    for (StepSeries s : side) {
      markPresent(s, any);
    }
    return any;
  }

  /**
   * Marks the steps where {@code s} has a sample. The per-step loops of this class are methods
   * of their own, called once per series: they are compiled early, small and once for instant and
   * range queries alike, where the same loops inside the per-query methods made those (called a
   * few times per query) large on-stack-replacement compilations, redone for each query shape.
   */
  private static void markPresent(StepSeries s, boolean[] any) {
    for (int i = 0; i < any.length; i++) {
      if (s.has(i)) {
        any[i] = true;
      }
    }
  }

  private void evalGroup(Group g, boolean[] active, int[] oneAt) {
    if (fillLeft == null && fillRight == null && g.many.size() == 1 && g.one.size() == 1
        && g.many.get(0).histograms == null && g.one.get(0).histograms == null) {
      pair(g.many.get(0), g.one.get(0));
      return;
    }
    // Which "one" series is present at each active step; two at once is an error at that step.
    Arrays.fill(oneAt, -1);
    for (int k = 0; k < g.one.size(); k++) {
      StepSeries r = g.one.get(k);
      for (int i = 0; i < steps; i++) {
        if (!active[i] || !r.has(i)) {
          continue;
        }
        if (oneAt[i] < 0) {
          oneAt[i] = k;
        } else {
          errors.record(i, 0, g.oneOrder.get(k), duplicateMessage(r, g.one.get(oneAt[i])));
        }
      }
    }
    if (g.many.isEmpty() && fillLeft == null) {
      return;
    }
    int nMany = g.many.size();
    // Per "many" series: the "one" series index its cached result series was made for.
    int[] pairOne = new int[nMany];
    Arrays.fill(pairOne, Integer.MIN_VALUE);
    StepSeries[] pairOut = new StepSeries[nMany];
    Labels[] pairLabels = new Labels[nMany];
    Map<Labels, Integer> producedAt = nMany > 1 && matching.cardinality() != Cardinality.ONE_TO_ONE
        ? new HashMap<>() : null;
    boolean oneToOne = matching.cardinality() == Cardinality.ONE_TO_ONE;
    StepSeries[] fillSlot = new StepSeries[1];
    for (int i = 0; i < steps; i++) {
      if (!active[i]) {
        continue;
      }
      int k = oneAt[i];
      if (k < 0 && fillRight == null) {
        continue;
      }
      StepSeries r = k >= 0 ? g.one.get(k) : null;
      boolean matched = false;
      for (int j = 0; j < nMany; j++) {
        StepSeries l = g.many.get(j);
        if (!l.has(i) || (r == null && fillRight == null)) {
          continue;
        }
        if (pairOne[j] != k) {
          pairOne[j] = k;
          Labels rl = r != null ? r.labels : signature(l.labels);
          pairLabels[j] = resultLabels(l.labels, rl);
          pairOut[j] = null;
        }
        if (!apply(l, i, r, fillRight, pairLabels[j], j, pairOut, oneToOne, matched,
            producedAt, g.manyOrder.get(j))) {
          continue;
        }
        matched = true;
      }
      if (!matched && r != null && fillLeft != null) {
        fillSlot[0] = null;
        Labels ls = signature(r.labels);
        apply(null, i, r, fillLeft, resultLabels(ls, r.labels), 0, fillSlot, oneToOne,
            false, null, 0);
      }
    }
  }

  /**
   * The common case: one float series on each side of a match group, so no step can hold an
   * ambiguous match. The result is written over the "many" series in place.
   */
  private void pair(StepSeries l, StepSeries r) {
    Labels metric = resultLabels(l.labels, r.labels);
    combine(l, r);
    l.labels = metric;
    l.dropName = returnBool;
    out.addAll(l);
  }

  /** {@link #pair}'s arithmetic at every step, written over {@code l} (see {@link #markPresent}). */
  private void combine(StepSeries l, StepSeries r) {
    boolean comparison = op.isComparison();
    double[] lv = l.values;
    double[] rv = r.values;
    for (int i = 0; i < steps; i++) {
      if (!l.has(i)) {
        continue;
      }
      if (!r.has(i)) {
        l.clear(i);
        continue;
      }
      double fl = swap ? rv[i] : lv[i];
      double fr = swap ? lv[i] : rv[i];
      if (!comparison) {
        lv[i] = FloatBinop.arith(op, fl, fr);
      } else if (returnBool) {
        lv[i] = FloatBinop.compare(op, fl, fr) ? 1 : 0;
      } else if (FloatBinop.compare(op, fl, fr)) {
        lv[i] = fl;
      } else {
        l.clear(i);
      }
    }
  }

  /**
   * Applies the operator at step {@code i} to a "many" sample ({@code l}, or {@code fill} when
   * null) and a "one" sample ({@code r}, or {@code fill} when null).
   *
   * @return false when the pair was skipped for incompatible sample types (no match registered)
   */
  private boolean apply(StepSeries l, int i, StepSeries r, Double fill, Labels metric, int slot,
      StepSeries[] outSlots, boolean oneToOne, boolean alreadyMatched,
      Map<Labels, Integer> producedAt, int order) {
    double fl = l != null ? l.values[i] : fill;
    FloatHistogram hl = l != null && l.isHistogram(i) ? l.histograms[i] : null;
    double fr = r != null ? r.values[i] : fill;
    FloatHistogram hr = r != null && r.isHistogram(i) ? r.histograms[i] : null;
    if (swap) {
      double t = fl;
      fl = fr;
      fr = t;
      FloatHistogram th = hl;
      hl = hr;
      hr = th;
    }
    double value;
    FloatHistogram hValue = null;
    boolean keep;
    if (hl == null && hr == null) {
      if (op.isComparison()) {
        keep = FloatBinop.compare(op, fl, fr);
        value = fl;
      } else {
        keep = true;
        value = FloatBinop.arith(op, fl, fr);
      }
    } else {
      HistogramBinop.Result res = HistogramBinop.apply(op, fl, fr, hl, hr);
      if (res.info() != null) {
        ctx.annotations().info(res.info() + ctx.position(expr.pos()));
        return false;
      }
      if (res.warning() != null) {
        ctx.annotations().warn(res.warning() + ctx.position(expr.pos()));
      }
      if (res.note() != null) {
        ctx.annotations().info(res.note() + ctx.position(expr.pos()));
      }
      if (res.skipped()) {
        return false;
      }
      keep = res.keep();
      value = res.value();
      hValue = res.histogram();
    }
    if (returnBool) {
      hValue = null;
      value = keep ? 1 : 0;
    }
    if (oneToOne) {
      if (alreadyMatched) {
        errors.record(i, 1, order,
            "multiple matches for labels: many-to-one matching must be explicit "
                + "(group_left/group_right)");
      }
    } else if (producedAt != null) {
      Integer prev = producedAt.put(metric, i);
      if (prev != null && prev == i) {
        errors.record(i, 1, order,
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
    }
    if (!keep && !returnBool) {
      return true;
    }
    StepSeries o = outSlots[slot];
    if (o == null) {
      o = out.series(metric);
      o.dropName = returnBool;
      outSlots[slot] = o;
    }
    if (hValue != null) {
      out.setHistogram(o, i, hValue);
    } else {
      out.set(o, i, value);
    }
    return true;
  }

  /** Prometheus's result label set for a matched pair ({@code l} from the "many" side). */
  private Labels resultLabels(Labels l, Labels r) {
    Labels m = l;
    if (FloatBinop.changesMetricSchema(op)) {
      m = SeriesLabels.dropMetadata(m);
    }
    if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
      m = on ? SeriesLabels.keep(m, names) : SeriesLabels.delete(m, names);
    }
    if (!include.isEmpty()) {
      LabelsBuilder b = m.toBuilder();
      for (String n : matching.include()) {
        String v = r.get(n);
        if (v.isEmpty()) {
          b.delete(n);
        } else {
          b.set(n, v);
        }
      }
      m = b.build();
    }
    if (returnBool && !delayedNameRemoval) {
      m = SeriesLabels.dropMetadata(m);
    }
    return m;
  }

  private String duplicateMessage(StepSeries later, StepSeries earlier) {
    String side = swap ? "left" : "right";
    return "found duplicate series for the match group "
        + SeriesLabels.format(SeriesLabels.matchLabels(later.labels, on, names))
        + " on the " + side + " hand-side of the operation: ["
        + SeriesLabels.format(later.labels) + ", " + SeriesLabels.format(earlier.labels)
        + "];many-to-many matching not allowed: matching labels must be unique "
        + "on one side";
  }
}
