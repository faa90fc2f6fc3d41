package dev.vigil.alerting.matcher;

/** The four matcher operators, in Alertmanager's order (which also orders matchers). */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEXP("=~"),
  NOT_REGEXP("!~");

  private final String op;

  MatchType(String op) {
    this.op = op;
  }

  public String op() {
    return op;
  }

  public boolean isRegex() {
    return this == REGEXP || this == NOT_REGEXP;
  }

  public boolean isNegative() {
    return this == NOT_EQUAL || this == NOT_REGEXP;
  }

  /** @throws IllegalArgumentException for an unknown operator */
  public static MatchType ofOp(String op) {
    for (MatchType t : values()) {
      if (t.op.equals(op)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown match operator \"" + op + "\"");
  }
}
