package dev.vigil.alerting.history;

import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One delivery attempt of a notification: receiver, integration (type and index), group key,
 * the firing and resolved alerts it carried (by label set), and the error ({@code ""} on
 * success). Immutable.
 */
public record NotificationSent(Instant time, String receiver, String integration, int index,
    String groupKey, List<Labels> firing, List<Labels> resolved, String error)
    implements HistoryEvent {

  public NotificationSent {
    Objects.requireNonNull(time, "time");
    receiver = Objects.requireNonNullElse(receiver, "");
    integration = Objects.requireNonNullElse(integration, "");
    groupKey = Objects.requireNonNullElse(groupKey, "");
    firing = List.copyOf(firing);
    resolved = List.copyOf(resolved);
    error = Objects.requireNonNullElse(error, "");
  }

  public boolean success() {
    return error.isEmpty();
  }

  /** Matches when any alert it carried matches every matcher (or when there are no matchers). */
  @Override
  public boolean matches(List<LabelMatcher> matchers) {
    if (matchers.isEmpty()) {
      return true;
    }
    for (List<Labels> list : List.of(firing, resolved)) {
      for (Labels l : list) {
        if (matchers.stream().allMatch(m -> m.matches(l))) {
          return true;
        }
      }
    }
    return false;
  }
}
