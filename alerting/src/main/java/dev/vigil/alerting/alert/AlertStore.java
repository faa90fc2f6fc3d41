package dev.vigil.alerting.alert;

import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory alert provider: one alert per fingerprint, merged with the stored copy when
 * their activity ranges overlap (as Alertmanager's {@code mem} provider does), every stored alert
 * handed to the listeners (dispatcher, inhibitor) in arrival order, and resolved alerts dropped
 * by {@link #gc}. Thread-safe: {@link #put} is serialized so listeners see updates in order.
 */
public final class AlertStore {
  private final ConcurrentHashMap<Long, Alert> alerts = new ConcurrentHashMap<>();
  private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Consumer<Alert> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<Alert> listener) {
    listeners.remove(listener);
  }

  /**
   * Applies Alertmanager's API defaults to a received alert: updatedAt = now; a missing start is
   * the end (or now); a missing end becomes now + resolveTimeout with the timeout flag. Then
   * validates it. @throws AlertValidationException with Alertmanager's message
   */
  public static Alert normalize(Alert a, Instant now, long resolveTimeoutMs) {
    Instant start = a.startsAt();
    Instant end = a.endsAt();
    boolean timeout = false;
    if (start == null) {
      start = end != null ? end : now;
    }
    if (end == null) {
      timeout = true;
      end = now.plusMillis(resolveTimeoutMs);
    }
    Alert n = new Alert(a.labels(), a.annotations(), start, end, a.generatorUrl(), now, timeout);
    validate(n);
    return n;
  }

  private static void validate(Alert a) {
    if (a.endsAt().isBefore(a.startsAt())) {
      throw new AlertValidationException("start time must be before end time");
    }
    Labels l = a.labels();
    for (int i = 0; i < l.size(); i++) {
      if (!LabelSets.isValidLabelName(l.name(i))) {
        throw new AlertValidationException("invalid label set: invalid name \"" + l.name(i) + "\"");
      }
    }
    if (l.isEmpty()) {
      throw new AlertValidationException("at least one label pair required");
    }
    for (String k : a.annotations().keySet()) {
      if (!LabelSets.isValidLabelName(k)) {
        throw new AlertValidationException("invalid annotations: invalid name \"" + k + "\"");
      }
    }
  }

  /** Stores normalized alerts, merging with stored copies, and notifies the listeners. */
  public synchronized void put(List<Alert> batch, Instant now) {
    for (Alert a : batch) {
      long fp = a.fingerprint();
      Alert old = alerts.get(fp);
      if (old != null && overlaps(old, a)) {
        a = old.merge(a, now);
      }
      alerts.put(fp, a);
      for (Consumer<Alert> l : listeners) {
        l.accept(a);
      }
    }
  }

  private static boolean overlaps(Alert old, Alert a) {
    Instant oldEnd = old.endsAt();
    boolean endInside = a.endsAt() != null && a.endsAt().isAfter(old.startsAt())
        && (oldEnd == null || a.endsAt().isBefore(oldEnd));
    boolean startInside = a.startsAt().isAfter(old.startsAt())
        && (oldEnd == null || a.startsAt().isBefore(oldEnd));
    return endInside || startInside;
  }

  public Alert get(long fingerprint) {
    return alerts.get(fingerprint);
  }

  public List<Alert> list() {
    return new ArrayList<>(alerts.values());
  }

  public int size() {
    return alerts.size();
  }

  /** Removes alerts resolved at {@code now}; returns them. */
  public synchronized List<Alert> gc(Instant now) {
    List<Alert> removed = new ArrayList<>();
    alerts.values().removeIf(a -> {
      if (a.resolvedAt(now)) {
        removed.add(a);
        return true;
      }
      return false;
    });
    return removed;
  }
}
