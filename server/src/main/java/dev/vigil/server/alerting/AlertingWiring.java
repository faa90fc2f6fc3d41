package dev.vigil.server.alerting;

import dev.vigil.model.time.Durations;
import dev.vigil.server.build.BuildInfo;
import dev.vigil.server.lifecycle.ServerSettings;
import dev.vigil.server.lifecycle.VigilServer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Wires the built-in Alertmanager into a server when {@code --alertmanager.config.file} is set:
 * the component (state under {@code <storage>/alertmanager}, external URL from {@code
 * --web.external-url}), its configuration listener (reloaded with the server's configuration)
 * and the API v2 endpoints on the main port. Call once, before {@link VigilServer#start()}.
 */
public final class AlertingWiring {
  /** Flag naming the {@code alertmanager.yml}; without it no Alertmanager runs. */
  public static final String CONFIG_FLAG = "alertmanager.config.file";
  /** Flag: how long alert history is kept (default {@value #DEFAULT_HISTORY_RETENTION}). */
  public static final String HISTORY_RETENTION_FLAG = "alertmanager.history.retention";
  public static final String DEFAULT_HISTORY_RETENTION = "30d";

  private AlertingWiring() {}

  /** @return the built-in Alertmanager, or empty when none is configured */
  public static Optional<BuiltinAlertmanager> wire(VigilServer server) {
    ServerSettings settings = server.settings();
    String file = settings.flags().getOrDefault(CONFIG_FLAG, "");
    if (file.isEmpty()) {
      return Optional.empty();
    }
    String retention = settings.flags().getOrDefault(HISTORY_RETENTION_FLAG, "");
    long retentionMs = Durations.parse(retention.isEmpty() ? DEFAULT_HISTORY_RETENTION : retention);
    String external = settings.externalUrl() == null ? "" : settings.externalUrl().toString();
    if (external.endsWith("/")) {
      external = external.substring(0, external.length() - 1);
    }
    BuiltinAlertmanager am = new BuiltinAlertmanager(Path.of(file),
        settings.storage().path().resolve("alertmanager"), external, retentionMs);
    server.config().addListener(am);
    server.addComponent(am);
    String address = settings.listenAddress().getHostString() + ":"
        + settings.listenAddress().getPort();
    new AlertmanagerApi(am, BuildInfo.load(), address).register(server);
    return Optional.of(am);
  }
}
