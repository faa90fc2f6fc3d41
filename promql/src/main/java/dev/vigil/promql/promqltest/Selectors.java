package dev.vigil.promql.promqltest;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import java.util.List;

/** Collects the matcher lists of every selector in an expression. */
final class Selectors {
  private Selectors() {}

  static void collect(Expr e, List<List<Matcher>> out) {
    switch (e) {
      case Expr.NumberLiteral n -> { }
      case Expr.StringLiteral s -> { }
      case Expr.VectorSelector vs -> out.add(vs.matchers());
      case Expr.MatrixSelector ms -> out.add(ms.selector().matchers());
      case Expr.SubqueryExpr sq -> collect(sq.expr(), out);
      case Expr.Call c -> c.args().forEach(a -> collect(a, out));
      case Expr.AggregateExpr a -> {
        collect(a.expr(), out);
        if (a.param() != null) {
          collect(a.param(), out);
        }
      }
      case Expr.BinaryExpr b -> {
        collect(b.lhs(), out);
        collect(b.rhs(), out);
      }
      case Expr.UnaryExpr u -> collect(u.expr(), out);
      case Expr.ParenExpr p -> collect(p.expr(), out);
    }
  }
}
