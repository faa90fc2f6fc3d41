package dev.vigil.promql.ast;

/** The type an expression evaluates to, named as in Prometheus's API ("vector" = instant vector). */
public enum ValueKind {
  SCALAR("scalar"),
  STRING("string"),
  VECTOR("vector"),
  MATRIX("matrix");

  private final String apiName;

  ValueKind(String apiName) {
    this.apiName = apiName;
  }

  /** The name used in the HTTP API's {@code resultType} and in error messages. */
  public String apiName() {
    return apiName;
  }
}
