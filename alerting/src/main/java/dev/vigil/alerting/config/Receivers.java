package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes {@code receivers} entries and {@code http_config} blocks with Alertmanager's checks. */
final class Receivers {
  private Receivers() {}

  private static final Set<String> WEBHOOK_KEYS =
      Set.of("send_resolved", "http_config", "url", "url_file", "max_alerts", "timeout");
  /** Integration types besides webhook, with Alertmanager's send_resolved default. */
  static final Map<String, Boolean> INTEGRATIONS = new LinkedHashMap<>();

  static {
    for (String t : List.of("pagerduty", "opsgenie", "pushover", "victorops", "sns", "telegram",
        "webex", "discord", "msteams", "msteamsv2", "jira", "incidentio", "mattermost")) {
      INTEGRATIONS.put(t, true);
    }
    for (String t : List.of("email", "slack", "wechat", "rocketchat")) {
      INTEGRATIONS.put(t, false);
    }
  }

  static ReceiverConfig receiver(YamlObject r, GlobalConfig global) {
    Set<String> keys = new HashSet<>(Set.of("name", "webhook_configs"));
    INTEGRATIONS.keySet().forEach(t -> keys.add(t + "_configs"));
    r.allow(keys);
    List<WebhookConfig> webhooks = new ArrayList<>();
    for (YamlObject w : r.objects("webhook_configs")) {
      w.allow(WEBHOOK_KEYS);
      String url = w.string("url");
      String urlFile = w.string("url_file");
      if (url == null && urlFile == null) {
        throw new ConfigException("missing URL in webhook config");
      }
      if (url != null && urlFile != null) {
        throw new ConfigException("at most one of url & url_file must be configured");
      }
      if (url != null) {
        checkUrl(url);
      }
      Long max = w.integer("max_alerts");
      if (max != null && max < 0) {
        throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal !!int `" + max + "` into uint64");
      }
      webhooks.add(new WebhookConfig(url, urlFile, w.bool("send_resolved", true),
          max == null ? 0 : max,
          w.has("http_config") ? http(w.object("http_config")) : global.httpConfig()));
    }
    List<IntegrationConfig> others = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : INTEGRATIONS.entrySet()) {
      for (YamlObject o : r.objects(e.getKey() + "_configs")) {
        ObjectNode settings = o.isAbsent() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : o.node().deepCopy();
        Integrations.applyDefaults(e.getKey(), settings, global);
        others.add(new IntegrationConfig(e.getKey(), o.bool("send_resolved", e.getValue()), settings));
      }
    }
    String name = r.string("name", "");
    if (name.isEmpty()) {
      throw new ConfigException("missing name in receiver");
    }
    return new ReceiverConfig(name, webhooks, others);
  }

  static HttpClientConfig http(YamlObject h) {
    if (h.isAbsent()) {
      return HttpClientConfig.DEFAULT;
    }
    YamlObject basic = h.object("basic_auth");
    YamlObject auth = h.object("authorization");
    YamlObject tls = h.object("tls_config");
    String bearer = h.string("bearer_token");
    if (bearer != null && auth.has("credentials")) {
      throw new ConfigException("at most one of bearer_token & authorization must be configured");
    }
    if (!basic.isAbsent() && (bearer != null || !auth.isAbsent())) {
      throw new ConfigException("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    return new HttpClientConfig(
        basic.string("username"),
        basic.string("password"),
        bearer != null ? "Bearer" : auth.string("type", "Bearer"),
        bearer != null ? bearer : auth.string("credentials"),
        tls.bool("insecure_skip_verify", false),
        h.bool("follow_redirects", true),
        h.string("proxy_url"));
  }

  static String checkUrl(String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new ConfigException("parse " + ConfigParser.q(s) + ": " + e.getReason());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException("unsupported scheme " + ConfigParser.q(scheme) + " for URL");
    }
    if (u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
      throw new ConfigException("missing host for URL");
    }
    return s;
  }
}
