package dev.vigil.alerting.config;

import dev.vigil.alerting.matcher.Matchers;
import java.util.List;
import java.util.Map;

/**
 * One node of the {@code route} tree as written: unset options are null and inherited from the
 * parent when the tree is built ({@code dev.vigil.alerting.route.RouteTree}). {@code matchers}
 * already combines the deprecated {@code match}/{@code match_re} maps with {@code matchers}, sorted
 * in Alertmanager's order; {@code groupBy} is null when it names no label (so {@code group_by: []}
 * inherits, as in Alertmanager), {@code groupByAll} is set by
 * {@code '...'}.
 */
public record RouteConfig(
    String receiver,
    List<String> groupBy,
    boolean groupByAll,
    Map<String, String> match,
    Map<String, String> matchRe,
    Matchers matchers,
    boolean continueMatching,
    Long groupWaitMs,
    Long groupIntervalMs,
    Long repeatIntervalMs,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    List<RouteConfig> routes) {

  public RouteConfig {
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
    match = Map.copyOf(match);
    matchRe = Map.copyOf(matchRe);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
    routes = List.copyOf(routes);
  }
}
