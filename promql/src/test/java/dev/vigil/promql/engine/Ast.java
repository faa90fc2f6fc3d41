package dev.vigil.promql.engine;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.FunctionDef;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.ValueKind;
import java.util.ArrayList;
import java.util.List;

/** Builds syntax trees by hand for evaluator tests that must not depend on the parser. */
final class Ast {
  private Ast() {}

  static Expr.VectorSelector sel(String name, Matcher... extra) {
    return sel(name, 0, null, extra);
  }

  static Expr.VectorSelector sel(String name, long offset, At at, Matcher... extra) {
    List<Matcher> ms = new ArrayList<>();
    if (name != null) {
      ms.add(Matcher.eq("__name__", name));
    }
    ms.addAll(List.of(extra));
    return new Expr.VectorSelector(name, ms, offset, null, at, false, false, PosRange.NONE);
  }

  static Expr.MatrixSelector range(Expr.VectorSelector vs, long rangeMs) {
    return new Expr.MatrixSelector(vs, rangeMs, null, PosRange.NONE);
  }

  static Expr.SubqueryExpr subquery(Expr e, long range, long step, long offset, At at) {
    return new Expr.SubqueryExpr(e, range, null, step, null, offset, null, at, PosRange.NONE);
  }

  static Expr.NumberLiteral num(double v) {
    return new Expr.NumberLiteral(v, PosRange.NONE);
  }

  static Expr.Call call(String name, ValueKind ret, Expr... args) {
    List<ValueKind> types = new ArrayList<>();
    for (Expr a : args) {
      types.add(a.type());
    }
    return new Expr.Call(new FunctionDef(name, types, 0, ret, false), List.of(args),
        PosRange.NONE);
  }
}
