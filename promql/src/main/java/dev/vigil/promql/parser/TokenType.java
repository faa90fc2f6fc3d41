package dev.vigil.promql.parser;

/** Token kinds of the PromQL lexer, grouped as Prometheus groups them for error messages. */
enum TokenType {
  EOF(Group.OTHER), ERROR(Group.OTHER), IDENTIFIER(Group.OTHER), METRIC_IDENTIFIER(Group.OTHER),
  NUMBER(Group.OTHER), DURATION(Group.OTHER), STRING(Group.OTHER),
  LEFT_PAREN(Group.PUNCT), RIGHT_PAREN(Group.PUNCT), LEFT_BRACE(Group.PUNCT),
  RIGHT_BRACE(Group.PUNCT), LEFT_BRACKET(Group.PUNCT), RIGHT_BRACKET(Group.PUNCT),
  COMMA(Group.PUNCT), EQL(Group.PUNCT), COLON(Group.PUNCT),
  ADD(Group.OPERATOR), SUB(Group.OPERATOR), MUL(Group.OPERATOR), DIV(Group.OPERATOR),
  MOD(Group.OPERATOR), POW(Group.OPERATOR), EQLC(Group.OPERATOR), NEQ(Group.OPERATOR),
  LTE(Group.OPERATOR), LSS(Group.OPERATOR), GTE(Group.OPERATOR), GTR(Group.OPERATOR),
  EQL_REGEX(Group.OPERATOR), NEQ_REGEX(Group.OPERATOR), LAND(Group.OPERATOR),
  LOR(Group.OPERATOR), LUNLESS(Group.OPERATOR), ATAN2(Group.OPERATOR), AT(Group.OPERATOR),
  AVG(Group.AGGREGATOR), BOTTOMK(Group.AGGREGATOR), COUNT(Group.AGGREGATOR),
  COUNT_VALUES(Group.AGGREGATOR), GROUP(Group.AGGREGATOR), MAX(Group.AGGREGATOR),
  MIN(Group.AGGREGATOR), QUANTILE(Group.AGGREGATOR), STDDEV(Group.AGGREGATOR),
  STDVAR(Group.AGGREGATOR), SUM(Group.AGGREGATOR), TOPK(Group.AGGREGATOR),
  LIMITK(Group.AGGREGATOR), LIMIT_RATIO(Group.AGGREGATOR),
  BOOL(Group.KEYWORD), BY(Group.KEYWORD), GROUP_LEFT(Group.KEYWORD), GROUP_RIGHT(Group.KEYWORD),
  IGNORING(Group.KEYWORD), OFFSET(Group.KEYWORD), ON(Group.KEYWORD), WITHOUT(Group.KEYWORD),
  FILL(Group.KEYWORD), FILL_LEFT(Group.KEYWORD), FILL_RIGHT(Group.KEYWORD),
  ANCHORED(Group.KEYWORD), SMOOTHED(Group.KEYWORD),
  START(Group.PREPROCESSOR), END(Group.PREPROCESSOR), STEP(Group.PREPROCESSOR),
  RANGE(Group.PREPROCESSOR), MIN_OF(Group.PREPROCESSOR), MAX_OF(Group.PREPROCESSOR);

  enum Group {
    OTHER, PUNCT, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR
  }

  final Group group;

  TokenType(Group group) {
    this.group = group;
  }

  boolean isAggregator() {
    return group == Group.AGGREGATOR;
  }

  /** Tokens that may also name a metric (Prometheus's {@code metric_identifier}). */
  boolean isMetricIdentifier() {
    return switch (this) {
      case IDENTIFIER, METRIC_IDENTIFIER, BY, WITHOUT, OFFSET, LAND, LOR, LUNLESS, START, END,
          STEP, RANGE, MIN_OF, MAX_OF, ANCHORED, SMOOTHED, FILL, FILL_LEFT, FILL_RIGHT -> true;
      default -> isAggregator();
    };
  }

  /** Tokens that may name a label in a grouping list (Prometheus's {@code maybe_label}). */
  boolean isMaybeLabel() {
    return switch (this) {
      case IDENTIFIER, METRIC_IDENTIFIER, BOOL, GROUP_LEFT, GROUP_RIGHT, IGNORING, ON, ATAN2 ->
          true;
      default -> isMetricIdentifier();
    };
  }
}
