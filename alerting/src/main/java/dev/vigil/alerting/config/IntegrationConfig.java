package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A receiver integration other than the webhook ({@code slack_configs}, {@code email_configs},
 * {@code pagerduty_configs}, ...), validated as Alertmanager validates it and kept with the global
 * defaults merged in (e.g. {@code api_url} from {@code global.slack_api_url}). {@code type} is the
 * YAML key without {@code _configs} ("slack", "email", ...).
 */
public record IntegrationConfig(String type, boolean sendResolved, ObjectNode settings) {}
