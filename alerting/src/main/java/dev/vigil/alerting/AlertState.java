package dev.vigil.alerting;

import java.util.List;

/**
 * Whether an alert is suppressed and why, as the v2 API reports it: state "active" or
 * "suppressed", the silences muting it and the alerts inhibiting it (by fingerprint).
 */
public record AlertState(String state, List<String> silencedBy, List<String> inhibitedBy) {
  public AlertState {
    silencedBy = List.copyOf(silencedBy);
    inhibitedBy = List.copyOf(inhibitedBy);
  }
}
