package dev.vigil.promql.ast;

/**
 * A duration in the experimental duration-expression syntax ({@code [26m+4m]}, {@code offset
 * -step()*2}, {@code min_of(range(), 8s)}). Values are seconds, as PromQL treats bare numbers in
 * durations. {@code text} is the literal as written (for {@link Kind#LITERAL}), so the printer can
 * reproduce it.
 */
public record DurationExpr(
    Kind kind, double seconds, String text, DurationExpr lhs, DurationExpr rhs, boolean paren,
    PosRange pos) {
  public enum Kind {
    LITERAL, ADD, SUB, MUL, DIV, MOD, POW, NEGATE, PLUS, STEP, RANGE, MIN_OF, MAX_OF
  }
}
