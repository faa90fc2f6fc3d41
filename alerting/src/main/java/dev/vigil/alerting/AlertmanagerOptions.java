package dev.vigil.alerting;

import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.schedule.Scheduler;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How an {@link Alertmanager} runs (Alertmanager's command-line flags): where silences and the
 * notification log are kept ({@code storageDir}, null = memory only), the external URL put into
 * notifications, retention of expired silences and log entries ({@code --data.retention}, 120h),
 * how often resolved alerts are dropped ({@code --alerts.gc-interval}, 30m), how often state is
 * snapshotted and garbage-collected (15m), the scheduler, the HTTP client for notifiers, and a
 * factory for integration types the core does not implement itself (may return null).
 */
public record AlertmanagerOptions(
    Path storageDir,
    String externalUrl,
    long retentionMs,
    long alertGcIntervalMs,
    long maintenanceIntervalMs,
    Scheduler scheduler,
    HttpClient httpClient,
    IntegrationFactory integrationFactory) {

  public AlertmanagerOptions {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(httpClient, "httpClient");
    externalUrl = externalUrl == null ? "" : externalUrl;
    if (retentionMs <= 0 || alertGcIntervalMs <= 0 || maintenanceIntervalMs <= 0) {
      throw new IllegalArgumentException("retention " + retentionMs + "ms, alert gc interval "
          + alertGcIntervalMs + "ms and maintenance interval " + maintenanceIntervalMs + "ms must be positive");
    }
  }

  /** Alertmanager's defaults with the given storage directory, external URL and scheduler. */
  public static AlertmanagerOptions defaults(Path storageDir, String externalUrl, Scheduler scheduler) {
    return new AlertmanagerOptions(storageDir, externalUrl, 120 * 3_600_000L, 30 * 60_000L, 15 * 60_000L,
        scheduler, HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL) // Go's client follows redirects
            .build(), null);
  }

  public AlertmanagerOptions withIntegrationFactory(IntegrationFactory f) {
    return new AlertmanagerOptions(storageDir, externalUrl, retentionMs, alertGcIntervalMs,
        maintenanceIntervalMs, scheduler, httpClient, f);
  }

  /** Builds integrations for receiver types other than webhook. */
  @FunctionalInterface
  public interface IntegrationFactory {
    /** An integration for the config, or null when the type is not supported. */
    Integration create(String receiver, IntegrationConfig config, int index, String externalUrl);
  }
}
