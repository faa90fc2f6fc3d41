package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import java.util.Objects;

/**
 * A snapshot of one alert of an alerting rule. Times are milliseconds since the epoch; 0 means
 * "not set" (Go's zero time).
 *
 * @param labels the alert's labels (including {@code alertname})
 * @param annotations expanded annotations
 * @param state pending, firing, or inactive (resolved and kept for re-sending)
 * @param value the sample value of the last evaluation that produced it
 * @param activeAt when it became pending
 * @param firedAt when it started firing
 * @param resolvedAt when it was resolved
 * @param lastSentAt when it was last sent to notifiers
 * @param validUntil the end time sent with a firing alert
 * @param keepFiringSince when {@code keep_firing_for} started holding it
 */
public record Alert(
    Labels labels,
    Labels annotations,
    AlertState state,
    double value,
    long activeAt,
    long firedAt,
    long resolvedAt,
    long lastSentAt,
    long validUntil,
    long keepFiringSince) {
  public Alert {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(state, "state");
  }
}
