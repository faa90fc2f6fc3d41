package dev.vigil.alerting.receiver;

import dev.vigil.alerting.AlertmanagerOptions;
import dev.vigil.alerting.config.GlobalConfig;
import dev.vigil.alerting.config.IntegrationConfig;
import dev.vigil.alerting.email.EmailIntegration;
import dev.vigil.alerting.msteams.TeamsIntegration;
import dev.vigil.alerting.notify.Integration;
import dev.vigil.alerting.opsgenie.OpsgenieIntegration;
import dev.vigil.alerting.pagerduty.PagerDutyIntegration;
import dev.vigil.alerting.slack.SlackIntegration;
import dev.vigil.alerting.template.NotificationTemplates;
import java.net.http.HttpClient;

/**
 * The integrations Vigil sends itself besides webhooks — Slack, PagerDuty (Events API v2 and v1),
 * e-mail, Microsoft Teams and Opsgenie — built from a configuration's templates and global
 * settings. Other types yield null: parsed, validated, not sent.
 * Thread-safe.
 */
public final class ReceiverIntegrations implements AlertmanagerOptions.IntegrationFactory {
  private final NotificationTemplates templates;
  private final GlobalConfig global;
  private final HttpClient client;

  public ReceiverIntegrations(NotificationTemplates templates, GlobalConfig global, HttpClient client) {
    this.templates = templates;
    this.global = global;
    this.client = client;
  }

  @Override
  public Integration create(String receiver, IntegrationConfig c, int index, String externalUrl) {
    return switch (c.type()) {
      case "slack" -> new SlackIntegration(c, index, externalUrl, templates, client, global.httpConfig());
      case "pagerduty" -> new PagerDutyIntegration(c, index, externalUrl, templates, client, global.httpConfig());
      case "opsgenie" -> new OpsgenieIntegration(c, index, externalUrl, templates, client, global.httpConfig());
      case "msteams" -> new TeamsIntegration(c, index, externalUrl, templates, client, global.httpConfig());
      case "email" -> new EmailIntegration(c, index, externalUrl, templates);
      default -> null;
    };
  }
}
