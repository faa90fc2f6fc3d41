package dev.vigil.server.cli;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.query.QueryFeatures;
import dev.vigil.server.config.ConfigSource;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.Signals;
import dev.vigil.server.lifecycle.StorageFactory;
import dev.vigil.server.lifecycle.StorageOptions;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.server.lifecycle.WalFsync;
import dev.vigil.server.logging.LogFormat;
import dev.vigil.server.logging.Logging;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil server}: Prometheus-style long flags, logging set up from them, then the server
 * runs until SIGTERM/SIGINT (JVM shutdown hook, bounded) or {@code /-/quit}. SIGHUP reloads the
 * configuration.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Runs the Vigil server.")
final class ServerCommand implements Callable<Integer> {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config.file", paramLabel = "FILE",
      description = "Configuration file (default: vigil.yml if present, else built-in self-scrape)")
  String configFile;

  @Option(names = {"--storage.path", "--storage.tsdb.path"}, defaultValue = "./data",
      description = "Base path for metrics storage (default: ${DEFAULT-VALUE})")
  Path storagePath;

  @Option(names = "--alertmanager.config.file", paramLabel = "FILE", defaultValue = "",
      description = "Alertmanager configuration (alertmanager.yml) of the built-in Alertmanager; "
          + "empty runs none. Reloaded with the configuration")
  String alertmanagerConfigFile;

  @Option(names = "--alertmanager.history.retention", defaultValue = "30d",
      description = "How long the built-in Alertmanager keeps alert history "
          + "(default: ${DEFAULT-VALUE})")
  String alertHistoryRetention;

  @Option(names = "--web.listen-address", defaultValue = "0.0.0.0:9090",
      description = "Address for the UI, API and telemetry (default: ${DEFAULT-VALUE})")
  String listenAddress;

  @Option(names = "--web.external-url", defaultValue = "",
      description = "URL under which Vigil is externally reachable")
  String externalUrl;

  @Option(names = "--web.cors.origin", defaultValue = ".*",
      description = "Regex of origins allowed to call the API from browsers "
          + "(default: ${DEFAULT-VALUE})")
  String corsOrigin;

  @Option(names = "--web.enable-lifecycle",
      description = "Enable shutdown and reload via HTTP (/-/quit, /-/reload)")
  boolean enableLifecycle;

  @Option(names = "--web.enable-admin-api",
      description = "Enable the admin endpoints (/api/v1/admin/tsdb/snapshot)")
  boolean enableAdminApi;

  @Option(names = "--otlp.grpc.listen-address", defaultValue = "0.0.0.0:4317",
      description = "OTLP/gRPC address; empty disables (default: ${DEFAULT-VALUE})")
  String otlpGrpcAddress;

  @Option(names = "--otlp.http.listen-address", defaultValue = "0.0.0.0:4318",
      description = "OTLP/HTTP address; empty disables (default: ${DEFAULT-VALUE})")
  String otlpHttpAddress;

  @Option(names = "--storage.tsdb.retention.time", defaultValue = "15d",
      description = "How long to retain samples (default: ${DEFAULT-VALUE})")
  String retentionTime;

  @Option(names = "--storage.tsdb.retention.size", defaultValue = "0",
      description = "Maximum bytes of storage blocks, e.g. 512MB; 0 disables")
  String retentionSize;

  @Option(names = "--storage.tsdb.out-of-order-time-window", defaultValue = "0s",
      description = "Accept samples this much older than the newest (default: ${DEFAULT-VALUE})")
  String outOfOrderWindow;

  @Option(names = "--storage.tsdb.wal-fsync", defaultValue = "interval",
      description = "When to fsync the WAL: always, interval or never (default: ${DEFAULT-VALUE})")
  String walFsync;

  // hidden as Prometheus hides its block-duration flags: for tests and debugging, not operators
  @Option(names = "--storage.tsdb.maintenance-interval", defaultValue = "1m", hidden = true,
      description = "How often the head is cut into blocks, blocks compacted and retention "
          + "applied (default: ${DEFAULT-VALUE})")
  String maintenanceInterval;

  @Option(names = "--log.level", defaultValue = "info",
      description = "debug, info, warn or error (default: ${DEFAULT-VALUE})")
  String logLevel;

  @Option(names = "--log.format", defaultValue = "json",
      description = "json or logfmt (default: ${DEFAULT-VALUE})")
  String logFormat;

  @Option(names = "--enable-feature", paramLabel = "NAME", split = ",",
      description = "Enable experimental features (repeatable, comma-separated)")
  List<String> features = new ArrayList<>();

  @Option(names = "--query.lookback-delta", defaultValue = "5m",
      description = "Maximum lookback for a sample (federation, PromQL) (default: ${DEFAULT-VALUE})")
  String lookbackDelta;

  @Option(names = "--query.timeout", defaultValue = "2m",
      description = "Maximum time a query may take before being aborted "
          + "(default: ${DEFAULT-VALUE})")
  String queryTimeout;

  @Option(names = "--query.max-samples", defaultValue = "50000000",
      description = "Maximum number of samples a single query can load into memory "
          + "(default: ${DEFAULT-VALUE})")
  long queryMaxSamples;

  @Option(names = "--query.max-concurrency", defaultValue = "20",
      description = "Maximum number of queries executed concurrently "
          + "(default: ${DEFAULT-VALUE})")
  int queryMaxConcurrency;

  @Option(names = "--query.max-parallelism", defaultValue = "0",
      description = "Maximum number of threads evaluating one query's series at once, the "
          + "query's own included; 1 evaluates each query on one thread, 0 means the number of "
          + "processors (default: ${DEFAULT-VALUE})")
  int queryMaxParallelism;

  @Option(names = "--rules.alert.for-outage-tolerance", defaultValue = "1h",
      description = "Max time to tolerate an outage for restoring \"for\" state of alerts "
          + "(default: ${DEFAULT-VALUE})")
  String ruleOutageTolerance;

  @Option(names = "--rules.alert.for-grace-period", defaultValue = "10m",
      description = "Minimum duration between alert and restored \"for\" state; maintained "
          + "only for alerts with a configured \"for\" greater than the grace period "
          + "(default: ${DEFAULT-VALUE})")
  String ruleGracePeriod;

  @Option(names = "--rules.alert.resend-delay", defaultValue = "1m",
      description = "Minimum amount of time to wait before resending an alert to Alertmanager "
          + "(default: ${DEFAULT-VALUE})")
  String ruleResendDelay;

  private final StorageFactory storage;
  private final Consumer<VigilServer> wiring;

  ServerCommand(StorageFactory storage, Consumer<VigilServer> wiring) {
    this.storage = storage;
    this.wiring = wiring;
  }

  @Override
  public Integer call() throws Exception {
    ServerSettings settings;
    try {
      Logging.configure(Logging.parseLevel(logLevel), logFormat());
      settings = settings();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Logger log = LoggerFactory.getLogger(ServerCommand.class);
    VigilServer server = new VigilServer(settings, storage, Clock.systemUTC());
    wiring.accept(server);
    Thread hook = new Thread(() -> server.stop(SHUTDOWN_TIMEOUT), "vigil-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!Signals.onHangup(server::reloadQuietly)) {
      log.atWarn().log("SIGHUP reload unavailable on this platform; use POST /-/reload");
    }
    try {
      server.start();
    } catch (ConfigException e) {
      log.atError().addKeyValue("err", e.getMessage()).log("cannot start: invalid configuration");
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      removeHook(hook);
      return 1;
    } catch (Exception e) {
      log.atError().setCause(e).log("cannot start");
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      removeHook(hook);
      return 1;
    }
    while (!server.awaitShutdownRequest(Duration.ofHours(1))) {
      // wait for /-/quit or a signal
    }
    log.atInfo().log("shutting down");
    server.stop(SHUTDOWN_TIMEOUT);
    removeHook(hook);
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private LogFormat logFormat() {
    return switch (logFormat.toLowerCase(Locale.ROOT)) {
      case "json" -> LogFormat.JSON;
      case "logfmt", "text" -> LogFormat.LOGFMT;
      default -> throw new IllegalArgumentException(
          "invalid log format \"" + logFormat + "\" (want json or logfmt)");
    };
  }

  private ServerSettings settings() {
    InetSocketAddress listen = FlagValues.address("web.listen-address", listenAddress);
    WalFsync fsync;
    try {
      fsync = WalFsync.valueOf(walFsync.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--storage.tsdb.wal-fsync: invalid value \"" + walFsync
          + "\" (want always, interval or never)");
    }
    StorageOptions storageOptions = new StorageOptions(storagePath,
        FlagValues.duration("storage.tsdb.retention.time", retentionTime),
        FlagValues.bytes("storage.tsdb.retention.size", retentionSize),
        FlagValues.duration("storage.tsdb.out-of-order-time-window", outOfOrderWindow), fsync,
        maintenanceIntervalMs());
    URI external = externalUrl.isEmpty()
        ? URI.create("http://" + hostname() + ":" + listen.getPort() + "/")
        : FlagValues.url("web.external-url", externalUrl);
    Set<String> featureSet = new LinkedHashSet<>();
    for (String f : features) {
      if (!f.isBlank()) {
        featureSet.add(f.trim());
      }
    }
    long lookbackMs = FlagValues.duration("query.lookback-delta", lookbackDelta);
    FlagValues.duration("alertmanager.history.retention", alertHistoryRetention);
    FlagValues.duration("rules.alert.for-outage-tolerance", ruleOutageTolerance);
    FlagValues.duration("rules.alert.for-grace-period", ruleGracePeriod);
    FlagValues.duration("rules.alert.resend-delay", ruleResendDelay);
    return new ServerSettings(configSource(listen), storageOptions, listen, external,
        otlpGrpcAddress.isEmpty() ? null
            : FlagValues.address("otlp.grpc.listen-address", otlpGrpcAddress),
        otlpHttpAddress.isEmpty() ? null
            : FlagValues.address("otlp.http.listen-address", otlpHttpAddress),
        lookbackMs, enableLifecycle, enableAdminApi, corsOrigin(), featureSet, flagMap(),
        engineOptions(lookbackMs, featureSet));
  }

  private EngineOptions engineOptions(long lookbackMs, Set<String> featureSet) {
    long timeoutMs = FlagValues.duration("query.timeout", queryTimeout);
    if (queryMaxSamples < 0) {
      throw new IllegalArgumentException("--query.max-samples: must not be negative, got "
          + queryMaxSamples);
    }
    try {
      if (queryMaxParallelism < 0) {
        throw new IllegalArgumentException("max parallelism must not be negative, got "
            + queryMaxParallelism);
      }
      int threads = queryMaxParallelism == 0
          ? Runtime.getRuntime().availableProcessors() : queryMaxParallelism;
      return QueryFeatures.engineOptions(lookbackMs, queryMaxSamples,
          Duration.ofMillis(timeoutMs), queryMaxConcurrency, featureSet)
          .withParallelism(threads, EngineOptions.DEFAULT_PARALLEL_MIN_SERIES);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--query flags: " + e.getMessage(), e);
    }
  }

  private long maintenanceIntervalMs() {
    long ms = FlagValues.duration("storage.tsdb.maintenance-interval", maintenanceInterval);
    if (ms <= 0) {
      throw new IllegalArgumentException("--storage.tsdb.maintenance-interval: must be positive, "
          + "got \"" + maintenanceInterval + "\"");
    }
    return ms;
  }

  private String corsOrigin() {
    try {
      java.util.regex.Pattern.compile(corsOrigin);
      return corsOrigin;
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("--web.cors.origin: invalid regex " + corsOrigin + ": "
          + e.getDescription());
    }
  }

  private ConfigSource configSource(InetSocketAddress listen) {
    if (configFile != null) {
      return ConfigSource.file(Path.of(configFile));
    }
    Path local = Path.of("vigil.yml");
    if (Files.isRegularFile(local)) {
      return ConfigSource.file(local);
    }
    return ConfigSource.builtIn(listen);
  }

  /** Every option of this command and its effective value, as /api/v1/status/flags shows. */
  private Map<String, String> flagMap() {
    Map<String, String> out = new TreeMap<>();
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String name = o.longestName().replaceFirst("^--", "");
      Object v = o.getValue();
      String text = v == null ? "" : v instanceof List<?> l
          ? String.join(",", l.stream().map(String::valueOf).toList()) : v.toString();
      out.put(name, text);
    }
    return out;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
