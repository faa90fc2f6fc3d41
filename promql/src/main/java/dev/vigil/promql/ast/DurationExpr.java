package dev.vigil.promql.ast;

/**
 * A duration in the experimental duration-expression syntax ({@code [26m+4m]}, {@code offset
 * -step()*2}, {@code min_of(range(), 8s)}). Values are seconds, as PromQL treats bare numbers in
 * durations. {@code text} is the literal as written (for {@link Kind#LITERAL}), so the printer can
 * reproduce it; a sign folded into a literal ({@code -5m}) is part of the text and the value.
 *
 * <p>Operands: binary kinds ({@code ADD..POW}, {@code MIN_OF}, {@code MAX_OF}) use {@code lhs} and
 * {@code rhs}; the unary kinds {@code NEGATE} and {@code PLUS} keep their operand in {@code lhs};
 * {@code LITERAL}, {@code STEP} and {@code RANGE} have none. {@code paren} is true when the
 * expression was written in parentheses.
 */
public record DurationExpr(
    Kind kind, double seconds, String text, DurationExpr lhs, DurationExpr rhs, boolean paren,
    PosRange pos) {
  public enum Kind {
    LITERAL, ADD, SUB, MUL, DIV, MOD, POW, NEGATE, PLUS, STEP, RANGE, MIN_OF, MAX_OF
  }

  /** Whether the value is known without a query ({@code step()} and {@code range()} absent). */
  public boolean isConstant() {
    return switch (kind) {
      case LITERAL -> true;
      case STEP, RANGE -> false;
      case NEGATE, PLUS -> lhs.isConstant();
      default -> lhs.isConstant() && rhs.isConstant();
    };
  }

  /**
   * The value in seconds for a query with the given step and range ({@code end - start}, 0 for an
   * instant query), both in milliseconds.
   *
   * @throws IllegalArgumentException on division or modulo by zero
   */
  public double resolve(long stepMs, long rangeMs) {
    return switch (kind) {
      case LITERAL -> seconds;
      case STEP -> stepMs / 1000.0;
      case RANGE -> rangeMs / 1000.0;
      case NEGATE -> -lhs.resolve(stepMs, rangeMs);
      case PLUS -> lhs.resolve(stepMs, rangeMs);
      case ADD -> lhs.resolve(stepMs, rangeMs) + rhs.resolve(stepMs, rangeMs);
      case SUB -> lhs.resolve(stepMs, rangeMs) - rhs.resolve(stepMs, rangeMs);
      case MUL -> lhs.resolve(stepMs, rangeMs) * rhs.resolve(stepMs, rangeMs);
      case DIV -> {
        double r = rhs.resolve(stepMs, rangeMs);
        if (r == 0) {
          throw new IllegalArgumentException("division by zero");
        }
        yield lhs.resolve(stepMs, rangeMs) / r;
      }
      case MOD -> {
        double r = rhs.resolve(stepMs, rangeMs);
        if (r == 0) {
          throw new IllegalArgumentException("modulo by zero");
        }
        yield lhs.resolve(stepMs, rangeMs) % r;
      }
      case POW -> Math.pow(lhs.resolve(stepMs, rangeMs), rhs.resolve(stepMs, rangeMs));
      case MIN_OF -> Math.min(lhs.resolve(stepMs, rangeMs), rhs.resolve(stepMs, rangeMs));
      case MAX_OF -> Math.max(lhs.resolve(stepMs, rangeMs), rhs.resolve(stepMs, rangeMs));
    };
  }

  /** {@link #resolve} as whole milliseconds, truncated toward zero as Prometheus converts. */
  public long resolveMillis(long stepMs, long rangeMs) {
    return (long) (resolve(stepMs, rangeMs) * 1000);
  }
}
