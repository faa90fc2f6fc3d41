package dev.vigil.promql.parser;

import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.PosRange;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The postfix modifiers of an expression: range {@code [d]}, subquery {@code [d:s]}, {@code
 * offset d}, {@code @ t} and the experimental {@code anchored}/{@code smoothed}. They bind tighter
 * than any operator and apply in any order, with Prometheus's checks (no offset or @ before a
 * range, each set at most once, only on selectors and subqueries).
 */
final class SelectorModifiers {
  private static final String DURATION_EXPECTED = "number, duration, step(), or range()";

  private final TokenStream ts;
  private final ParserOptions options;
  private final DurationParser durations;

  SelectorModifiers(TokenStream ts, ParserOptions options, DurationParser durations) {
    this.ts = ts;
    this.options = options;
    this.durations = durations;
  }

  Expr apply(Expr e) {
    while (true) {
      switch (ts.peek().type()) {
        case LEFT_BRACKET -> e = rangeOrSubquery(e);
        case OFFSET -> e = offset(e);
        case AT -> e = at(e);
        case ANCHORED, SMOOTHED -> e = extended(e);
        default -> {
          return e;
        }
      }
    }
  }

  private void requireDurationExpressions(DurationExpr d) {
    if (!DurationParser.isPlainLiteral(d) && !options.durationExpressions()) {
      throw ts.fail(d.pos().start(), "experimental duration expression is not enabled");
    }
  }

  /** The plain millisecond field for a duration: its value when constant, else 0. */
  private static long millis(DurationExpr d) {
    if (DurationParser.isPlainLiteral(d)) {
      return DurationParser.literalMillis(d);
    }
    return d.isConstant() ? d.resolveMillis(0, 0) : 0;
  }

  private void requirePositiveLiteral(DurationExpr d) {
    if (DurationParser.isPlainLiteral(d) && d.seconds() <= 0) {
      throw ts.fail(d.pos().start(), "duration must be greater than 0");
    }
  }

  private Expr rangeOrSubquery(Expr e) {
    Token open = ts.next();
    if (ts.at(TokenType.RIGHT_BRACKET)) {
      throw ts.unexpected(ts.peek(), "subquery or range selector", DURATION_EXPECTED);
    }
    DurationExpr range = durations.parseExpression("subquery or range selector", DURATION_EXPECTED);
    Token t = ts.next();
    if (t.type() == TokenType.RIGHT_BRACKET) {
      String err = null;
      if (!(e instanceof Expr.VectorSelector vs)) {
        err = "ranges only allowed for vector selectors";
      } else if (vs.offset() != 0 || vs.offsetExpr() != null) {
        err = "no offset modifiers allowed before range";
      } else if (vs.at() != null) {
        err = "no @ modifiers allowed before range";
      }
      if (err != null) {
        throw ts.fail(open.pos(), err);
      }
      requireDurationExpressions(range);
      requirePositiveLiteral(range);
      Expr.VectorSelector vs = (Expr.VectorSelector) e;
      return new Expr.MatrixSelector(vs, millis(range),
          DurationParser.isPlainLiteral(range) ? null : range,
          new PosRange(e.pos().start(), t.end()));
    }
    if (t.type() != TokenType.COLON) {
      throw ts.unexpected(t, "subquery or range", "\":\" or \"]\"");
    }
    DurationExpr step = null;
    if (!ts.at(TokenType.RIGHT_BRACKET)) {
      step = durations.parseExpression("subquery selector", DURATION_EXPECTED + " or \"]\"");
    }
    Token close = ts.next();
    if (close.type() != TokenType.RIGHT_BRACKET) {
      throw ts.unexpected(close, "subquery selector", "\"]\"");
    }
    requireDurationExpressions(range);
    requirePositiveLiteral(range);
    if (step != null) {
      requireDurationExpressions(step);
      requirePositiveLiteral(step);
    }
    return new Expr.SubqueryExpr(e, millis(range),
        DurationParser.isPlainLiteral(range) ? null : range,
        step == null ? 0 : millis(step),
        step == null || DurationParser.isPlainLiteral(step) ? null : step,
        0, null, null, new PosRange(e.pos().start(), close.end()));
  }

  private Expr offset(Expr e) {
    ts.next();
    if (ts.at(TokenType.EOF)) {
      throw ts.unexpected(ts.peek(), "offset", DURATION_EXPECTED);
    }
    DurationExpr d = durations.parseOffset();
    requireDurationExpressions(d);
    long ms = millis(d);
    DurationExpr expr = DurationParser.isPlainLiteral(d) ? null : d;
    int end = ts.lastClosing();
    switch (e) {
      case Expr.VectorSelector vs -> {
        checkOffsetUnset(e, vs.offset(), vs.offsetExpr());
        return withOffset(vs, ms, expr, end);
      }
      case Expr.MatrixSelector m -> {
        checkOffsetUnset(e, m.selector().offset(), m.selector().offsetExpr());
        return new Expr.MatrixSelector(withOffset(m.selector(), ms, expr, m.selector().pos().end()),
            m.range(), m.rangeExpr(), new PosRange(m.pos().start(), end));
      }
      case Expr.SubqueryExpr s -> {
        checkOffsetUnset(e, s.offset(), s.offsetExpr());
        return new Expr.SubqueryExpr(s.expr(), s.range(), s.rangeExpr(), s.step(), s.stepExpr(),
            ms, expr, s.at(), new PosRange(s.pos().start(), end));
      }
      default -> throw ts.fail(e.pos().start(), "offset modifier must be preceded by an instant "
          + "vector selector or range vector selector or a subquery");
    }
  }

  private void checkOffsetUnset(Expr e, long offset, DurationExpr offsetExpr) {
    if (offset != 0 || offsetExpr != null) {
      throw ts.fail(e.pos().start(), "offset may not be set multiple times");
    }
  }

  private static Expr.VectorSelector withOffset(
      Expr.VectorSelector vs, long ms, DurationExpr expr, int end) {
    return new Expr.VectorSelector(vs.name(), vs.matchers(), ms, expr, vs.at(), vs.anchored(),
        vs.smoothed(), new PosRange(vs.pos().start(), end));
  }

  private static Expr.VectorSelector withAt(Expr.VectorSelector vs, At at, int end) {
    return new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offset(), vs.offsetExpr(), at,
        vs.anchored(), vs.smoothed(), new PosRange(vs.pos().start(), end));
  }

  private Expr at(Expr e) {
    ts.next();
    Token t = ts.next();
    At at;
    if ((t.type() == TokenType.START || t.type() == TokenType.END)
        && ts.at(TokenType.LEFT_PAREN)) {
      ts.next();
      Token close = ts.next();
      if (close.type() != TokenType.RIGHT_PAREN) {
        throw ts.unexpected(close, "@", "\")\"");
      }
      at = t.type() == TokenType.START ? At.start() : At.end();
    } else {
      boolean neg = false;
      if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
        neg = t.type() == TokenType.SUB;
        t = ts.next();
      }
      if (t.type() != TokenType.NUMBER) {
        throw ts.unexpected(t, "@", "timestamp");
      }
      double v = ExprParser.number(ts, t);
      if (neg) {
        v = -v;
      }
      if (Double.isNaN(v) || Double.isInfinite(v) || v >= 0x1p63 || v <= -0x1p63) {
        throw ts.fail(e.pos().start(), "timestamp out of bounds for @ modifier: " + formatF6(v));
      }
      at = At.at(goRound(v * 1000));
    }
    int end = ts.lastClosing();
    String multiple = "@ <timestamp> may not be set multiple times";
    switch (e) {
      case Expr.VectorSelector vs -> {
        if (vs.at() != null) {
          throw ts.fail(e.pos().start(), multiple);
        }
        return withAt(vs, at, end);
      }
      case Expr.MatrixSelector m -> {
        if (m.selector().at() != null) {
          throw ts.fail(e.pos().start(), multiple);
        }
        return new Expr.MatrixSelector(withAt(m.selector(), at, m.selector().pos().end()),
            m.range(), m.rangeExpr(), new PosRange(m.pos().start(), end));
      }
      case Expr.SubqueryExpr s -> {
        if (s.at() != null) {
          throw ts.fail(e.pos().start(), multiple);
        }
        return new Expr.SubqueryExpr(s.expr(), s.range(), s.rangeExpr(), s.step(), s.stepExpr(),
            s.offset(), s.offsetExpr(), at, new PosRange(s.pos().start(), end));
      }
      default -> throw ts.fail(e.pos().start(), "@ modifier must be preceded by an instant vector "
          + "selector or range vector selector or a subquery");
    }
  }

  /** Go's math.Round: half away from zero. */
  private static long goRound(double v) {
    return (long) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
  }

  /** Go's {@code %f}. */
  private static String formatF6(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  private Expr extended(Expr e) {
    Token t = ts.next();
    boolean anchored = t.type() == TokenType.ANCHORED;
    String name = anchored ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      throw ts.fail(e.pos().start(), name + " modifier is experimental and not enabled");
    }
    Expr.VectorSelector vs = switch (e) {
      case Expr.VectorSelector v -> v;
      case Expr.MatrixSelector m -> m.selector();
      case Expr.SubqueryExpr s ->
          throw ts.fail(e.pos().start(), name + " modifier is not supported for subqueries");
      default -> throw ts.fail(e.pos().start(), name + " modifier must be preceded by an instant "
          + "vector selector or range vector selector");
    };
    if ((anchored && vs.smoothed()) || (!anchored && vs.anchored())) {
      throw ts.fail(e.pos().start(), "anchored and smoothed modifiers cannot be used together");
    }
    Expr.VectorSelector updated = new Expr.VectorSelector(vs.name(), vs.matchers(), vs.offset(),
        vs.offsetExpr(), vs.at(), anchored || vs.anchored(), !anchored || vs.smoothed(),
        e instanceof Expr.VectorSelector ? new PosRange(vs.pos().start(), t.end()) : vs.pos());
    if (e instanceof Expr.MatrixSelector m) {
      return new Expr.MatrixSelector(updated, m.range(), m.rangeExpr(),
          new PosRange(m.pos().start(), t.end()));
    }
    return updated;
  }
}
