package dev.vigil.promql.ast;

import dev.vigil.model.Matcher;
import java.util.List;

/**
 * The PromQL syntax tree. Immutable records; {@link #type()} is the value kind the node evaluates
 * to. Durations and timestamps are milliseconds. Where the experimental duration-expression syntax
 * was used, the {@code *Expr} component keeps the expression (for printing and for resolution of
 * {@code step()}/{@code range()} at query time) and the plain field holds the value when it could
 * be computed at parse time.
 */
public sealed interface Expr {
  PosRange pos();

  ValueKind type();

  record NumberLiteral(double value, PosRange pos) implements Expr {
    public ValueKind type() {
      return ValueKind.SCALAR;
    }
  }

  record StringLiteral(String value, PosRange pos) implements Expr {
    public ValueKind type() {
      return ValueKind.STRING;
    }
  }

  /**
   * {@code name{matchers} offset d @ t}. {@code matchers} includes the {@code __name__} matcher
   * when a name was given. {@code anchored}/{@code smoothed} are the experimental extended range
   * selector modifiers. {@code name} is the metric name written before the braces, "" (never null)
   * when there is none; a quoted name inside the braces ({@code {"my.metric"}}) only appears as a
   * {@code __name__} matcher, as in Prometheus. The parser appends the name's matcher last.
   */
  record VectorSelector(
      String name,
      List<Matcher> matchers,
      long offset,
      DurationExpr offsetExpr,
      At at,
      boolean anchored,
      boolean smoothed,
      PosRange pos)
      implements Expr {
    public ValueKind type() {
      return ValueKind.VECTOR;
    }
  }

  /** {@code selector[range]}; offset and {@code @} live on the inner selector. */
  record MatrixSelector(VectorSelector selector, long range, DurationExpr rangeExpr, PosRange pos)
      implements Expr {
    public ValueKind type() {
      return ValueKind.MATRIX;
    }
  }

  /** {@code expr[range:step] offset d @ t}; step 0 means the engine's default subquery step. */
  record SubqueryExpr(
      Expr expr,
      long range,
      DurationExpr rangeExpr,
      long step,
      DurationExpr stepExpr,
      long offset,
      DurationExpr offsetExpr,
      At at,
      PosRange pos)
      implements Expr {
    public ValueKind type() {
      return ValueKind.MATRIX;
    }
  }

  record Call(FunctionDef func, List<Expr> args, PosRange pos) implements Expr {
    public ValueKind type() {
      return func.returnType();
    }
  }

  /**
   * {@code op [by|without (grouping)] ([param,] expr)}. {@code grouping} is empty and
   * {@code without} false for a plain aggregation over everything.
   */
  record AggregateExpr(
      AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, PosRange pos)
      implements Expr {
    public ValueKind type() {
      return ValueKind.VECTOR;
    }
  }

  /**
   * {@code lhs op [bool] [on|ignoring (...)] [group_left|group_right (...)] [fill...] rhs}.
   * {@code matching} is null unless both sides are vectors.
   */
  record BinaryExpr(
      BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PosRange pos)
      implements Expr {
    public ValueKind type() {
      return lhs.type() == ValueKind.SCALAR && rhs.type() == ValueKind.SCALAR
          ? ValueKind.SCALAR
          : ValueKind.VECTOR;
    }
  }

  /** Unary {@code -expr} ({@code negate} true) or {@code +expr}. */
  record UnaryExpr(boolean negate, Expr expr, PosRange pos) implements Expr {
    public ValueKind type() {
      return expr.type();
    }
  }

  record ParenExpr(Expr expr, PosRange pos) implements Expr {
    public ValueKind type() {
      return expr.type();
    }
  }
}
