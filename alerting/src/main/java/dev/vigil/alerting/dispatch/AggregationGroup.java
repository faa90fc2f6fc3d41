package dev.vigil.alerting.dispatch;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.alert.AlertOrder;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.notify.GroupFlush;
import dev.vigil.alerting.notify.NotificationPipeline;
import dev.vigil.alerting.route.Route;
import dev.vigil.alerting.route.RouteOptions;
import dev.vigil.alerting.schedule.Scheduler;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts of one route that share the route's group-by label values, flushed together on
 * Alertmanager's timers. The first flush comes group_wait after the group is created, or at once
 * when an alert arrives whose start is already more than group_wait ago (and nothing was flushed
 * yet); each flush re-arms the timer for group_interval. A flush sends every alert of the group,
 * firing ones with their end cleared, and after a successful pipeline run forgets the resolved
 * alerts that did not change meanwhile.
 *
 * <p>Concurrency: alert state is guarded by the monitor; flushes of one group are serialized by
 * {@code flushLock} and run without the monitor, so inserts never wait for a slow receiver.
 */
final class AggregationGroup {
  private static final Logger LOG = LoggerFactory.getLogger(AggregationGroup.class);

  final Labels labels;
  final Route route;
  final String groupKey;
  private final NotificationPipeline pipeline;
  private final Scheduler scheduler;
  private final ReentrantLock flushLock = new ReentrantLock();
  private final Map<Long, Alert> alerts = new LinkedHashMap<>();
  private boolean hasFlushed;
  private boolean flushNow;
  private boolean started;
  private boolean stopped;
  private Scheduler.Cancellable timer;
  /** When the pending tick is due; ticks are re-armed from it, not from when they ran. */
  private Instant due;

  AggregationGroup(Labels labels, Route route, NotificationPipeline pipeline, Scheduler scheduler) {
    this.labels = labels;
    this.route = route;
    this.groupKey = route.key() + ":" + LabelSets.format(labels);
    this.pipeline = pipeline;
    this.scheduler = scheduler;
  }

  synchronized void start() {
    started = true;
    arm(flushNow ? 0 : route.options().groupWaitMs());
  }

  synchronized void insert(Alert a) {
    alerts.put(a.fingerprint(), a);
    if (!hasFlushed && a.startsAt().plusMillis(route.options().groupWaitMs()).isBefore(scheduler.now())) {
      if (!started) {
        flushNow = true;
      } else if (!stopped) {
        timer.cancel();
        arm(0);
      }
    }
  }

  synchronized boolean isEmpty() {
    return alerts.isEmpty();
  }

  synchronized void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel();
    }
  }

  synchronized List<Alert> alerts() {
    return new ArrayList<>(alerts.values());
  }

  private void arm(long delayMs) {
    due = scheduler.now().plusMillis(delayMs);
    timer = scheduler.schedule(this::tick, delayMs);
  }

  private void tick() {
    Instant now = scheduler.now();
    RouteOptions o = route.options();
    synchronized (this) {
      if (stopped) {
        return;
      }
      // Go's timers fire on time; a virtual thread may start late, so the next tick is measured
      // from when this one was due to keep the group_interval rhythm from drifting.
      Instant base = due == null || due.isAfter(now) ? now : due;
      Instant next = base.plusMillis(o.groupIntervalMs());
      due = next;
      timer = scheduler.schedule(this::tick, Math.max(0, next.toEpochMilli() - now.toEpochMilli()));
      hasFlushed = true;
    }
    GroupFlush flush = new GroupFlush(groupKey, labels, o.receiver(), route.id(), o.repeatIntervalMs(),
        o.groupIntervalMs(), o.muteTimeIntervals(), o.activeTimeIntervals(), now);
    flushLock.lock();
    try {
      flush(flush);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("flush of group {} failed", groupKey, e);
    } finally {
      flushLock.unlock();
    }
  }

  private void flush(GroupFlush flush) throws InterruptedException {
    List<Alert> batch = new ArrayList<>();
    List<Alert> resolved = new ArrayList<>();
    Instant now = scheduler.now();
    synchronized (this) {
      if (alerts.isEmpty()) {
        return;
      }
      for (Alert a : alerts.values()) {
        if (a.resolvedAt(now)) {
          resolved.add(a);
          batch.add(a);
        } else {
          // Firing alerts must not turn resolved while the notification travels.
          batch.add(a.withEndsAt(null));
        }
      }
    }
    batch.sort(AlertOrder.NOTIFICATION);
    if (pipeline.exec(flush, batch)) {
      synchronized (this) {
        for (Alert r : resolved) {
          Alert cur = alerts.get(r.fingerprint());
          if (cur != null && cur.updatedAt().equals(r.updatedAt())) {
            alerts.remove(r.fingerprint());
          }
        }
      }
    }
  }
}
