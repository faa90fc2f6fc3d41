package dev.vigil.promql.ast;

import dev.vigil.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The vector selectors of an expression, as Prometheus's {@code parser.ExtractSelectors} collects
 * them for {@code /api/v1/query_exemplars}: the matchers of every vector selector (including those
 * inside range selectors and subqueries), in the order a depth-first walk meets them. Stateless.
 */
public final class Selectors {
  private Selectors() {}

  public static List<List<Matcher>> of(Expr e) {
    List<List<Matcher>> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<List<Matcher>> out) {
    if (e == null) {
      return;
    }
    switch (e) {
      case Expr.VectorSelector vs -> out.add(vs.matchers());
      case Expr.MatrixSelector m -> out.add(m.selector().matchers());
      case Expr.SubqueryExpr s -> collect(s.expr(), out);
      case Expr.Call c -> c.args().forEach(a -> collect(a, out));
      case Expr.AggregateExpr a -> {
        collect(a.expr(), out);
        collect(a.param(), out);
      }
      case Expr.BinaryExpr b -> {
        collect(b.lhs(), out);
        collect(b.rhs(), out);
      }
      case Expr.UnaryExpr u -> collect(u.expr(), out);
      case Expr.ParenExpr p -> collect(p.expr(), out);
      case Expr.NumberLiteral n -> { }
      case Expr.StringLiteral s -> { }
    }
  }
}
