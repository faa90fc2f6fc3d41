package dev.vigil.alerting.silence;

import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * A silence: alerts matching every matcher are muted while {@code startsAt <= now <= endsAt}.
 * {@code id} is a UUID assigned by {@link Silences#set}; an empty id asks for a new silence.
 * Immutable.
 */
public record Silence(
    String id,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    Instant updatedAt,
    String createdBy,
    String comment) {

  public Silence {
    id = id == null ? "" : id;
    matchers = List.copyOf(matchers);
    createdBy = createdBy == null ? "" : createdBy;
    comment = comment == null ? "" : comment;
  }

  /** A new silence (no id yet) for {@link Silences#set}. */
  public static Silence of(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
    return new Silence("", matchers, startsAt, endsAt, null, createdBy, comment);
  }

  public SilenceState state(Instant now) {
    if (now.isBefore(startsAt)) {
      return SilenceState.PENDING;
    }
    if (now.isAfter(endsAt)) {
      return SilenceState.EXPIRED;
    }
    return SilenceState.ACTIVE;
  }

  public boolean matches(Labels labels) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  Silence with(String newId, Instant start, Instant end, Instant updated) {
    return new Silence(newId, matchers, start, end, updated, createdBy, comment);
  }
}
