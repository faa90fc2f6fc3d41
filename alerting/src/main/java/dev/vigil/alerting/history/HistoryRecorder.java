package dev.vigil.alerting.history;

import dev.vigil.alerting.Alertmanager;
import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.notify.Notification;
import dev.vigil.alerting.notify.NotificationListener;
import dev.vigil.alerting.notify.NotifyException;
import dev.vigil.alerting.schedule.Scheduler;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds the {@link HistoryLog} from an {@link Alertmanager}: notification attempts as they happen
 * (it is the Alertmanager's {@link NotificationListener}), and alert state changes by comparing
 * each alert's state with the one last recorded — on {@link #sweep()}, which the API calls after
 * every received batch and a timer calls every {@code sweepIntervalMs} (so an alert resolving by
 * timeout, or a silence starting or ending, is recorded within one interval).
 *
 * <p>An alert first seen firing records {@code firing}; seen resolved, {@code resolved}.
 * Suppression is followed only while an alert fires. Alerts are not persisted by the
 * Alertmanager, so after a restart re-sent alerts are recorded as firing again. Thread-safe.
 */
public final class HistoryRecorder implements NotificationListener {
  private record Seen(boolean firing, Instant startsAt, List<String> silencedBy, List<String> inhibitedBy) {}

  private final Alertmanager am;
  private final HistoryLog log;
  private final Scheduler scheduler;
  private final long sweepIntervalMs;
  private final long maintenanceIntervalMs;
  private final Map<Long, Seen> seen = new HashMap<>();
  private final List<Scheduler.Cancellable> timers = new ArrayList<>();
  private boolean running;

  public HistoryRecorder(Alertmanager am, HistoryLog log, Scheduler scheduler,
      long sweepIntervalMs, long maintenanceIntervalMs) {
    if (sweepIntervalMs <= 0 || maintenanceIntervalMs <= 0) {
      throw new IllegalArgumentException("sweep interval " + sweepIntervalMs
          + "ms and maintenance interval " + maintenanceIntervalMs + "ms must be positive");
    }
    this.am = am;
    this.log = log;
    this.scheduler = scheduler;
    this.sweepIntervalMs = sweepIntervalMs;
    this.maintenanceIntervalMs = maintenanceIntervalMs;
  }

  public HistoryLog log() {
    return log;
  }

  /** Starts listening to notifications and the sweep and maintenance timers. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    am.setNotificationListener(this);
    timers.add(scheduler.schedule(this::timedSweep, sweepIntervalMs));
    timers.add(scheduler.schedule(this::maintenance, maintenanceIntervalMs));
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    am.setNotificationListener(null);
    timers.forEach(Scheduler.Cancellable::cancel);
    timers.clear();
    log.sync();
  }

  private void timedSweep() {
    synchronized (this) {
      if (!running) {
        return;
      }
      timers.add(scheduler.schedule(this::timedSweep, sweepIntervalMs));
    }
    sweep();
  }

  private void maintenance() {
    synchronized (this) {
      if (!running) {
        return;
      }
      timers.add(scheduler.schedule(this::maintenance, maintenanceIntervalMs));
    }
    log.applyRetention();
    log.sync();
  }

  /** Records every alert whose state differs from the one last recorded. */
  public synchronized void sweep() {
    Instant now = scheduler.now();
    Set<Long> present = new HashSet<>();
    for (Alert a : am.alerts()) {
      long fp = a.fingerprint();
      present.add(fp);
      boolean firing = !a.resolvedAt(now);
      Seen prev = seen.get(fp);
      List<String> silenced = prev == null ? List.of() : prev.silencedBy();
      List<String> inhibited = prev == null ? List.of() : prev.inhibitedBy();
      if (firing) {
        AlertState st = am.state(a);
        silenced = st.silencedBy();
        inhibited = st.inhibitedBy();
      }
      if (prev == null || prev.firing() != firing
          || (firing && !prev.startsAt().equals(a.startsAt()))) {
        record(now, firing ? AlertChange.Kind.FIRING : AlertChange.Kind.RESOLVED, a, List.of());
      }
      List<String> oldSilenced = prev == null || !firing ? List.of() : prev.silencedBy();
      List<String> oldInhibited = prev == null || !firing ? List.of() : prev.inhibitedBy();
      if (firing) {
        suppression(now, a, oldSilenced, silenced, AlertChange.Kind.SILENCED, AlertChange.Kind.UNSILENCED);
        suppression(now, a, oldInhibited, inhibited, AlertChange.Kind.INHIBITED, AlertChange.Kind.UNINHIBITED);
      }
      seen.put(fp, new Seen(firing, a.startsAt(), firing ? silenced : List.of(),
          firing ? inhibited : List.of()));
    }
    seen.keySet().retainAll(present);
  }

  private void suppression(Instant now, Alert a, List<String> before, List<String> after,
      AlertChange.Kind on, AlertChange.Kind off) {
    if (before.equals(after)) {
      return;
    }
    if (after.isEmpty()) {
      record(now, off, a, before);
    } else {
      record(now, on, a, after);
    }
  }

  private void record(Instant now, AlertChange.Kind kind, Alert a, List<String> by) {
    log.append(new AlertChange(now, kind, a.labels(), a.startsAt(), a.endsAt(), by));
  }

  @Override
  public void notified(Notification n, String integration, int index, NotifyException error) {
    List<Labels> firing = new ArrayList<>();
    List<Labels> resolved = new ArrayList<>();
    for (Alert a : n.alerts()) {
      (a.resolvedAt(n.now()) ? resolved : firing).add(a.labels());
    }
    String err = error == null ? "" : error.getMessage() == null ? "failed" : error.getMessage();
    log.append(new NotificationSent(scheduler.now(), n.receiver(), integration, index,
        n.groupKey(), firing, resolved, err));
  }
}
