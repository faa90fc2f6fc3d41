package dev.vigil.server.rules;

import dev.vigil.model.Labels;
import dev.vigil.model.Storage;
import dev.vigil.model.time.Durations;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.eval.EvalEnvironment;
import dev.vigil.rules.eval.Group;
import dev.vigil.rules.eval.GroupContext;
import dev.vigil.rules.eval.GroupLoader;
import dev.vigil.rules.eval.RuleManager;
import dev.vigil.rules.eval.RuleQuery;
import dev.vigil.rules.file.RuleFileException;
import dev.vigil.rules.notify.NotifiedAlert;
import dev.vigil.rules.notify.Notifier;
import dev.vigil.server.config.ConfigListener;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.lifecycle.Component;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rule evaluation in the server: loads the config's {@code rule_files} (globs relative to the
 * config file) on every configuration load, rejecting the reload when any file is invalid, runs
 * the groups through a {@link RuleManager} once storage is open, and sends alerts to the external
 * Alertmanagers of the {@code alerting} section and to every {@link Notifier} added with {@link
 * #addNotifier} (the built-in Alertmanager), with the external labels added as Prometheus does.
 * Thread-safe.
 */
public final class RuleService implements Component, ConfigListener {
  /** Flag names, as Prometheus spells them. */
  public static final String FLAG_OUTAGE_TOLERANCE = "rules.alert.for-outage-tolerance";
  public static final String FLAG_GRACE_PERIOD = "rules.alert.for-grace-period";
  public static final String FLAG_RESEND_DELAY = "rules.alert.resend-delay";

  private final Storage storage;
  private final QueryEngine engine;
  private final ParserOptions parserOptions;
  private final Clock clock;
  private final String externalUrl;
  private final long outageToleranceMs;
  private final long gracePeriodMs;
  private final long resendDelayMs;
  private final AlertmanagerSender sender = new AlertmanagerSender();
  private final List<Notifier> hooks = new CopyOnWriteArrayList<>();
  private volatile Labels externalLabels = Labels.EMPTY;
  private RuleManager manager;
  private List<Group> pending = List.of();
  private boolean started;

  /**
   * @param flags the server's flags by name (missing ones take Prometheus's defaults)
   * @param externalUrl the server's external URL, without a trailing slash
   */
  public RuleService(Storage storage, QueryEngine engine, ParserOptions parserOptions,
      Clock clock, String externalUrl, Map<String, String> flags) {
    this.storage = storage;
    this.engine = engine;
    this.parserOptions = parserOptions;
    this.clock = clock;
    this.externalUrl = externalUrl.endsWith("/")
        ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
    this.outageToleranceMs = flag(flags, FLAG_OUTAGE_TOLERANCE, "1h");
    this.gracePeriodMs = flag(flags, FLAG_GRACE_PERIOD, "10m");
    this.resendDelayMs = flag(flags, FLAG_RESEND_DELAY, "1m");
  }

  private static long flag(Map<String, String> flags, String name, String dflt) {
    String v = flags.getOrDefault(name, "");
    try {
      return Durations.parse(v.isEmpty() ? dflt : v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
    }
  }

  /** Adds a receiver of every alert sent (e.g. the built-in Alertmanager). */
  public void addNotifier(Notifier n) {
    hooks.add(n);
  }

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public synchronized void applyConfig(VigilConfig config) throws Exception {
    List<AlertmanagerTarget> targets = AlertingConfig.parse(config.section("alerting"));
    long interval = config.global().evaluationIntervalMs();
    Object offsetRaw = config.global().other().get("rule_query_offset");
    long offset = offsetRaw == null ? 0 : Durations.parse(String.valueOf(offsetRaw));
    List<String> files = ruleFiles(config);
    List<Group> groups;
    try {
      groups = new GroupLoader(parserOptions).load(files, interval, offset);
    } catch (RuleFileException e) {
      throw new IllegalArgumentException("error loading rules: " + String.join("; ", e.errors()), e);
    }
    sender.setTargets(targets);
    externalLabels = config.global().externalLabels();
    if (started) {
      manager.setContext(context());
      manager.update(groups);
    } else {
      pending = groups;
    }
  }

  private static List<String> ruleFiles(VigilConfig config) throws IOException {
    Object raw = config.section("rule_files");
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      throw new IllegalArgumentException("rule_files must be a list of file globs");
    }
    Path base = Path.of(".");
    if (!config.source().equals("built-in")) {
      Path parent = Path.of(config.source()).toAbsolutePath().getParent();
      if (parent != null) {
        base = parent;
      }
    }
    for (Object o : list) {
      String pattern = String.valueOf(o);
      Path p = Path.of(pattern);
      if (!p.isAbsolute()) {
        p = base.resolve(p).normalize();
      }
      out.addAll(glob(p));
    }
    return out;
  }

  private static List<String> glob(Path p) throws IOException {
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
      return Files.exists(p) ? List.of(p.toString()) : List.of();
    }
    Path dir = p.getParent();
    List<String> out = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path e : ds) {
        if (m.matches(e.getFileName()) && Files.isRegularFile(e)) {
          out.add(e.toString());
        }
      }
    }
    out.sort(null);
    return out;
  }

  private GroupContext context() {
    EvalEnvironment env = new EvalEnvironment(RuleQuery.of(engine, storage::querier),
        externalLabels, externalUrl);
    return new GroupContext(env, storage::appender, storage::querier, this::notify,
        resendDelayMs, outageToleranceMs, gracePeriodMs);
  }

  private void notify(List<NotifiedAlert> alerts) {
    Labels ext = externalLabels;
    List<NotifiedAlert> out = new ArrayList<>(alerts.size());
    for (NotifiedAlert a : alerts) {
      out.add(a.withLabelsUnder(ext));
    }
    sender.send(out);
    for (Notifier n : hooks) {
      n.send(out);
    }
  }

  @Override
  public synchronized void start() {
    sender.start();
    manager = new RuleManager(context(), parserOptions, clock, 60_000, 0);
    manager.update(pending);
    pending = List.of();
    started = true;
  }

  @Override
  public synchronized void stop() {
    if (manager != null) {
      manager.close();
    }
    sender.stop();
    started = false;
  }

  /** The self-metrics of rule groups and notifications. */
  public dev.vigil.server.selfmetrics.Collector collector() {
    return new RuleMetrics(this::manager, sender);
  }

  /** The rule manager; null before start. */
  public synchronized RuleManager manager() {
    return manager;
  }

  AlertmanagerSender sender() {
    return sender;
  }
}
