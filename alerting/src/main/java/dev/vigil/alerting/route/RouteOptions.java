package dev.vigil.alerting.route;

import java.util.List;
import java.util.Set;

/**
 * The effective options of a route after inheritance: a child takes its parent's receiver,
 * grouping and timers unless it sets its own. Time intervals are never inherited (as in
 * Alertmanager). {@code groupBy} is sorted; {@code groupByAll} means group by every label.
 */
public record RouteOptions(
    String receiver,
    Set<String> groupBy,
    boolean groupByAll,
    long groupWaitMs,
    long groupIntervalMs,
    long repeatIntervalMs,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals) {

  /** Alertmanager's root defaults: group_wait 30s, group_interval 5m, repeat_interval 4h. */
  public static final RouteOptions DEFAULTS =
      new RouteOptions("", Set.of(), false, 30_000, 300_000, 4 * 3_600_000, List.of(), List.of());

  public RouteOptions {
    groupBy = Set.copyOf(groupBy);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
  }
}
