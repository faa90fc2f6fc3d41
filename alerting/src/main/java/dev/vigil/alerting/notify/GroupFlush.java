package dev.vigil.alerting.notify;

import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * The context of one flush of an aggregation group through the pipeline: which group, which
 * receiver, the route's timers and time intervals, and {@code now}, the timer tick that every
 * stage judges time by. Immutable.
 */
public record GroupFlush(
    String groupKey,
    Labels groupLabels,
    String receiver,
    String routeId,
    long repeatIntervalMs,
    long groupIntervalMs,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    Instant now) {

  public GroupFlush {
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
  }
}
