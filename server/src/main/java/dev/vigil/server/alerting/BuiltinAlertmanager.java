package dev.vigil.server.alerting;

import dev.vigil.alerting.Alertmanager;
import dev.vigil.alerting.AlertmanagerOptions;
import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.alerting.history.HistoryLog;
import dev.vigil.alerting.history.HistoryRecorder;
import dev.vigil.alerting.schedule.SystemScheduler;
import dev.vigil.server.config.ConfigListener;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.lifecycle.Component;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The built-in Alertmanager as a server part: it follows the configuration (every load and
 * reload of the server's configuration re-reads {@code --alertmanager.config.file}; an invalid
 * file rejects the reload and the previous Alertmanager configuration stays in force), keeps its
 * state (silences, notification log, alert history) under {@code <data>/alertmanager}, and runs
 * between storage open and close as a {@link Component}.
 *
 * <p>The {@link Alertmanager} itself is built on the first configuration load (before the
 * component starts), so the API and the rule notifier may be wired to this object before that.
 * Thread-safe.
 */
public final class BuiltinAlertmanager implements Component, ConfigListener {
  /** How often alert states are compared with the history (resolution by timeout, silences). */
  static final long HISTORY_SWEEP_MS = 1_000;
  static final long HISTORY_MAINTENANCE_MS = 60_000;
  static final long HISTORY_SEGMENT_BYTES = 8 << 20;

  private final Path configFile;
  private final Path storageDir;
  private final String externalUrl;
  private final long historyRetentionMs;
  private final SystemScheduler scheduler = new SystemScheduler();
  private volatile Alertmanager am;
  private volatile HistoryRecorder history;

  /**
   * @param storageDir where silences, notification log and history live (created when missing)
   * @param historyRetentionMs how long history segments are kept
   */
  public BuiltinAlertmanager(Path configFile, Path storageDir, String externalUrl,
      long historyRetentionMs) {
    this.configFile = Objects.requireNonNull(configFile, "configFile");
    this.storageDir = Objects.requireNonNull(storageDir, "storageDir");
    this.externalUrl = externalUrl == null ? "" : externalUrl;
    this.historyRetentionMs = historyRetentionMs;
  }

  @Override
  public String name() {
    return "alertmanager";
  }

  public Path configFile() {
    return configFile;
  }

  @Override
  public synchronized void applyConfig(VigilConfig ignored) throws Exception {
    AlertmanagerConfig c = load();
    if (am == null) {
      java.nio.file.Files.createDirectories(storageDir);
      Alertmanager created = new Alertmanager(c,
          AlertmanagerOptions.defaults(storageDir, externalUrl, scheduler));
      HistoryLog log = new HistoryLog(storageDir.resolve("history"), historyRetentionMs,
          HISTORY_SEGMENT_BYTES, scheduler::now);
      history = new HistoryRecorder(created, log, scheduler, HISTORY_SWEEP_MS,
          HISTORY_MAINTENANCE_MS);
      am = created;
    } else {
      am.reload(c);
    }
  }

  private AlertmanagerConfig load() throws IOException {
    try {
      return AlertmanagerConfig.load(configFile);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read alertmanager config file \"" + configFile
          + "\": no such file", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("loading alertmanager config file \"" + configFile
          + "\": " + e.getMessage(), e);
    }
  }

  @Override
  public void start() {
    Alertmanager a = require();
    a.start();
    history.start();
  }

  @Override
  public void stop() {
    HistoryRecorder h = history;
    Alertmanager a = am;
    if (h != null) {
      h.stop();
    }
    if (a != null) {
      a.stop();
    }
    scheduler.close();
    if (h != null) {
      h.log().close();
    }
  }

  /** The running core. @throws IllegalStateException before the first configuration load */
  public Alertmanager require() {
    Alertmanager a = am;
    if (a == null) {
      throw new IllegalStateException("alertmanager not configured yet");
    }
    return a;
  }

  public HistoryRecorder history() {
    return history;
  }

  /**
   * Receives alerts (from the API or rule evaluation) and records the resulting state changes in
   * the history at once. Returns Alertmanager's validation errors (empty when all were accepted).
   */
  public List<String> receive(List<Alert> alerts) {
    List<String> errors = require().putAlerts(alerts);
    HistoryRecorder h = history;
    if (h != null) {
      h.sweep();
    }
    return errors;
  }

  /** Records suppression changes caused by a silence change in the history at once. */
  public void afterSilenceChange() {
    HistoryRecorder h = history;
    if (h != null) {
      h.sweep();
    }
  }
}
