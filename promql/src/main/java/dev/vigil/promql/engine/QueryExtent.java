package dev.vigil.promql.engine;

import dev.vigil.promql.ast.Expr;

/**
 * The time range [mint, maxt] a query reads from the store: the union of every selector's
 * windows over all steps, after offsets, {@code @}, ranges, subqueries and the lookback delta.
 */
final class QueryExtent {
  private final long lookback;
  private final long defaultSubqueryStep;
  long mint = Long.MAX_VALUE;
  long maxt = Long.MIN_VALUE;

  QueryExtent(long lookback, long defaultSubqueryStep) {
    this.lookback = lookback;
    this.defaultSubqueryStep = defaultSubqueryStep;
  }

  /** True when the expression reads nothing from the store. */
  boolean empty() {
    return mint > maxt;
  }

  /** Adds what {@code e} reads when evaluated at times in [lo, hi]. */
  void visit(Expr e, long lo, long hi) {
    switch (e) {
      case Expr.NumberLiteral n -> { }
      case Expr.StringLiteral s -> { }
      case Expr.VectorSelector vs -> selector(vs, lo, hi, 0);
      case Expr.MatrixSelector ms -> selector(ms.selector(), lo, hi, ms.range());
      case Expr.SubqueryExpr sq -> {
        long a = (sq.at() != null ? sq.at().timestamp() : lo) - sq.offset();
        long b = (sq.at() != null ? sq.at().timestamp() : hi) - sq.offset();
        long step = sq.step() > 0 ? sq.step() : defaultSubqueryStep;
        visit(sq.expr(), a - sq.range(), b + step);
      }
      case Expr.Call c -> {
        for (Expr a : c.args()) {
          visit(a, lo, hi);
        }
      }
      case Expr.AggregateExpr a -> {
        visit(a.expr(), lo, hi);
        if (a.param() != null) {
          visit(a.param(), lo, hi);
        }
      }
      case Expr.BinaryExpr b -> {
        visit(b.lhs(), lo, hi);
        visit(b.rhs(), lo, hi);
      }
      case Expr.UnaryExpr u -> visit(u.expr(), lo, hi);
      case Expr.ParenExpr p -> visit(p.expr(), lo, hi);
    }
  }

  private void selector(Expr.VectorSelector vs, long lo, long hi, long range) {
    long a = lo - vs.offset();
    long b = hi - vs.offset();
    if (vs.at() != null) {
      // timestamp() reads an @ selector at the @ time itself, without the offset.
      long at = vs.at().timestamp();
      a = Math.min(at, at - vs.offset());
      b = Math.max(at, at - vs.offset());
    }
    long ext = vs.anchored() || vs.smoothed() ? lookback : 0;
    mint = Math.min(mint, a - range - lookback - ext);
    maxt = Math.max(maxt, b + (vs.smoothed() ? lookback : 0));
  }
}
