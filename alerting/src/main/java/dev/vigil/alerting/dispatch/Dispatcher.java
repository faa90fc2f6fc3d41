package dev.vigil.alerting.dispatch;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.notify.NotificationPipeline;
import dev.vigil.alerting.route.Route;
import dev.vigil.alerting.schedule.Scheduler;
import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts alerts into aggregation groups: each alert goes to every route it matches and, there, to
 * the group of its group-by label values, created on first use. Empty groups are removed by a
 * maintenance pass every {@code maintenanceMs} (30s in Alertmanager), so an alert arriving in a
 * group that emptied recently joins it on the group_interval rhythm rather than waiting
 * group_wait. Thread-safe.
 */
public final class Dispatcher {
  private final Route root;
  private final NotificationPipeline pipeline;
  private final Scheduler scheduler;
  private final long maintenanceMs;
  private final Map<Route, Map<Labels, AggregationGroup>> groups = new LinkedHashMap<>();
  private Scheduler.Cancellable maintenance;
  private boolean running;

  public Dispatcher(Route root, NotificationPipeline pipeline, Scheduler scheduler, long maintenanceMs) {
    this.root = root;
    this.pipeline = pipeline;
    this.scheduler = scheduler;
    this.maintenanceMs = maintenanceMs;
  }

  /** Starts the maintenance timer; alerts may be processed from then on. */
  public synchronized void start() {
    running = true;
    maintenance = scheduler.schedule(this::maintain, maintenanceMs);
  }

  /** Stops every group's timer; in-flight flushes finish on their own. */
  public synchronized void stop() {
    running = false;
    if (maintenance != null) {
      maintenance.cancel();
    }
    for (Map<Labels, AggregationGroup> m : groups.values()) {
      m.values().forEach(AggregationGroup::stop);
    }
    groups.clear();
  }

  /** Routes an alert (as stored, after merging) into its groups. */
  public void process(Alert a) {
    for (Route r : root.match(a.labels())) {
      insert(a, r);
    }
  }

  private synchronized void insert(Alert a, Route r) {
    if (!running) {
      return;
    }
    Labels gl = r.groupLabels(a.labels());
    Map<Labels, AggregationGroup> m = groups.computeIfAbsent(r, k -> new LinkedHashMap<>());
    AggregationGroup g = m.get(gl);
    if (g != null) {
      g.insert(a);
      return;
    }
    g = new AggregationGroup(gl, r, pipeline, scheduler);
    m.put(gl, g);
    g.insert(a);
    g.start();
  }

  private void maintain() {
    synchronized (this) {
      if (!running) {
        return;
      }
      for (Map<Labels, AggregationGroup> m : groups.values()) {
        m.values().removeIf(g -> {
          if (g.isEmpty()) {
            g.stop();
            return true;
          }
          return false;
        });
      }
      maintenance = scheduler.schedule(this::maintain, maintenanceMs);
    }
  }

  /** The current groups with their alerts, sorted by group labels then receiver. */
  public List<AlertGroupInfo> groups() {
    List<AlertGroupInfo> out = new ArrayList<>();
    synchronized (this) {
      for (Map<Labels, AggregationGroup> m : groups.values()) {
        for (AggregationGroup g : m.values()) {
          List<Alert> as = g.alerts();
          if (!as.isEmpty()) {
            out.add(new AlertGroupInfo(g.labels, g.route.options().receiver(), g.groupKey, g.route.id(), as));
          }
        }
      }
    }
    out.sort(Comparator.<AlertGroupInfo, Labels>comparing(AlertGroupInfo::labels,
            (a, b) -> a.equals(b) ? 0 : dev.vigil.alerting.alert.AlertOrder.before(a, b) ? -1 : 1)
        .thenComparing(AlertGroupInfo::receiver));
    return out;
  }
}
