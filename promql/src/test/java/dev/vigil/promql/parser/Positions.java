package dev.vigil.promql.parser;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helper: the same tree with every position cleared, for round-trip comparisons. */
final class Positions {
  private Positions() {}

  static Expr strip(Expr e) {
    PosRange n = PosRange.NONE;
    return switch (e) {
      case Expr.NumberLiteral x -> new Expr.NumberLiteral(x.value(), n);
      case Expr.StringLiteral x -> new Expr.StringLiteral(x.value(), n);
      case Expr.ParenExpr x -> new Expr.ParenExpr(strip(x.expr()), n);
      case Expr.UnaryExpr x -> new Expr.UnaryExpr(x.negate(), strip(x.expr()), n);
      case Expr.Call x -> new Expr.Call(x.func(), x.args().stream().map(Positions::strip).toList(), n);
      case Expr.AggregateExpr x -> new Expr.AggregateExpr(x.op(), strip(x.expr()),
          x.param() == null ? null : strip(x.param()), x.grouping(), x.without(), n);
      case Expr.BinaryExpr x -> new Expr.BinaryExpr(x.op(), strip(x.lhs()), strip(x.rhs()),
          x.matching(), x.returnBool(), n);
      case Expr.VectorSelector x -> selector(x);
      case Expr.MatrixSelector x ->
          new Expr.MatrixSelector(selector(x.selector()), x.range(), strip(x.rangeExpr()), n);
      case Expr.SubqueryExpr x -> new Expr.SubqueryExpr(strip(x.expr()), x.range(),
          strip(x.rangeExpr()), x.step(), strip(x.stepExpr()), x.offset(), strip(x.offsetExpr()),
          x.at(), n);
    };
  }

  /** Matchers sorted as the printer sorts them: their order carries no meaning. */
  private static Expr.VectorSelector selector(Expr.VectorSelector x) {
    List<Matcher> sorted = new ArrayList<>(x.matchers());
    sorted.sort(Comparator.comparing(Matcher::toString));
    return new Expr.VectorSelector(x.name(), sorted, x.offset(), strip(x.offsetExpr()),
        x.at(), x.anchored(), x.smoothed(), PosRange.NONE);
  }

  /** Positions and literal spelling cleared: {@code 90s} and {@code 1m30s} are the same value. */
  static DurationExpr strip(DurationExpr d) {
    if (d == null) {
      return null;
    }
    if (d.kind() == DurationExpr.Kind.PLUS && !d.paren()) {
      return strip(d.lhs()); // Prometheus prints a unary plus as nothing
    }
    return new DurationExpr(d.kind(), d.seconds(), null, strip(d.lhs()), strip(d.rhs()),
        d.paren(), PosRange.NONE);
  }
}
