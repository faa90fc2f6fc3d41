package dev.vigil.promql.engine;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The functions the evaluator implements itself because they need more than their arguments'
 * values: {@code timestamp} and {@code start_timestamp} (the picked samples' own timestamps and
 * start timestamps) and {@code absent} /
 * {@code absent_over_time} (the selector's matchers).
 */
final class SpecialFunctions {
  private SpecialFunctions() {}

  static List<StepSeries> timestamp(Evaluator ev, Expr.Call c, StepGrid g) {
    Expr arg = unwrapParens(c.args().get(0));
    List<StepSeries> out;
    if (arg instanceof Expr.VectorSelector vs) {
      out = ev.selectors.vector(vs, g, true);
    } else {
      out = ev.vector(ev.eval(arg, g), arg);
      for (StepSeries s : out) {
        for (int i = 0; i < s.steps(); i++) {
          if (s.has(i)) {
            s.set(i, g.time(i) / 1000.0);
          }
        }
      }
    }
    for (StepSeries s : out) {
      ev.dropName(s);
    }
    return ev.mergeSameLabels(out);
  }

  /**
   * {@code start_timestamp(v)}: the start timestamp in seconds of the sample a vector selector
   * picks at each step (0 where the sample has none). Only a selector's samples carry start
   * timestamps: over any other expression the result is empty, as in Prometheus.
   */
  static List<StepSeries> startTimestamp(Evaluator ev, Expr.Call c, StepGrid g) {
    Expr arg = unwrapParens(c.args().get(0));
    if (!(arg instanceof Expr.VectorSelector vs)) {
      ev.eval(arg, g); // still evaluated: its errors and annotations stand
      return new java.util.ArrayList<>();
    }
    List<StepSeries> out =
        ev.selectors.vector(vs, g, SelectorEvaluator.Mode.START_TIMESTAMP_FUNCTION);
    for (StepSeries s : out) {
      ev.dropName(s);
    }
    return ev.mergeSameLabels(out);
  }

  static List<StepSeries> absent(Evaluator ev, Expr.Call c, StepGrid g) {
    Expr arg = c.args().get(0);
    List<StepSeries> in = ev.vector(ev.eval(arg, g), arg);
    return absentAt(in, absentLabels(arg), g.count());
  }

  static List<StepSeries> absentOverTime(Evaluator ev, Expr.Call c, StepGrid g) {
    Expr arg = c.args().get(0);
    List<StepSeries> present = ev.ranges.call(c, 0, w -> {
      w.outValue = 1;
      return w.from < w.to;
    }, g, true);
    return absentAt(present, absentLabels(arg), g.count());
  }

  private static List<StepSeries> absentAt(List<StepSeries> in, Labels labels, int n) {
    StepSeries out = new StepSeries(labels, n);
    for (int i = 0; i < n; i++) {
      boolean any = false;
      for (StepSeries s : in) {
        if (s.has(i)) {
          any = true;
          break;
        }
      }
      if (!any) {
        out.set(i, 1);
      }
    }
    return out.isEmpty() ? List.of() : new java.util.ArrayList<>(List.of(out));
  }

  /**
   * The labels {@code absent} gives its result: those of the selector's equality matchers, except
   * that a label matched more than once (or not by equality) is left out, as Prometheus does.
   */
  static Labels absentLabels(Expr arg) {
    List<Matcher> matchers;
    if (arg instanceof Expr.VectorSelector vs) {
      matchers = vs.matchers();
    } else if (arg instanceof Expr.MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    LabelsBuilder b = new LabelsBuilder();
    Set<String> has = new HashSet<>();
    for (Matcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == Matcher.Type.EQ && has.add(m.name())) {
        b.set(m.name(), m.value());
      } else {
        b.delete(m.name());
      }
    }
    return b.build();
  }

  static Expr unwrapParens(Expr e) {
    while (e instanceof Expr.ParenExpr p) {
      e = p.expr();
    }
    return e;
  }
}
