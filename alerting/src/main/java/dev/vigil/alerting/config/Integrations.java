package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Alertmanager's per-integration checks and global defaults for the receivers Vigil does not
 * send to yet: missing required fields fail with Alertmanager's messages, global values
 * (SMTP, Slack URL, Opsgenie key, ...) are copied into the integration's settings.
 */
final class Integrations {
  private Integrations() {}

  static void applyDefaults(String type, ObjectNode s, GlobalConfig g) {
    ObjectNode raw = g.raw();
    switch (type) {
      case "email" -> {
        if (!s.hasNonNull("to")) {
          throw new ConfigException("missing to address in email config");
        }
        if (!s.hasNonNull("smarthost")) {
          if (!raw.hasNonNull("smtp_smarthost")) {
            throw new ConfigException("no global SMTP smarthost set");
          }
          s.set("smarthost", raw.get("smtp_smarthost"));
        }
        if (!s.hasNonNull("from")) {
          if (!raw.hasNonNull("smtp_from")) {
            throw new ConfigException("no global SMTP from set");
          }
          s.set("from", raw.get("smtp_from"));
        }
        copy(s, "hello", raw, "smtp_hello");
        copy(s, "auth_username", raw, "smtp_auth_username");
        if (!s.hasNonNull("auth_password") && !s.hasNonNull("auth_password_file")) {
          copy(s, "auth_password", raw, "smtp_auth_password");
          copy(s, "auth_password_file", raw, "smtp_auth_password_file");
        }
        copy(s, "auth_secret", raw, "smtp_auth_secret");
        copy(s, "auth_identity", raw, "smtp_auth_identity");
        if (!s.hasNonNull("require_tls")) {
          s.put("require_tls", g.smtpRequireTls());
        }
      }
      case "slack" -> {
        if (!s.hasNonNull("api_url") && !s.hasNonNull("api_url_file")) {
          if (g.slackApiUrl() == null && g.slackApiUrlFile() == null) {
            throw new ConfigException("no global Slack API URL set either inline or in a file");
          }
          copy(s, "api_url", raw, "slack_api_url");
          copy(s, "api_url_file", raw, "slack_api_url_file");
        }
      }
      case "pagerduty" -> {
        if (!s.hasNonNull("routing_key") && !s.hasNonNull("service_key")
            && !s.hasNonNull("routing_key_file") && !s.hasNonNull("service_key_file")) {
          throw new ConfigException("missing service or routing key in PagerDuty config");
        }
        copy(s, "url", raw, "pagerduty_url");
      }
      case "opsgenie" -> {
        copy(s, "api_url", raw, "opsgenie_api_url");
        if (!s.hasNonNull("api_key") && !s.hasNonNull("api_key_file")) {
          if (g.opsgenieApiKey() == null && g.opsgenieApiKeyFile() == null) {
            throw new ConfigException("no global OpsGenie API Key set either inline or in a file");
          }
          copy(s, "api_key", raw, "opsgenie_api_key");
          copy(s, "api_key_file", raw, "opsgenie_api_key_file");
        }
      }
      case "wechat" -> {
        copy(s, "api_url", raw, "wechat_api_url");
        if (!s.hasNonNull("api_secret")) {
          if (!raw.hasNonNull("wechat_api_secret")) {
            throw new ConfigException("no global Wechat ApiSecret set");
          }
          copy(s, "api_secret", raw, "wechat_api_secret");
        }
        if (!s.hasNonNull("corp_id")) {
          if (!raw.hasNonNull("wechat_api_corp_id")) {
            throw new ConfigException("no global Wechat CorpID set");
          }
          copy(s, "corp_id", raw, "wechat_api_corp_id");
        }
      }
      case "victorops" -> {
        copy(s, "api_url", raw, "victorops_api_url");
        if (!s.hasNonNull("api_key") && !s.hasNonNull("api_key_file")) {
          if (!raw.hasNonNull("victorops_api_key") && !raw.hasNonNull("victorops_api_key_file")) {
            throw new ConfigException("no global VictorOps API Key set");
          }
          copy(s, "api_key", raw, "victorops_api_key");
          copy(s, "api_key_file", raw, "victorops_api_key_file");
        }
      }
      case "pushover" -> {
        if (!s.hasNonNull("user_key") && !s.hasNonNull("user_key_file")) {
          throw new ConfigException("missing user key in Pushover config");
        }
        if (!s.hasNonNull("token") && !s.hasNonNull("token_file")) {
          throw new ConfigException("missing token in Pushover config");
        }
      }
      case "telegram" -> copy(s, "api_url", raw, "telegram_api_url");
      case "webex" -> copy(s, "api_url", raw, "webex_api_url");
      case "discord" -> requireUrl(s, "discord");
      case "msteams" -> requireUrl(s, "msteams");
      case "msteamsv2" -> requireUrl(s, "msteamsv2");
      default -> {}
    }
  }

  private static void requireUrl(ObjectNode s, String name) {
    if (!s.hasNonNull("webhook_url") && !s.hasNonNull("webhook_url_file")) {
      throw new ConfigException("no " + name + " webhook URL or URLFile provided");
    }
  }

  private static void copy(ObjectNode s, String key, ObjectNode raw, String globalKey) {
    if (!s.hasNonNull(key) && raw.hasNonNull(globalKey)) {
      s.set(key, raw.get(globalKey));
    }
  }
}
