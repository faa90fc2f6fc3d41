package dev.vigil.alerting;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.alert.AlertStore;
import dev.vigil.alerting.alert.AlertValidationException;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.config.ReceiverConfig;
import dev.vigil.alerting.dispatch.AlertGroupInfo;
import dev.vigil.alerting.dispatch.Dispatcher;
import dev.vigil.alerting.inhibit.Inhibitor;
import dev.vigil.alerting.nflog.NotificationLog;
import dev.vigil.alerting.notify.HttpClients;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.notify.NotificationPipeline;
import dev.vigil.alerting.route.Route;
import dev.vigil.alerting.schedule.Scheduler;
import dev.vigil.alerting.silence.Silences;
import dev.vigil.alerting.webhook.WebhookIntegration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The built-in Alertmanager: the entry point the server wires to the v2 API and the rule
 * evaluator. It owns the alert store, silences and notification log (persisted under the
 * storage directory as {@code silences} and {@code nflog}), and per configuration an inhibitor
 * and a dispatcher; {@link #reload} swaps the latter two and re-feeds every stored alert, as
 * Alertmanager does on a config reload.
 *
 * <p>Lifecycle: construct (reads persisted state), {@link #start}, then {@link #putAlerts} from
 * any thread; {@link #stop} cancels timers and writes the snapshots. Thread-safe.
 */
public final class Alertmanager implements AutoCloseable {
  private record Generation(AlertmanagerConfig config, Route route, Inhibitor inhibitor, Dispatcher dispatcher) {}

  private final AlertmanagerOptions options;
  private final Scheduler scheduler;
  private final AlertStore alerts = new AlertStore();
  private final Silences silences;
  private final NotificationLog nflog;
  private final Instant startTime;
  private final Consumer<Alert> listener = this::onAlert;
  private volatile Generation gen;
  private final List<Scheduler.Cancellable> timers = new ArrayList<>();
  private boolean running;

  /** @throws dev.vigil.model.StorageException when persisted silences or log are corrupt */
  public Alertmanager(AlertmanagerConfig config, AlertmanagerOptions options) {
    this.options = options;
    this.scheduler = options.scheduler();
    this.startTime = scheduler.now();
    this.silences = new Silences(scheduler::now, options.retentionMs(),
        options.storageDir() == null ? null : options.storageDir().resolve("silences"));
    this.nflog = new NotificationLog(scheduler::now, options.retentionMs(),
        options.storageDir() == null ? null : options.storageDir().resolve("nflog"));
    this.gen = build(config);
    alerts.subscribe(listener);
  }

  private Generation build(AlertmanagerConfig c) {
    Route route = Route.tree(c.route());
    Inhibitor inhibitor = new Inhibitor(c.inhibitRules());
    NotificationPipeline pipeline = new NotificationPipeline(integrations(c), inhibitor, silences,
        c.timeIntervals(), nflog, scheduler, () -> 0L, new Random());
    return new Generation(c, route, inhibitor, new Dispatcher(route, pipeline, scheduler, 30_000));
  }

  private Map<String, List<Integration>> integrations(AlertmanagerConfig c) {
    Map<String, List<Integration>> out = new LinkedHashMap<>();
    for (ReceiverConfig r : c.receivers()) {
      List<Integration> list = new ArrayList<>();
      for (int i = 0; i < r.webhookConfigs().size(); i++) {
        var wc = r.webhookConfigs().get(i);
        list.add(new WebhookIntegration(wc, i, options.externalUrl(), HttpClients.forConfig(wc.httpConfig(), options.httpClient())));
      }
      Map<String, Integer> perType = new HashMap<>();
      for (IntegrationConfig ic : r.otherConfigs()) {
        int idx = perType.merge(ic.type(), 1, Integer::sum) - 1;
        if (options.integrationFactory() != null) {
          Integration in = options.integrationFactory().create(r.name(), ic, idx, options.externalUrl());
          if (in != null) {
            list.add(in);
          }
        }
      }
      out.put(r.name(), List.copyOf(list));
    }
    return out;
  }

  private void onAlert(Alert a) {
    Generation g = gen;
    g.inhibitor().observe(a);
    g.dispatcher().process(a);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    gen.dispatcher().start();
    for (Alert a : alerts.list()) {
      onAlert(a);
    }
    timers.add(scheduler.schedule(this::alertGc, options.alertGcIntervalMs()));
    timers.add(scheduler.schedule(this::maintenance, options.maintenanceIntervalMs()));
  }

  private void alertGc() {
    synchronized (this) {
      if (!running) {
        return;
      }
      timers.add(scheduler.schedule(this::alertGc, options.alertGcIntervalMs()));
    }
    Instant now = scheduler.now();
    alerts.gc(now);
    gen.inhibitor().gc(now);
  }

  private void maintenance() {
    synchronized (this) {
      if (!running) {
        return;
      }
      timers.add(scheduler.schedule(this::maintenance, options.maintenanceIntervalMs()));
    }
    silences.gc();
    nflog.gc();
    silences.snapshot();
    nflog.snapshot();
  }

  /** Stops timers and dispatching and writes the snapshots. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    timers.forEach(Scheduler.Cancellable::cancel);
    timers.clear();
    gen.dispatcher().stop();
    silences.snapshot();
    nflog.snapshot();
  }

  @Override
  public void close() {
    stop();
  }

  /** Applies a new configuration: new routes, inhibition and receivers; alerts are re-routed. */
  public synchronized void reload(AlertmanagerConfig config) {
    Generation old = gen;
    Generation next = build(config);
    old.dispatcher().stop();
    gen = next;
    if (running) {
      next.dispatcher().start();
      for (Alert a : alerts.list()) {
        onAlert(a);
      }
    }
  }

  /**
   * Receives alerts as the v2 API does: missing starts and ends are defaulted (an alert without
   * an end resolves resolve_timeout after it was last received), invalid alerts are skipped and
   * their errors returned (empty when every alert was accepted).
   */
  public List<String> putAlerts(List<Alert> batch) {
    Instant now = scheduler.now();
    long resolveTimeout = gen.config().global().resolveTimeoutMs();
    List<Alert> valid = new ArrayList<>(batch.size());
    List<String> errors = new ArrayList<>();
    for (Alert a : batch) {
      try {
        valid.add(AlertStore.normalize(a, now, resolveTimeout));
      } catch (AlertValidationException e) {
        errors.add(e.getMessage());
      }
    }
    alerts.put(valid, now);
    return errors;
  }

  /** Every stored alert (resolved ones until the next alert GC). */
  public List<Alert> alerts() {
    return alerts.list();
  }

  /** Whether an alert is silenced or inhibited right now. */
  public AlertState state(Alert a) {
    Instant now = scheduler.now();
    List<String> silenced = silences.mutedBy(a.labels(), now);
    List<String> inhibited = gen.inhibitor().inhibitedBy(a.labels(), now)
        .map(fp -> List.of(String.format("%016x", fp))).orElse(List.of());
    boolean suppressed = !silenced.isEmpty() || !inhibited.isEmpty();
    return new AlertState(suppressed ? "suppressed" : "active", silenced, inhibited);
  }

  public List<AlertGroupInfo> groups() {
    return gen.dispatcher().groups();
  }

  public Silences silences() {
    return silences;
  }

  public NotificationLog notificationLog() {
    return nflog;
  }

  public AlertmanagerConfig config() {
    return gen.config();
  }

  public Route route() {
    return gen.route();
  }

  public AlertmanagerStatus status() {
    return new AlertmanagerStatus(gen.config(), startTime);
  }

  /** The receivers an alert is routed to, in route order (for the API's alert listing). */
  public List<String> receivers(Alert a) {
    List<String> out = new ArrayList<>();
    for (Route r : gen.route().match(a.labels())) {
      out.add(r.options().receiver());
    }
    return out;
  }
}
