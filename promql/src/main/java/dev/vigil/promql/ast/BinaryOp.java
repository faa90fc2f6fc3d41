package dev.vigil.promql.ast;

/** Binary operators with their PromQL spelling and precedence (higher binds tighter). */
public enum BinaryOp {
  OR("or", 1), AND("and", 2), UNLESS("unless", 2),
  EQL("==", 3), NEQ("!=", 3), LTE("<=", 3), LSS("<", 3), GTE(">=", 3), GTR(">", 3),
  ADD("+", 4), SUB("-", 4),
  MUL("*", 5), DIV("/", 5), MOD("%", 5), ATAN2("atan2", 5),
  POW("^", 6);

  private final String text;
  private final int precedence;

  BinaryOp(String text, int precedence) {
    this.text = text;
    this.precedence = precedence;
  }

  public String text() {
    return text;
  }

  public int precedence() {
    return precedence;
  }

  /** {@code ^} is the only right-associative operator. */
  public boolean rightAssociative() {
    return this == POW;
  }

  public boolean isComparison() {
    return precedence == 3;
  }

  /** {@code and}, {@code or}, {@code unless}: many-to-many by definition. */
  public boolean isSetOperator() {
    return this == OR || this == AND || this == UNLESS;
  }
}
