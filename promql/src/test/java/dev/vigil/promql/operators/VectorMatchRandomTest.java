package dev.vigil.promql.operators;

import static dev.vigil.promql.operators.Vec.POS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the series-at-a-time vector matching against a direct step-by-step transcription of
 * Prometheus's algorithm (one vector per step, errors raised where they occur) on random inputs:
 * same result series, or the same first error.
 */
class VectorMatchRandomTest {
  private static final int STEPS = 4;
  private static final Expr ANY = new Expr.NumberLiteral(0, POS);

  @Test
  void matchesTheStepByStepReference() {
    long seed = System.nanoTime();
    System.out.println("VectorMatchRandomTest seed " + seed);
    Random rnd = new Random(seed);
    int errors = 0;
    for (int iter = 0; iter < 3000; iter++) {
      Case c = randomCase(rnd);
      String want;
      try {
        want = Vec.dump(reference(c, copy(c.lhs), copy(c.rhs)));
      } catch (PromqlException e) {
        want = "error: " + e.getMessage();
        errors++;
      }
      String got;
      try {
        got = Vec.dump(BinaryOperators.vectorVector(c.expr(), copy(c.lhs), copy(c.rhs),
            new StepGrid(0, STEPS - 1, 1), c.ctx()));
      } catch (PromqlException e) {
        got = "error: " + e.getMessage();
      }
      assertThat(got).as("seed %d iteration %d: %s", seed, iter, c).isEqualTo(want);
    }
    assertThat(errors).as("some cases must fail").isGreaterThan(50);
  }

  private record Case(BinaryOp op, boolean bool, VectorMatching m, boolean delayed,
      List<StepSeries> lhs, List<StepSeries> rhs) {
    Expr.BinaryExpr expr() {
      return new Expr.BinaryExpr(op, ANY, ANY, m, bool, POS);
    }

    EvalContext ctx() {
      return delayed ? Vec.delayedCtx() : Vec.ctx();
    }

    @Override
    public String toString() {
      return op + (bool ? " bool " : " ") + m + " delayed=" + delayed + "\nlhs:\n"
          + Vec.dump(lhs) + "\nrhs:\n" + Vec.dump(rhs);
    }
  }

  private static Case randomCase(Random r) {
    if (r.nextInt(4) == 0) {
      BinaryOp op = List.of(BinaryOp.AND, BinaryOp.OR, BinaryOp.UNLESS).get(r.nextInt(3));
      List<String> labels = List.<List<String>>of(List.of(), List.of("x"), List.of("x", "y"))
          .get(r.nextInt(3));
      VectorMatching m = new VectorMatching(Cardinality.MANY_TO_MANY, labels, r.nextBoolean(),
          List.of(), null, null);
      return new Case(op, false, m, false, side(r, "a"), side(r, "b"));
    }
    BinaryOp op = List.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.GTR, BinaryOp.EQL).get(r.nextInt(4));
    boolean bool = op.isComparison() && r.nextBoolean();
    Cardinality card = List.of(Cardinality.ONE_TO_ONE, Cardinality.MANY_TO_ONE,
        Cardinality.ONE_TO_MANY).get(r.nextInt(3));
    boolean on = r.nextBoolean();
    List<String> labels = List.<List<String>>of(List.of(), List.of("x"), List.of("x", "y"),
        List.of("y"))
        .get(r.nextInt(4));
    List<String> include = card != Cardinality.ONE_TO_ONE && r.nextBoolean()
        && !(on && labels.contains("z")) ? List.of("z") : List.of();
    Double fillL = r.nextInt(3) == 0 ? (double) r.nextInt(3) : null;
    Double fillR = r.nextInt(3) == 0 ? (double) r.nextInt(3) : null;
    VectorMatching m = new VectorMatching(card, labels, on, include, fillL, fillR);
    return new Case(op, bool, m, r.nextBoolean(), side(r, "a"), side(r, "b"));
  }

  private static List<StepSeries> side(Random r, String name) {
    List<StepSeries> out = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      Labels l = Labels.of("__name__", r.nextInt(4) == 0 ? name + "2" : name,
          "x", "" + r.nextInt(2), "y", "" + r.nextInt(2), "z", r.nextBoolean() ? "" : "" + i);
      if (!seen.add(l)) {
        continue;
      }
      StepSeries s = new StepSeries(l, STEPS);
      for (int t = 0; t < STEPS; t++) {
        if (r.nextInt(10) < 7) {
          s.set(t, r.nextInt(3));
        }
      }
      out.add(s);
    }
    out.sort((a, b) -> a.labels.compareTo(b.labels));
    return out;
  }

  private static List<StepSeries> copy(List<StepSeries> in) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in) {
      StepSeries c = new StepSeries(s.labels, s.steps());
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          c.set(i, s.values[i]);
        }
      }
      c.dropName = s.dropName;
      out.add(c);
    }
    return out;
  }

  private record Sample(Labels labels, double v) {}

  /** Prometheus's VectorBinop (or VectorAnd/Or/Unless) and rangeEval, one step at a time. */
  private static List<StepSeries> reference(Case c, List<StepSeries> lhsSeries,
      List<StepSeries> rhsSeries) {
    if (c.op.isSetOperator()) {
      return referenceSet(c, lhsSeries, rhsSeries);
    }
    VectorMatching m = c.m;
    boolean swap = m.cardinality() == Cardinality.ONE_TO_MANY;
    Map<Labels, StepSeries> series = new LinkedHashMap<>();
    for (int t = 0; t < STEPS; t++) {
      List<Sample> lhs = vector(lhsSeries, t);
      List<Sample> rhs = vector(rhsSeries, t);
      boolean fill = m.fillLeft() != null || m.fillRight() != null;
      if ((lhs.isEmpty() && rhs.isEmpty()) || ((lhs.isEmpty() || rhs.isEmpty()) && !fill)) {
        continue;
      }
      if (swap) {
        List<Sample> tmp = lhs;
        lhs = rhs;
        rhs = tmp;
      }
      Map<Labels, Sample> rightSigs = new LinkedHashMap<>();
      for (Sample rs : rhs) {
        Labels sig = SeriesLabels.matchLabels(rs.labels, m.on(), m.labels());
        Sample dupl = rightSigs.get(sig);
        if (dupl != null) {
          throw new PromqlException(null, "found duplicate series for the match group "
              + SeriesLabels.format(sig) + " on the " + (swap ? "left" : "right")
              + " hand-side of the operation: [" + SeriesLabels.format(rs.labels) + ", "
              + SeriesLabels.format(dupl.labels) + "];many-to-many matching not allowed: "
              + "matching labels must be unique on one side");
        }
        rightSigs.put(sig, rs);
      }
      Map<Labels, Set<Labels>> matched = new HashMap<>();
      List<Sample> out = new ArrayList<>();
      for (Sample ls : lhs) {
        Labels sig = SeriesLabels.matchLabels(ls.labels, m.on(), m.labels());
        Sample rs = rightSigs.get(sig);
        if (rs == null) {
          if (m.fillRight() == null) {
            continue;
          }
          rs = new Sample(sig, m.fillRight());
        }
        binop(c, ls, rs, sig, matched, out);
      }
      if (m.fillLeft() != null) {
        for (Map.Entry<Labels, Sample> e : rightSigs.entrySet()) {
          if (!matched.containsKey(e.getKey())) {
            binop(c, new Sample(e.getKey(), m.fillLeft()), e.getValue(), e.getKey(), matched, out);
          }
        }
      }
      for (Sample s : out) {
        StepSeries ss = series.computeIfAbsent(s.labels, l -> new StepSeries(l, STEPS));
        if (ss.has(t)) {
          throw new PromqlException(null, "vector cannot contain metrics with the same labelset");
        }
        ss.set(t, s.v);
        ss.dropName = c.bool;
      }
    }
    return new ArrayList<>(series.values());
  }

  private static List<StepSeries> referenceSet(Case c, List<StepSeries> lhsSeries,
      List<StepSeries> rhsSeries) {
    Map<Labels, StepSeries> series = new LinkedHashMap<>();
    for (int t = 0; t < STEPS; t++) {
      List<Sample> lhs = vector(lhsSeries, t);
      List<Sample> rhs = vector(rhsSeries, t);
      Set<Labels> lsigs = new HashSet<>();
      Set<Labels> rsigs = new HashSet<>();
      lhs.forEach(s -> lsigs.add(SeriesLabels.matchLabels(s.labels, c.m.on(), c.m.labels())));
      rhs.forEach(s -> rsigs.add(SeriesLabels.matchLabels(s.labels, c.m.on(), c.m.labels())));
      List<Sample> out = new ArrayList<>();
      switch (c.op) {
        case AND -> {
          for (Sample s : lhs) {
            if (rsigs.contains(SeriesLabels.matchLabels(s.labels, c.m.on(), c.m.labels()))) {
              out.add(s);
            }
          }
        }
        case UNLESS -> {
          for (Sample s : lhs) {
            if (!rsigs.contains(SeriesLabels.matchLabels(s.labels, c.m.on(), c.m.labels()))) {
              out.add(s);
            }
          }
        }
        default -> {
          out.addAll(lhs);
          for (Sample s : rhs) {
            if (!lsigs.contains(SeriesLabels.matchLabels(s.labels, c.m.on(), c.m.labels()))) {
              out.add(s);
            }
          }
        }
      }
      for (Sample s : out) {
        StepSeries ss = series.computeIfAbsent(s.labels, l -> new StepSeries(l, STEPS));
        if (ss.has(t)) {
          throw new PromqlException(null, "vector cannot contain metrics with the same labelset");
        }
        ss.set(t, s.v);
      }
    }
    return new ArrayList<>(series.values());
  }

  private static void binop(Case c, Sample ls, Sample rs, Labels sig,
      Map<Labels, Set<Labels>> matched, List<Sample> out) {
    VectorMatching m = c.m;
    double fl = ls.v;
    double fr = rs.v;
    if (m.cardinality() == Cardinality.ONE_TO_MANY) {
      double t = fl;
      fl = fr;
      fr = t;
    }
    double value;
    boolean keep;
    if (c.op.isComparison()) {
      keep = FloatBinop.compare(c.op, fl, fr);
      value = fl;
    } else {
      keep = true;
      value = FloatBinop.arith(c.op, fl, fr);
    }
    if (c.bool) {
      value = keep ? 1 : 0;
    }
    Labels metric = ls.labels;
    if (FloatBinop.changesMetricSchema(c.op)) {
      metric = SeriesLabels.dropMetadata(metric);
    }
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      metric = m.on() ? SeriesLabels.keep(metric, m.labels())
          : SeriesLabels.delete(metric, m.labels());
    }
    for (String n : m.include()) {
      String v = rs.labels.get(n);
      metric = v.isEmpty() ? metric.without(n) : metric.with(n, v);
    }
    if (c.bool && !c.delayed) {
      metric = SeriesLabels.dropMetadata(metric);
    }
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      if (matched.containsKey(sig)) {
        throw new PromqlException(null, "multiple matches for labels: many-to-one matching must "
            + "be explicit (group_left/group_right)");
      }
      matched.put(sig, null);
    } else {
      Set<Labels> set = matched.computeIfAbsent(sig, k -> new HashSet<>());
      if (!set.add(metric)) {
        throw new PromqlException(null,
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
    }
    if (!keep && !c.bool) {
      return;
    }
    out.add(new Sample(metric, value));
  }

  private static List<Sample> vector(List<StepSeries> side, int t) {
    List<Sample> v = new ArrayList<>();
    for (StepSeries s : side) {
      if (s.has(t)) {
        v.add(new Sample(s.labels, s.values[t]));
      }
    }
    return v;
  }
}
