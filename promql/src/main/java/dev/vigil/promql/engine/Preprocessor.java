package dev.vigil.promql.engine;

import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.DurationExpr;
import dev.vigil.promql.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a parsed expression for one evaluation: duration expressions ({@code step()},
 * {@code range()}, arithmetic) become concrete milliseconds and {@code @ start()}/{@code end()}
 * become fixed timestamps, so that the evaluator only ever reads plain fields.
 */
final class Preprocessor {
  private final long start;
  private final long end;
  private final long stepMs;

  /** @param stepMs the query step (0 for an instant query, as {@code step()} reads it) */
  Preprocessor(long start, long end, long stepMs) {
    this.start = start;
    this.end = end;
    this.stepMs = stepMs;
  }

  Expr rewrite(Expr e) {
    return switch (e) {
      case Expr.NumberLiteral n -> n;
      case Expr.StringLiteral s -> s;
      case Expr.VectorSelector vs -> selector(vs);
      case Expr.MatrixSelector ms -> {
        long range = ms.rangeExpr() == null ? ms.range() : duration(ms.rangeExpr(), false);
        yield new Expr.MatrixSelector(selector(ms.selector()), range, ms.rangeExpr(), ms.pos());
      }
      case Expr.SubqueryExpr sq -> {
        long range = sq.rangeExpr() == null ? sq.range() : duration(sq.rangeExpr(), false);
        long step = sq.stepExpr() == null ? sq.step() : duration(sq.stepExpr(), false);
        long offset = sq.offsetExpr() == null ? sq.offset() : duration(sq.offsetExpr(), true);
        yield new Expr.SubqueryExpr(rewrite(sq.expr()), range, sq.rangeExpr(), step,
            sq.stepExpr(), offset, sq.offsetExpr(), at(sq.at()), sq.pos());
      }
      case Expr.Call c -> {
        List<Expr> args = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) {
          args.add(rewrite(a));
        }
        yield new Expr.Call(c.func(), args, c.pos());
      }
      case Expr.AggregateExpr a -> new Expr.AggregateExpr(a.op(), rewrite(a.expr()),
          a.param() == null ? null : rewrite(a.param()), a.grouping(), a.without(), a.pos());
      case Expr.BinaryExpr b -> new Expr.BinaryExpr(b.op(), rewrite(b.lhs()), rewrite(b.rhs()),
          b.matching(), b.returnBool(), b.pos());
      case Expr.UnaryExpr u -> new Expr.UnaryExpr(u.negate(), rewrite(u.expr()), u.pos());
      case Expr.ParenExpr p -> new Expr.ParenExpr(rewrite(p.expr()), p.pos());
    };
  }

  private Expr.VectorSelector selector(Expr.VectorSelector vs) {
    long offset = vs.offsetExpr() == null ? vs.offset() : duration(vs.offsetExpr(), true);
    return new Expr.VectorSelector(vs.name(), vs.matchers(), offset, vs.offsetExpr(), at(vs.at()),
        vs.anchored(), vs.smoothed(), vs.pos());
  }

  private At at(At at) {
    if (at == null) {
      return null;
    }
    return switch (at.kind()) {
      case TIMESTAMP -> at;
      case START -> At.at(start);
      case END -> At.at(end);
    };
  }

  /** Milliseconds of a duration expression, truncated as Prometheus converts seconds. */
  private long duration(DurationExpr d, boolean allowNegative) {
    double seconds = seconds(d);
    if (seconds <= 0 && !allowNegative) {
      throw new PromqlException(ErrorType.BAD_DATA,
          d.pos().start() + ":" + d.pos().end() + ": duration must be greater than 0");
    }
    double ms = seconds * 1000;
    if (Double.isNaN(ms) || ms > Long.MAX_VALUE / 1_000_000.0 || ms < Long.MIN_VALUE / 1_000_000.0) {
      throw new PromqlException(ErrorType.BAD_DATA,
          d.pos().start() + ":" + d.pos().end() + ": duration is out of range");
    }
    return (long) ms;
  }

  private double seconds(DurationExpr d) {
    return switch (d.kind()) {
      case LITERAL -> d.seconds();
      case STEP -> stepMs / 1000.0;
      case RANGE -> (end - start) / 1000.0;
      case ADD -> seconds(d.lhs()) + seconds(d.rhs());
      case SUB -> seconds(d.lhs()) - seconds(d.rhs());
      case MUL -> seconds(d.lhs()) * seconds(d.rhs());
      case DIV -> {
        double r = seconds(d.rhs());
        if (r == 0) {
          throw new PromqlException(ErrorType.BAD_DATA,
              d.pos().start() + ":" + d.pos().end() + ": division by zero");
        }
        yield seconds(d.lhs()) / r;
      }
      case MOD -> {
        double r = seconds(d.rhs());
        if (r == 0) {
          throw new PromqlException(ErrorType.BAD_DATA,
              d.pos().start() + ":" + d.pos().end() + ": modulo by zero");
        }
        // Go's math.Mod keeps the dividend's sign, as Java's % does.
        yield seconds(d.lhs()) % r;
      }
      case POW -> Math.pow(seconds(d.lhs()), seconds(d.rhs()));
      case NEGATE -> -seconds(d.lhs() != null ? d.lhs() : d.rhs());
      case PLUS -> seconds(d.lhs() != null ? d.lhs() : d.rhs());
      case MIN_OF -> Math.min(seconds(d.lhs()), seconds(d.rhs()));
      case MAX_OF -> Math.max(seconds(d.lhs()), seconds(d.rhs()));
    };
  }
}
