package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code global} section with Alertmanager's defaults filled in (resolve_timeout 5m,
 * smtp_hello localhost, smtp_require_tls true, the public PagerDuty/Opsgenie/... URLs). Values
 * that only receivers use are kept verbatim in {@code raw} (defaults included) so receivers
 * can read them later.
 */
public record GlobalConfig(
    long resolveTimeoutMs,
    HttpClientConfig httpConfig,
    String smtpFrom,
    String smtpHello,
    String smtpSmarthost,
    String smtpAuthUsername,
    String smtpAuthPassword,
    String smtpAuthIdentity,
    String smtpAuthSecret,
    boolean smtpRequireTls,
    String slackApiUrl,
    String slackApiUrlFile,
    String pagerdutyUrl,
    String opsgenieApiUrl,
    String opsgenieApiKey,
    String opsgenieApiKeyFile,
    ObjectNode raw) {}
