package dev.vigil.alerting.config;

/**
 * A {@code webhook_configs} entry. Exactly one of {@code url} and {@code urlFile} is set;
 * {@code maxAlerts} 0 means no limit.
 */
public record WebhookConfig(
    String url, String urlFile, boolean sendResolved, long maxAlerts, HttpClientConfig httpConfig) {}
