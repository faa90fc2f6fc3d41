package dev.vigil.alerting.history;

import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An alert changed state: it started firing (or was first received), resolved, became silenced
 * or inhibited (with the silence ids or inhibiting alert fingerprints in {@code by}), or stopped
 * being so. {@code endsAt} is the alert's end as known at that moment. Immutable.
 */
public record AlertChange(Instant time, Kind kind, Labels labels, Instant startsAt, Instant endsAt,
    List<String> by) implements HistoryEvent {

  /** The kinds of change; {@link #apiName()} is how the API and the file name them. */
  public enum Kind {
    FIRING, RESOLVED, SILENCED, UNSILENCED, INHIBITED, UNINHIBITED;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Kind ofApiName(String s) {
      for (Kind k : values()) {
        if (k.apiName().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown alert change kind \"" + s + "\"");
    }
  }

  public AlertChange {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(labels, "labels");
    by = List.copyOf(by);
  }

  @Override
  public boolean matches(List<LabelMatcher> matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
