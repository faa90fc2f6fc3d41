package dev.vigil.alerting.notify;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.inhibit.Inhibitor;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.nflog.NflogEntry;
import dev.vigil.alerting.nflog.NotificationLog;
import dev.vigil.alerting.nflog.ReceiverKey;
import dev.vigil.alerting.schedule.Scheduler;
import dev.vigil.alerting.silence.Silences;
import dev.vigil.alerting.timeinterval.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's notification pipeline for one flush: drop inhibited alerts, drop everything
 * outside the route's active time intervals or inside its mute intervals, drop silenced alerts;
 * then for each integration of the receiver: wait (the cluster peer position, 0 on one node),
 * dedup against the notification log, send with retries and exponential backoff until the
 * flush's deadline (max(group_interval, 10s) + wait), and record the notification. A flush
 * "succeeds" when no integration failed; only then does the group forget its resolved alerts.
 * A receiver's integrations run concurrently ({@link Scheduler#runAll}). Thread-safe (stateless
 * apart from the stores it is given).
 */
public final class NotificationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationPipeline.class);
  private static final long MIN_TIMEOUT_MS = 10_000;

  private final Map<String, List<Integration>> receivers;
  private final Inhibitor inhibitor;
  private final Silences silences;
  private final Map<String, List<TimeInterval>> intervals;
  private final NotificationLog nflog;
  private final Scheduler scheduler;
  private final LongSupplier waitMs;
  private final RandomGenerator random;

  public NotificationPipeline(Map<String, List<Integration>> receivers, Inhibitor inhibitor,
      Silences silences, Map<String, List<TimeInterval>> intervals, NotificationLog nflog,
      Scheduler scheduler, LongSupplier waitMs, RandomGenerator random) {
    this.receivers = Map.copyOf(receivers);
    this.inhibitor = inhibitor;
    this.silences = silences;
    this.intervals = Map.copyOf(intervals);
    this.nflog = nflog;
    this.scheduler = scheduler;
    this.waitMs = waitMs;
    this.random = random;
  }

  /** Runs one flush; returns whether it succeeded. */
  public boolean exec(GroupFlush flush, List<Alert> alerts) throws InterruptedException {
    Instant now = flush.now();
    List<Alert> kept = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      if (!inhibitor.mutes(a.labels(), scheduler.now())) {
        kept.add(a);
      }
    }
    if (kept.isEmpty()) {
      return true;
    }
    if (!flush.activeTimeIntervals().isEmpty() && !inAny(flush.activeTimeIntervals(), now)) {
      return true;
    }
    if (inAny(flush.muteTimeIntervals(), now)) {
      return true;
    }
    List<Alert> unsilenced = new ArrayList<>(kept.size());
    for (Alert a : kept) {
      if (silences.mutedBy(a.labels(), scheduler.now()).isEmpty()) {
        unsilenced.add(a);
      }
    }
    if (unsilenced.isEmpty()) {
      return true;
    }
    List<java.util.concurrent.Callable<Boolean>> fanout = new ArrayList<>();
    for (Integration integration : receivers.getOrDefault(flush.receiver(), List.of())) {
      fanout.add(() -> deliver(flush, integration, unsilenced));
    }
    boolean ok = true;
    for (boolean delivered : scheduler.runAll(fanout)) {
      ok &= delivered;
    }
    return ok;
  }

  private boolean inAny(List<String> names, Instant now) {
    for (String n : names) {
      List<TimeInterval> tis = intervals.get(n);
      if (tis != null && TimeInterval.anyContains(tis, now)) {
        return true;
      }
    }
    return false;
  }

  private boolean deliver(GroupFlush flush, Integration integration, List<Alert> alerts)
      throws InterruptedException {
    long wait = waitMs.getAsLong();
    if (wait > 0) {
      scheduler.sleep(wait);
    }
    ReceiverKey key = new ReceiverKey(flush.receiver(), integration.type(), integration.index());
    Instant now = scheduler.now();
    Set<Long> firing = new HashSet<>();
    Set<Long> resolved = new HashSet<>();
    List<Alert> firingAlerts = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.resolvedAt(now)) {
        resolved.add(LabelSets.fingerprint(a.labels()));
      } else {
        firing.add(LabelSets.fingerprint(a.labels()));
        firingAlerts.add(a);
      }
    }
    if (!needsUpdate(nflog.query(flush.groupKey(), key), firing, resolved,
        flush.repeatIntervalMs(), integration.sendResolved(), now)) {
      return true;
    }
    List<Alert> sent = alerts;
    if (!integration.sendResolved()) {
      // Only resolved alerts and nothing to send: still logged so dedup knows they are gone.
      sent = firingAlerts;
    }
    if (!sent.isEmpty()) {
      long deadline = flush.now().toEpochMilli() + Math.max(flush.groupIntervalMs(), MIN_TIMEOUT_MS) + wait;
      if (!retry(flush, integration, sent, deadline)) {
        return false;
      }
    }
    nflog.log(key, flush.groupKey(), firing, resolved);
    return true;
  }

  /**
   * Alertmanager's DedupStage decision: notify the first time only if something fires; notify
   * when an alert fires that the last notification did not show firing; when nothing fires any
   * more, notify only if the last notification showed something firing; with send_resolved,
   * notify when newly resolved alerts appear; otherwise only after the repeat interval.
   */
  static boolean needsUpdate(NflogEntry entry, Set<Long> firing, Set<Long> resolved,
      long repeatMs, boolean sendResolved, Instant now) {
    if (entry == null) {
      return !firing.isEmpty();
    }
    if (!entry.isFiringSubset(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !entry.firingAlerts().isEmpty();
    }
    if (sendResolved && !entry.isResolvedSubset(resolved)) {
      return true;
    }
    return entry.timestamp().isBefore(now.minusMillis(repeatMs));
  }

  private boolean retry(GroupFlush flush, Integration integration, List<Alert> sent, long deadlineMs)
      throws InterruptedException {
    Backoff backoff = new Backoff(random);
    Instant deadline = Instant.ofEpochMilli(deadlineMs);
    Notification n = new Notification(flush.receiver(), flush.groupKey(), flush.groupLabels(), sent, scheduler.now(), deadline);
    for (int attempt = 1; ; attempt++) {
      try {
        integration.notify(n);
        return true;
      } catch (NotifyException e) {
        if (!e.retryable()) {
          LOG.warn("{}/{}[{}]: notify retry canceled due to unrecoverable error after {} attempts: {}",
              flush.receiver(), integration.type(), integration.index(), attempt, e.getMessage());
          return false;
        }
        long pause = backoff.nextMs();
        if (scheduler.now().toEpochMilli() + pause > deadlineMs) {
          LOG.warn("{}/{}[{}]: notify retry canceled after {} attempts: {}",
              flush.receiver(), integration.type(), integration.index(), attempt, e.getMessage());
          return false;
        }
        scheduler.sleep(pause);
        n = new Notification(n.receiver(), n.groupKey(), n.groupLabels(), n.alerts(), scheduler.now(), deadline);
      }
    }
  }
}
