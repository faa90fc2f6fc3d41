package dev.vigil.rules.eval;

/** An alert's state, ordered by severity; {@link #apiName()} is Prometheus's spelling. */
public enum AlertState {
  INACTIVE,
  PENDING,
  FIRING;

  public String apiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
