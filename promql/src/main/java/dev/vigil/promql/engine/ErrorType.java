package dev.vigil.promql.engine;

/** Error classes of the query API, with the {@code errorType} strings and statuses Prometheus uses. */
public enum ErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  TIMEOUT("timeout", 503),
  CANCELED("canceled", 503),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 503);

  private final String apiName;
  private final int httpStatus;

  ErrorType(String apiName, int httpStatus) {
    this.apiName = apiName;
    this.httpStatus = httpStatus;
  }

  public String apiName() {
    return apiName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
