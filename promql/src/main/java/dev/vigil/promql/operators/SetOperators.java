package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.VectorMatching;
import dev.vigil.promql.engine.StepSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code and}, {@code or}, {@code unless}: per signature, the steps at which the other side has
 * any series are computed once (a bit set over steps), then every series is masked with it in
 * place. Input series are reused for the result.
 */
final class SetOperators {
  private SetOperators() {}

  static List<StepSeries> apply(BinaryOp op, VectorMatching m, List<StepSeries> lhs,
      List<StepSeries> rhs, int steps, StepErrors errors) {
    boolean on = m != null && m.on();
    List<String> names = m == null || m.labels() == null ? List.of() : m.labels();
    OutputSeries out = new OutputSeries(steps, errors);
    switch (op) {
      case AND, UNLESS -> {
        Map<Labels, boolean[]> rhsAt = presence(rhs, on, names, steps);
        boolean and = op == BinaryOp.AND;
        for (StepSeries l : lhs) {
          boolean[] at = rhsAt.get(SeriesLabels.matchLabels(l.labels, on, names));
          for (int i = 0; i < steps; i++) {
            boolean other = at != null && at[i];
            if (l.has(i) && other != and) {
              l.clear(i);
            }
          }
          out.addAll(l);
        }
      }
      case OR -> {
        Map<Labels, boolean[]> lhsAt = presence(lhs, on, names, steps);
        for (StepSeries l : lhs) {
          out.addAll(l);
        }
        for (StepSeries r : rhs) {
          boolean[] at = lhsAt.get(SeriesLabels.matchLabels(r.labels, on, names));
          if (at != null) {
            for (int i = 0; i < steps; i++) {
              if (at[i] && r.has(i)) {
                r.clear(i);
              }
            }
          }
          out.addAll(r);
        }
      }
      default -> throw new IllegalArgumentException("not a set operator: " + op.text());
    }
    return out.result();
  }

  /** Per signature, the steps at which at least one series of {@code side} has a sample. */
  private static Map<Labels, boolean[]> presence(List<StepSeries> side, boolean on,
      List<String> names, int steps) {
    Map<Labels, boolean[]> m = new HashMap<>();
    for (StepSeries s : side) {
      boolean[] at = m.computeIfAbsent(SeriesLabels.matchLabels(s.labels, on, names),
          k -> new boolean[steps]);
      for (int i = 0; i < steps; i++) {
        if (s.has(i)) {
          at[i] = true;
        }
      }
    }
    return m;
  }
}
