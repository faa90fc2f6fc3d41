package dev.vigil.alerting.nflog;

import java.time.Instant;
import java.util.Set;

/**
 * The last notification sent for one aggregation group to one integration: when, and which
 * alerts (by label hash) were firing and resolved in it. Kept until {@code expiresAt}. Immutable.
 */
public record NflogEntry(
    String groupKey,
    ReceiverKey receiver,
    Instant timestamp,
    Set<Long> firingAlerts,
    Set<Long> resolvedAlerts,
    Instant expiresAt) {

  public NflogEntry {
    firingAlerts = Set.copyOf(firingAlerts);
    resolvedAlerts = Set.copyOf(resolvedAlerts);
  }

  /** Whether every alert in {@code firing} was firing in this notification. */
  public boolean isFiringSubset(Set<Long> firing) {
    return firingAlerts.containsAll(firing);
  }

  /** Whether every alert in {@code resolved} was resolved in this notification. */
  public boolean isResolvedSubset(Set<Long> resolved) {
    return resolvedAlerts.containsAll(resolved);
  }
}
