package dev.vigil.alerting.silence;

import java.util.Locale;

/** Where a silence stands at a given time: not yet started, in force, or over. */
public enum SilenceState {
  PENDING,
  ACTIVE,
  EXPIRED;

  /** The API's spelling: "pending", "active", "expired". */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
