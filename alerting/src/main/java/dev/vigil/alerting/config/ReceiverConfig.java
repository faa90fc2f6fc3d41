package dev.vigil.alerting.config;

import java.util.List;

/** A named receiver with its integrations, in the order the file lists them. */
public record ReceiverConfig(String name, List<WebhookConfig> webhookConfigs, List<IntegrationConfig> otherConfigs) {
  public ReceiverConfig {
    webhookConfigs = List.copyOf(webhookConfigs);
    otherConfigs = List.copyOf(otherConfigs);
  }
}
