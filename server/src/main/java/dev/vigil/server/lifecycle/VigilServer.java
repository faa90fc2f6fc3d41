package dev.vigil.server.lifecycle;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricType;
import dev.vigil.model.Storage;
import dev.vigil.model.time.Durations;
import dev.vigil.server.api.ApiHandler;
import dev.vigil.server.api.ApiService;
import dev.vigil.server.api.GlobalUrls;
import dev.vigil.server.api.MetadataApi;
import dev.vigil.server.api.RuntimeInfo;
import dev.vigil.server.api.ScanningTsdbStatus;
import dev.vigil.server.api.SeriesApi;
import dev.vigil.server.api.StatusApi;
import dev.vigil.server.api.TargetsApi;
import dev.vigil.server.api.TargetsView;
import dev.vigil.server.api.TsdbStatusView;
import dev.vigil.server.build.BuildInfo;
import dev.vigil.server.config.ByteSizes;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigReloader;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.federation.FederationService;
import dev.vigil.server.http.Cors;
import dev.vigil.server.http.HttpMetrics;
import dev.vigil.server.http.LifecycleService;
import dev.vigil.server.http.MetricsService;
import dev.vigil.server.http.Readiness;
import dev.vigil.server.http.Routes;
import dev.vigil.server.http.WebServer;
import dev.vigil.server.selfmetrics.MetricFamilySnapshot;
import dev.vigil.server.selfmetrics.MetricPoint;
import dev.vigil.server.selfmetrics.MetricRegistry;
import dev.vigil.server.selfmetrics.ProcessMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written wiring of one Vigil process, and its start/stop order.
 *
 * <p>Start: load the configuration (a broken file aborts startup) → start the HTTP port (health
 * answers at once; data endpoints and {@code /-/ready} answer 503) → open storage (WAL replay) →
 * start the ingest components → mark ready. Stop: mark not ready → stop components → stop HTTP
 * (in-flight requests finish within the grace period) → flush and close storage. HTTP comes up
 * before storage, unlike a strict reverse order, so that liveness probes pass during a long WAL
 * replay, as Prometheus does.
 *
 * <p>Before {@link #start()}, the owner adds what this issue does not build: components
 * ({@link #addComponent}), write routes ({@link #routes()}), configuration listeners
 * ({@link #config()}), the targets view and the store's statistics. Thread-safe: start and stop
 * are serialised.
 */
public final class VigilServer {
  private static final Logger log = LoggerFactory.getLogger(VigilServer.class);

  private final ServerSettings settings;
  private final StorageFactory storageFactory;
  private final Clock clock;
  private final BuildInfo build;
  private final MetricRegistry metrics = new MetricRegistry();
  private final Readiness readiness = new Readiness();
  private final ConfigReloader config;
  private final LateStorage storage = new LateStorage();
  private final Routes routes = new Routes();
  private final List<Component> components = new ArrayList<>();
  private final List<Component> started = new ArrayList<>();
  private final CompletableFuture<Void> shutdownRequested = new CompletableFuture<>();
  private final Instant startTime;
  private TargetsView targets = TargetsView.NONE;
  private Function<Storage, TsdbStatusView> tsdbStatus = ScanningTsdbStatus::new;
  private volatile WebServer web;
  private final Cors cors;
  private boolean storageOpen;
  private State state = State.NEW;

  private enum State { NEW, RUNNING, STOPPED }

  public VigilServer(ServerSettings settings, StorageFactory storageFactory, Clock clock) {
    this.settings = settings;
    this.cors = new Cors(settings.corsOrigin());
    this.storageFactory = storageFactory;
    this.clock = clock;
    this.build = BuildInfo.load();
    this.config = new ConfigReloader(settings.configSource(), clock);
    this.startTime = clock.instant();
  }

  /** What the command line said (addresses, storage options), for the wiring. */
  public ServerSettings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  /** Registration point for the configuration listeners of components. */
  public ConfigReloader config() {
    return config;
  }

  /** Routes of the main port; add write endpoints here before {@link #start()}. */
  public Routes routes() {
    return routes;
  }

  public MetricRegistry metrics() {
    return metrics;
  }

  /** The store (usable once started; the same object before, for wiring components). */
  public Storage storage() {
    return storage;
  }

  public synchronized void addComponent(Component c) {
    requireNew();
    components.add(c);
  }

  public synchronized void setTargetsView(TargetsView view) {
    requireNew();
    this.targets = view;
  }

  /** How to get cardinality statistics from the opened store (default: by scanning). */
  public synchronized void setTsdbStatusView(Function<Storage, TsdbStatusView> f) {
    requireNew();
    this.tsdbStatus = f;
  }

  /**
   * Starts everything in order; on failure stops what was started and rethrows.
   *
   * @throws ConfigException when the configuration file is invalid
   */
  public synchronized void start() throws Exception {
    requireNew();
    state = State.RUNNING;
    try {
      registerSelfMetrics();
      config.reload();
      registerRoutes();
      WebServer w = new WebServer(settings.listenAddress(), routes, readiness,
          new HttpMetrics(metrics));
      w.start();
      web = w; // published only once bound, so port() never sees an unbound server
      log.atInfo().addKeyValue("address", settings.listenAddress().getHostString() + ":"
          + w.port()).log("http server listening");
      storage.set(storageFactory.open(settings.storage()));
      storageOpen = true;
      log.atInfo().addKeyValue("path", settings.storage().path()).log("storage opened");
      for (Component c : components) {
        c.start();
        started.add(c);
        log.atInfo().addKeyValue("component", c.name()).log("started");
      }
      readiness.setReady(true);
      log.atInfo().log("server is ready to receive web requests");
    } catch (Exception e) {
      stop();
      throw e;
    }
  }

  /** Stops in order; idempotent. Failures of one step are logged and do not skip later steps. */
  public synchronized void stop() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.STOPPED;
    readiness.setReady(false);
    for (int i = started.size() - 1; i >= 0; i--) {
      Component c = started.get(i);
      long t0 = System.nanoTime();
      try {
        c.stop();
        log.atInfo().addKeyValue("component", c.name())
            .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000).log("stopped");
      } catch (Exception e) {
        log.atError().setCause(e).addKeyValue("component", c.name()).log("stop failed");
      }
    }
    started.clear();
    if (web != null) {
      try {
        long t0 = System.nanoTime();
        web.stop();
        log.atInfo().addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000)
            .log("http server stopped");
      } catch (RuntimeException e) {
        log.atError().setCause(e).log("http server stop failed");
      }
    }
    if (storageOpen) {
      try {
        storage.close();
        log.atInfo().log("storage closed");
      } catch (RuntimeException e) {
        log.atError().setCause(e).log("storage close failed");
      }
    }
    shutdownRequested.complete(null);
  }

  /**
   * Stops within {@code timeout} (for the JVM shutdown hook); gives up waiting after it so a stuck
   * component cannot hold the process forever.
   */
  public void stop(Duration timeout) {
    Thread t = Thread.ofPlatform().name("vigil-stop").start(this::stop);
    try {
      if (!t.join(timeout)) {
        log.atError().addKeyValue("timeout", timeout).log("shutdown did not finish in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the process to shut down (from {@code /-/quit}); the owner waits on it. */
  public void requestShutdown() {
    shutdownRequested.complete(null);
  }

  /** @return true when shutdown was requested (or the server stopped) within the timeout */
  public boolean awaitShutdownRequest(Duration timeout) throws InterruptedException {
    try {
      shutdownRequested.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  /** Reload for SIGHUP: errors are logged (the reloader keeps the old configuration). */
  public void reloadQuietly() {
    try {
      config.reload();
    } catch (ConfigException e) {
      // already logged by the reloader
    }
  }

  /** The bound HTTP port once the HTTP server is up (during start too), else -1. */
  public int port() {
    WebServer w = web;
    return w == null ? -1 : w.port();
  }

  public boolean isReady() {
    return readiness.isReady();
  }

  private void requireNew() {
    if (state != State.NEW) {
      throw new IllegalStateException("server already started");
    }
  }

  private void registerRoutes() {
    SeriesApi series = new SeriesApi(storage);
    MetadataApi metadata = new MetadataApi(storage, settings.engine().parser());
    TargetsApi targetsApi = new TargetsApi(targets,
        new GlobalUrls(settings.listenAddress().getPort(), settings.externalUrl()));
    TsdbStatusView tsdbView = limit -> tsdbStatus.apply(storage.get()).status(limit);
    StatusApi status = new StatusApi(build, config::current, settings.flags(), this::runtimeInfo,
        tsdbView);
    api("/api/v1/series", series::series, true, HttpMethod.GET, HttpMethod.POST);
    api("/api/v1/labels", series::labelNames, true, HttpMethod.GET, HttpMethod.POST);
    api("/api/v1/label/{name}/values", series::labelValues, true, HttpMethod.GET);
    api("/api/v1/metadata", metadata::metadata, true, HttpMethod.GET);
    api("/api/v1/query_exemplars", metadata::exemplars, true, HttpMethod.GET, HttpMethod.POST);
    api("/api/v1/targets", targetsApi::targets, true, HttpMethod.GET);
    api("/api/v1/targets/metadata", targetsApi::targetMetadata, true, HttpMethod.GET);
    api("/api/v1/status/buildinfo", status::buildInfo, true, HttpMethod.GET);
    api("/api/v1/status/config", status::config, true, HttpMethod.GET);
    api("/api/v1/status/flags", status::flags, true, HttpMethod.GET);
    api("/api/v1/status/runtimeinfo", status::runtimeInfo, true, HttpMethod.GET);
    api("/api/v1/status/tsdb", status::tsdb, true, HttpMethod.GET);
    routes.getPost("/federate", new FederationService(storage, this::externalLabels,
        settings.lookbackDeltaMs(), clock), true);
    routes.get("/metrics", new MetricsService(metrics), false);
    new LifecycleService(readiness, config, settings.lifecycleEnabled(), this::requestShutdown)
        .register(routes);
  }

  /** Adds a Prometheus API endpoint (JSON envelope, error mapping, CORS) on the main port. */
  public void api(String path, ApiHandler h, boolean requiresReady, HttpMethod... methods) {
    apiService(path, new ApiService(h, clock), requiresReady, methods);
  }

  /** Adds an API endpoint that writes its own answer (e.g. streamed), with CORS as {@link #api}. */
  public void apiService(String path, HttpService s, boolean requiresReady,
      HttpMethod... methods) {
    routes.add(path, cors.decorate(s), requiresReady, methods);
    routes.add(path, cors.preflight(), false, HttpMethod.OPTIONS);
  }

  private Labels externalLabels() {
    VigilConfig c = config.current();
    return c == null ? Labels.EMPTY : c.global().externalLabels();
  }

  private RuntimeInfo runtimeInfo() {
    return new RuntimeInfo(startTime, Path.of("").toAbsolutePath().toString(),
        config.lastReloadSuccessful(), config.lastSuccessTime(), 0,
        ManagementFactory.getThreadMXBean().getThreadCount(),
        Runtime.getRuntime().availableProcessors(), retentionText(settings.storage()));
  }

  static String retentionText(StorageOptions o) {
    String time = o.retentionMs() > 0 ? Durations.format(o.retentionMs()) : "";
    String size = o.retentionBytes() > 0 ? ByteSizes.format(o.retentionBytes()) : "";
    if (!time.isEmpty() && !size.isEmpty()) {
      return time + " or " + size;
    }
    return time.isEmpty() ? size : time;
  }

  private void registerSelfMetrics() {
    metrics.register(new ProcessMetrics());
    Labels buildLabels = Labels.of("version", build.version(), "revision", build.revision(),
        "branch", build.branch(), "javaversion", build.javaVersion());
    metrics.register(() -> List.of(
        new MetricFamilySnapshot("vigil_build_info", MetricType.GAUGE,
            "A metric with a constant '1' value labeled by version, revision, branch, and the "
                + "Java version from which Vigil was built.",
            List.of(new MetricPoint("", buildLabels, 1))),
        new MetricFamilySnapshot("vigil_config_last_reload_successful", MetricType.GAUGE,
            "Whether the last configuration reload attempt was successful.",
            List.of(new MetricPoint("", Labels.EMPTY, config.lastReloadSuccessful() ? 1 : 0))),
        new MetricFamilySnapshot("vigil_config_last_reload_success_timestamp_seconds",
            MetricType.GAUGE, "Timestamp of the last successful configuration reload.",
            List.of(new MetricPoint("", Labels.EMPTY,
                config.lastSuccessTime().toEpochMilli() / 1000.0))),
        new MetricFamilySnapshot("vigil_ready", MetricType.GAUGE,
            "Whether Vigil is ready to serve data.",
            List.of(new MetricPoint("", Labels.EMPTY, readiness.isReady() ? 1 : 0)))));
  }
}
