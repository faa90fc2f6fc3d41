package dev.vigil.promql.promqltest;

import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.Expr.AggregateExpr;
import dev.vigil.promql.ast.Expr.BinaryExpr;
import dev.vigil.promql.ast.Expr.Call;
import dev.vigil.promql.ast.Expr.MatrixSelector;
import dev.vigil.promql.ast.Expr.NumberLiteral;
import dev.vigil.promql.ast.Expr.ParenExpr;
import dev.vigil.promql.ast.Expr.StringLiteral;
import dev.vigil.promql.ast.Expr.SubqueryExpr;
import dev.vigil.promql.ast.Expr.UnaryExpr;
import dev.vigil.promql.ast.Expr.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The harness's {@code @}-modifier re-runs of an instant eval: every selector and subquery without
 * a fixed {@code @} timestamp gets {@code @ <eval time>} ({@code @ start()}/{@code @ end()} are
 * replaced too: they carry no timestamp), except inside a subquery, which after this always has
 * one. The rewritten expression is printed and then evaluated at times where the result must not
 * change. Expressions calling a function whose result depends on the evaluation time itself
 * ({@link #UNSAFE}) outside such subqueries get no re-runs. Stateless.
 */
final class AtModifierCases {
  private AtModifierCases() {}

  /**
   * Prometheus's {@code AtModifierUnsafeFunctions}, plus the query-context functions {@code
   * start()}, {@code end()}, {@code range()} and {@code step()}: their value is the query's own
   * start, end, range or step, so a re-run at another time cannot give the same answer (the
   * upstream files expect {@code start()} at 100s to be 100, which no re-run at -1000s could
   * give).
   */
  static final Set<String> UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp",
      "start", "end", "range", "step");

  record Case(String expr, long evalMs) {}

  /** The re-runs for {@code expr} at {@code ts}; empty when the harness makes none. */
  static List<Case> cases(String expr, long ts, ExprSyntax syntax) {
    Expr parsed = syntax.parse(expr);
    boolean[] unsafe = new boolean[1];
    Expr pinned = pin(parsed, ts, unsafe);
    if (unsafe[0]) {
      return List.of();
    }
    String text = syntax.print(pinned);
    long[] times = ts == 0 ? new long[] {-1000, 0, 1000}
        : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
    List<Case> out = new ArrayList<>();
    for (long t : times) {
      out.add(new Case(text, t));
    }
    return out;
  }

  static Expr pin(Expr e, long ts, boolean[] unsafe) {
    return switch (e) {
      case NumberLiteral n -> n;
      case StringLiteral s -> s;
      case VectorSelector vs -> pinSelector(vs, ts);
      case MatrixSelector ms ->
          new MatrixSelector(pinSelector(ms.selector(), ts), ms.range(), ms.rangeExpr(), ms.pos());
      // Below a subquery with a timestamp the harness changes nothing and looks no further.
      case SubqueryExpr sq -> hasTimestamp(sq.at()) ? sq
          : new SubqueryExpr(sq.expr(), sq.range(), sq.rangeExpr(), sq.step(), sq.stepExpr(),
              sq.offset(), sq.offsetExpr(), At.at(ts), sq.pos());
      case Call c -> {
        if (UNSAFE.contains(c.func().name())) {
          unsafe[0] = true;
        }
        List<Expr> args = new ArrayList<>();
        for (Expr a : c.args()) {
          args.add(pin(a, ts, unsafe));
        }
        yield new Call(c.func(), args, c.pos());
      }
      case AggregateExpr a -> new AggregateExpr(a.op(), pin(a.expr(), ts, unsafe),
          a.param() == null ? null : pin(a.param(), ts, unsafe), a.grouping(), a.without(),
          a.pos());
      case BinaryExpr b -> new BinaryExpr(b.op(), pin(b.lhs(), ts, unsafe),
          pin(b.rhs(), ts, unsafe), b.matching(), b.returnBool(), b.pos());
      case UnaryExpr u -> new UnaryExpr(u.negate(), pin(u.expr(), ts, unsafe), u.pos());
      case ParenExpr p -> new ParenExpr(pin(p.expr(), ts, unsafe), p.pos());
    };
  }

  private static boolean hasTimestamp(At at) {
    return at != null && at.kind() == At.Kind.TIMESTAMP;
  }

  private static VectorSelector pinSelector(VectorSelector vs, long ts) {
    if (hasTimestamp(vs.at())) {
      return vs;
    }
    return new VectorSelector(vs.name(), vs.matchers(), vs.offset(), vs.offsetExpr(), At.at(ts),
        vs.anchored(), vs.smoothed(), vs.pos());
  }
}
