package dev.vigil.promql.ast;

/** Aggregation operators; {@link #hasParam()} ones take a leading parameter expression. */
public enum AggregateOp {
  SUM("sum", false, false), AVG("avg", false, false), COUNT("count", false, false),
  MIN("min", false, false), MAX("max", false, false), GROUP("group", false, false),
  STDDEV("stddev", false, false), STDVAR("stdvar", false, false),
  TOPK("topk", true, false), BOTTOMK("bottomk", true, false),
  COUNT_VALUES("count_values", true, false), QUANTILE("quantile", true, false),
  LIMITK("limitk", true, true), LIMIT_RATIO("limit_ratio", true, true);

  private final String text;
  private final boolean hasParam;
  private final boolean experimental;

  AggregateOp(String text, boolean hasParam, boolean experimental) {
    this.text = text;
    this.hasParam = hasParam;
    this.experimental = experimental;
  }

  public String text() {
    return text;
  }

  public boolean hasParam() {
    return hasParam;
  }

  /** Parses only with the experimental-functions feature on. */
  public boolean experimental() {
    return experimental;
  }
}
