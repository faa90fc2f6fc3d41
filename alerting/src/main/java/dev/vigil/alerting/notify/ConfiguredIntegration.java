package dev.vigil.alerting.notify;

import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.template.NotificationTemplates;

/**
 * Common state of the HTTP integrations configured by an {@link IntegrationConfig}: the
 * configuration, the integration's index within its receiver, the external URL, the notification
 * templates and the {@link HttpNotifier} that posts the requests. Subclasses give {@link #type()}
 * and {@link #notify(Notification)}.
 */
public abstract class ConfiguredIntegration implements Integration {
  protected final IntegrationConfig config;
  protected final int index;
  protected final String externalUrl;
  protected final NotificationTemplates templates;
  protected final HttpNotifier http;

  protected ConfiguredIntegration(IntegrationConfig config, int index, String externalUrl,
      NotificationTemplates templates, HttpNotifier http) {
    this.config = config;
    this.index = index;
    this.externalUrl = externalUrl;
    this.templates = templates;
    this.http = http;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public boolean sendResolved() {
    return config.sendResolved();
  }
}
