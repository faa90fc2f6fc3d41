package dev.vigil.promql.parser;

import dev.vigil.model.time.Durations;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.DurationExpr.Kind;
import dev.vigil.promql.ast.PosRange;
import java.util.List;

/**
 * Parses durations where PromQL expects them: inside {@code [...]} and after {@code offset}. A
 * plain number or duration literal (optionally signed, after {@code offset}) needs no feature flag;
 * anything else (arithmetic, parentheses, {@code step()}, {@code range()}, {@code min_of},
 * {@code max_of}) is an experimental duration expression. Values are seconds.
 */
final class DurationParser {
  /** Go's time.Duration spans +-2^63 ns. */
  private static final double MAX_SECONDS = 9.223372036854775807e9;

  private final TokenStream ts;

  DurationParser(TokenStream ts) {
    this.ts = ts;
  }

  /** Whether {@code d} is a plain literal that needs no duration-expression feature. */
  static boolean isPlainLiteral(DurationExpr d) {
    return d.kind() == Kind.LITERAL && !d.paren();
  }

  /** A full duration expression, as inside brackets. */
  DurationExpr parseExpression(String context, String expected) {
    return parseBinary(0, context, expected);
  }

  /**
   * The duration after {@code offset}: a single (optionally signed) term, so that {@code foo
   * offset 100 + 2} is {@code (foo offset 100) + 2} as in Prometheus.
   */
  DurationExpr parseOffset() {
    Token t = ts.peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      ts.next();
      DurationExpr operand = parseTerm("offset", "number, duration, step(), or range()");
      return unary(t, operand);
    }
    return parseTerm("offset", "number, duration, step(), or range()");
  }

  private static int precedence(TokenType t) {
    return switch (t) {
      case ADD, SUB -> 4;
      case MUL, DIV, MOD -> 5;
      case POW -> 6;
      default -> -1;
    };
  }

  private DurationExpr parseBinary(int minPrec, String context, String expected) {
    DurationExpr lhs = parseUnary(context, expected);
    while (true) {
      Token op = ts.peek();
      int prec = precedence(op.type());
      if (prec < 0 || prec < minPrec) {
        return lhs;
      }
      ts.next();
      DurationExpr rhs = parseBinary(op.type() == TokenType.POW ? prec : prec + 1, context, expected);
      Kind kind = switch (op.type()) {
        case ADD -> Kind.ADD;
        case SUB -> Kind.SUB;
        case MUL -> Kind.MUL;
        case DIV -> Kind.DIV;
        case MOD -> Kind.MOD;
        default -> Kind.POW;
      };
      if ((kind == Kind.DIV || kind == Kind.MOD) && rhs.kind() == Kind.LITERAL && rhs.seconds() == 0) {
        throw ts.fail(op.pos(), kind == Kind.DIV ? "division by zero" : "modulo by zero");
      }
      lhs = new DurationExpr(kind, 0, null, lhs, rhs, false,
          new PosRange(lhs.pos().start(), rhs.pos().end()));
    }
  }

  private DurationExpr parseUnary(String context, String expected) {
    Token t = ts.peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      ts.next();
      // As for expressions, a sign binds like multiplication: -2^2 is -(2^2).
      DurationExpr operand = parseBinary(6, context, expected);
      return unary(t, operand);
    }
    return parseTerm(context, expected);
  }

  private DurationExpr unary(Token sign, DurationExpr operand) {
    boolean neg = sign.type() == TokenType.SUB;
    PosRange pos = new PosRange(sign.pos(), operand.pos().end());
    if (operand.kind() == Kind.LITERAL && !operand.paren()) {
      double v = neg ? -operand.seconds() : operand.seconds();
      checkRange(v, sign.pos());
      return new DurationExpr(Kind.LITERAL, v, sign.text() + operand.text(), null, null, false, pos);
    }
    return new DurationExpr(neg ? Kind.NEGATE : Kind.PLUS, 0, null, operand, null, false, pos);
  }

  private DurationExpr parseTerm(String context, String expected) {
    Token t = ts.peek();
    switch (t.type()) {
      case NUMBER -> {
        ts.next();
        double v = ExprParser.number(ts, t);
        checkRange(v, t.pos());
        return new DurationExpr(Kind.LITERAL, v, t.text(), null, null, false, range(t));
      }
      case DURATION -> {
        ts.next();
        double v = durationMillis(ts, t) / 1000.0;
        return new DurationExpr(Kind.LITERAL, v, t.text(), null, null, false, range(t));
      }
      case STEP, RANGE -> {
        if (ts.peek(1).type() != TokenType.LEFT_PAREN) {
          throw ts.unexpected(ts.peek(1), context, expected);
        }
        ts.next();
        ts.next();
        Token close = ts.next();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw ts.unexpected(close, context, "\")\"");
        }
        Kind k = t.type() == TokenType.STEP ? Kind.STEP : Kind.RANGE;
        return new DurationExpr(k, 0, null, null, null, false, new PosRange(t.pos(), close.end()));
      }
      case MIN_OF, MAX_OF -> {
        if (ts.peek(1).type() != TokenType.LEFT_PAREN) {
          throw ts.unexpected(ts.peek(1), context, expected);
        }
        ts.next();
        ts.next();
        DurationExpr a = parseExpression(context, expected);
        Token comma = ts.next();
        if (comma.type() != TokenType.COMMA) {
          throw ts.unexpected(comma, context, "\",\"");
        }
        DurationExpr b = parseExpression(context, expected);
        Token close = ts.next();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw ts.unexpected(close, context, "\")\"");
        }
        Kind k = t.type() == TokenType.MIN_OF ? Kind.MIN_OF : Kind.MAX_OF;
        return new DurationExpr(k, 0, null, a, b, false, new PosRange(t.pos(), close.end()));
      }
      case LEFT_PAREN -> {
        ts.next();
        DurationExpr inner = parseExpression(context, expected);
        Token close = ts.next();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw ts.unexpected(close, context, "\")\"");
        }
        return new DurationExpr(inner.kind(), inner.seconds(), inner.text(), inner.lhs(),
            inner.rhs(), true, new PosRange(t.pos(), close.end()));
      }
      default -> {}
    }
    throw ts.unexpected(t, context, expected);
  }

  private void checkRange(double seconds, int pos) {
    if (seconds > MAX_SECONDS || seconds < -MAX_SECONDS) {
      throw ts.fail(pos, "duration out of range");
    }
  }

  private static PosRange range(Token t) {
    return new PosRange(t.pos(), t.end());
  }

  static long durationMillis(TokenStream ts, Token t) {
    String unit = unknownUnit(t.text());
    if (unit != null) {
      throw ts.fail(t.pos(), "unknown unit " + GoText.quote(unit) + " in duration "
          + GoText.quote(t.text()));
    }
    try {
      return Durations.parse(t.text());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw ts.fail(t.pos(), e instanceof ArithmeticException ? "duration out of range" : e.getMessage());
    }
  }

  /** The first unit of a duration string that is not y, w, d, h, m, s or ms; null if none. */
  private static String unknownUnit(String s) {
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Lexer.isDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !Lexer.isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(start, i);
      if (!unit.isEmpty() && !List.of("y", "w", "d", "h", "m", "s", "ms").contains(unit)) {
        return unit;
      }
    }
    return null;
  }

  /** Milliseconds of a literal, exact for duration tokens, truncated for numbers as Go does. */
  static long literalMillis(DurationExpr d) {
    String text = d.text();
    String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    if (isDurationText(unsigned)) {
      long ms = Durations.parse(unsigned);
      return text.startsWith("-") ? -ms : ms;
    }
    return (long) (d.seconds() * 1000);
  }

  /** Whether a literal's text is a duration ({@code 5m}) rather than a number. */
  static boolean isDurationText(String unsigned) {
    if (unsigned.startsWith("0x") || unsigned.startsWith("0X") || unsigned.isEmpty()) {
      return false;
    }
    char last = unsigned.charAt(unsigned.length() - 1);
    return "smhdwy".indexOf(last) >= 0;
  }
}
