package dev.vigil.alerting.history;

import dev.vigil.alerting.matcher.LabelMatcher;
import java.time.Instant;
import java.util.List;

/** One entry of the alert history: an alert's state change or a notification attempt. */
public sealed interface HistoryEvent permits AlertChange, NotificationSent {
  /** When it happened. */
  Instant time();

  /** Whether the event concerns an alert whose labels match every matcher. */
  boolean matches(List<LabelMatcher> matchers);
}
