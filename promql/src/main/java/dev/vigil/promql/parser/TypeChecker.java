package dev.vigil.promql.parser;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.FunctionDef;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.ast.VectorMatching.Cardinality;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The type checks of Prometheus's {@code checkAST}, in the same order (children before their
 * parent, arguments in order), so that the first error reported is the one Prometheus reports.
 */
final class TypeChecker {
  private final TokenStream ts;
  private final Map<Expr.BinaryExpr, ExprParser.RawMatching> raw;
  /** info()'s second argument may select with empty matchers only. */
  private final Set<Expr> bypassEmptyMatcherCheck = Collections.newSetFromMap(new IdentityHashMap<>());

  TypeChecker(TokenStream ts, Map<Expr.BinaryExpr, ExprParser.RawMatching> raw) {
    this.ts = ts;
    this.raw = raw;
  }

  /** Prometheus's {@code DocumentedType}. */
  static String documented(ValueKind k) {
    return switch (k) {
      case VECTOR -> "instant vector";
      case MATRIX -> "range vector";
      default -> k.apiName();
    };
  }

  /** Checks {@code node} and returns its type, computed from its children's (never recursively). */
  ValueKind check(Expr node) {
    switch (node) {
      case Expr.AggregateExpr a -> {
        expectType(a.expr(), ValueKind.VECTOR, "aggregation expression");
        AggregateOp op = a.op();
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.QUANTILE
            || op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
          expectType(a.param(), ValueKind.SCALAR, "aggregation parameter");
        }
        if (op == AggregateOp.COUNT_VALUES) {
          expectType(a.param(), ValueKind.STRING, "aggregation parameter");
        }
      }
      case Expr.BinaryExpr b -> {
        return checkBinary(b);
      }
      case Expr.Call c -> checkCall(c);
      case Expr.ParenExpr p -> {
        return check(p.expr());
      }
      case Expr.UnaryExpr u -> {
        ValueKind t = check(u.expr());
        if (t != ValueKind.SCALAR && t != ValueKind.VECTOR) {
          throw fail(u, "unary expression only allowed on expressions of type scalar or instant "
              + "vector, got " + GoText.quote(documented(t)));
        }
        return t;
      }
      case Expr.SubqueryExpr s -> {
        ValueKind t = check(s.expr());
        if (t != ValueKind.VECTOR) {
          throw fail(s, "subquery is only allowed on instant vector, got " + t.apiName()
              + " instead");
        }
      }
      case Expr.MatrixSelector m -> check(m.selector());
      case Expr.VectorSelector vs -> checkSelector(vs);
      case Expr.NumberLiteral n -> {}
      case Expr.StringLiteral s -> {}
    }
    return node.type();
  }

  private ParseException fail(Expr at, String detail) {
    return ts.fail(at.pos().start(), detail);
  }

  private void expectType(Expr node, ValueKind want, String context) {
    ValueKind t = check(node);
    if (t != want) {
      throw fail(node, "expected type " + documented(want) + " in " + context + ", got "
          + documented(t));
    }
  }

  private void checkSelector(Expr.VectorSelector vs) {
    List<Matcher> ms = vs.matchers();
    if (!vs.name().isEmpty()) {
      for (Matcher m : ms.subList(0, ms.size() - 1)) {
        if (m.name().equals("__name__")) {
          throw fail(vs, "metric name must not be set twice: " + GoText.quote(vs.name()) + " or "
              + GoText.quote(m.value()));
        }
      }
      return;
    }
    if (bypassEmptyMatcherCheck.contains(vs)) {
      return;
    }
    for (Matcher m : ms) {
      if (!m.matchesEmpty()) {
        return;
      }
    }
    throw fail(vs, "vector selector must contain at least one non-empty matcher");
  }

  /** Where the operator starts: the first non-space after the left operand. */
  private int operatorPos(Expr.BinaryExpr b) {
    String q = ts.query();
    int i = b.lhs().pos().end();
    while (i < q.length() && " \t\n\r".indexOf(q.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private ValueKind checkBinary(Expr.BinaryExpr b) {
    ValueKind lt = check(b.lhs());
    ValueKind rt = check(b.rhs());
    ExprParser.RawMatching m = raw.get(b);
    BinaryOp op = b.op();
    if (b.returnBool() && !op.isComparison()) {
      throw ts.fail(operatorPos(b), "bool modifier can only be used on comparison operators");
    }
    if (op.isComparison() && !b.returnBool() && lt == ValueKind.SCALAR && rt == ValueKind.SCALAR) {
      throw ts.fail(operatorPos(b), "comparisons between scalars must use BOOL modifier");
    }
    Cardinality card = m.card();
    if (op.isSetOperator() && card == Cardinality.ONE_TO_ONE) {
      card = Cardinality.MANY_TO_MANY;
    }
    if (m.on()) {
      for (String l1 : m.labels()) {
        if (m.include().contains(l1)) {
          throw ts.fail(operatorPos(b), "label " + GoText.quote(l1)
              + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueKind.SCALAR && lt != ValueKind.VECTOR) {
      throw fail(b.lhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueKind.SCALAR && rt != ValueKind.VECTOR) {
      throw fail(b.rhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueKind.VECTOR || rt != ValueKind.VECTOR) {
      if (!m.labels().isEmpty()) {
        throw fail(b, "vector matching only allowed between instant vectors");
      }
      if (m.fill()) {
        throw fail(b, "filling in missing series only allowed between instant vectors");
      }
    } else if (op.isSetOperator()) {
      if (card == Cardinality.ONE_TO_MANY || card == Cardinality.MANY_TO_ONE) {
        throw fail(b, "no grouping allowed for " + GoText.quote(op.text()) + " operation");
      }
      if (card != Cardinality.MANY_TO_MANY) {
        throw fail(b, "set operations must always be many-to-many");
      }
      if (m.fill()) {
        throw fail(b, "filling in missing series not allowed for set operators");
      }
    }
    if ((lt == ValueKind.SCALAR || rt == ValueKind.SCALAR) && op.isSetOperator()) {
      throw fail(b, "set operator " + GoText.quote(op.text())
          + " not allowed in binary scalar expression");
    }
    return lt == ValueKind.SCALAR && rt == ValueKind.SCALAR ? ValueKind.SCALAR : ValueKind.VECTOR;
  }

  private void checkCall(Expr.Call c) {
    FunctionDef fn = c.func();
    int n = c.args().size();
    String name = GoText.quote(fn.name());
    if (fn.variadic() == 0) {
      if (n != fn.argTypes().size()) {
        throw fail(c, "expected " + fn.argTypes().size() + " argument(s) in call to " + name
            + ", got " + n);
      }
    } else if (n < fn.minArgs()) {
      throw fail(c, "expected at least " + fn.minArgs() + " argument(s) in call to " + name
          + ", got " + n);
    } else if (n > fn.maxArgs()) {
      throw fail(c, "expected at most " + fn.maxArgs() + " argument(s) in call to " + name
          + ", got " + n);
    }
    if (fn.name().equals("info") && n > 1) {
      Expr selector = c.args().get(1);
      if (selector.type() != ValueKind.VECTOR) {
        throw fail(c, "expected type instant vector in call to function " + name + ", got "
            + documented(selector.type()));
      }
      if (!(selector instanceof Expr.VectorSelector vs)) {
        throw fail(selector, "expected label selectors only");
      }
      if (!vs.name().isEmpty()) {
        throw fail(selector, "expected label selectors only, got vector selector instead");
      }
      bypassEmptyMatcherCheck.add(vs);
    }
    for (int i = 0; i < n; i++) {
      expectType(c.args().get(i), fn.argType(i), "call to function " + name);
    }
  }
}
