package dev.vigil.rules.eval;

/** A rule's health after its last evaluation; {@link #apiName()} is Prometheus's spelling. */
public enum RuleHealth {
  UNKNOWN("unknown"),
  OK("ok"),
  ERR("err");

  private final String apiName;

  RuleHealth(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }
}
