package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A receiver integration other than the webhook ({@code slack_configs}, {@code email_configs},
 * {@code pagerduty_configs}, ...), validated as Alertmanager validates it and kept with the global
 * defaults merged in (e.g. {@code api_url} from {@code global.slack_api_url}). {@code type} is the
 * YAML key without {@code _configs} ("slack", "email", ...).
 */
public record IntegrationConfig(String type, boolean sendResolved, ObjectNode settings) {

  /** The integration's {@code http_config}, or {@code global} when it has none. */
  public HttpClientConfig httpConfig(HttpClientConfig global) {
    if (settings == null || !settings.hasNonNull("http_config")) {
      return global;
    }
    return Receivers.http(new YamlObject(settings.get("http_config"), ""));
  }

  /** A string setting, or {@code def} when absent or null. */
  public String string(String key, String def) {
    return string(settings, key, def);
  }

  /** A boolean setting (YAML true/false), or {@code def} when absent. */
  public boolean bool(String key, boolean def) {
    com.fasterxml.jackson.databind.JsonNode v = settings == null ? null : settings.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    return v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText().trim());
  }

  /** A string-to-string mapping setting in file order; empty when absent. */
  public java.util.Map<String, String> stringMap(String key) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    com.fasterxml.jackson.databind.JsonNode v = settings == null ? null : settings.get(key);
    if (v != null && v.isObject()) {
      v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    }
    return out;
  }

  /** A list of mappings setting; empty when absent. */
  public java.util.List<ObjectNode> objects(String key) {
    java.util.List<ObjectNode> out = new java.util.ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode v = settings == null ? null : settings.get(key);
    if (v != null && v.isArray()) {
      v.forEach(e -> {
        if (e.isObject()) {
          out.add((ObjectNode) e);
        }
      });
    }
    return out;
  }

  /** A string field of a nested mapping, or {@code def}. */
  public static String string(ObjectNode node, String key, String def) {
    com.fasterxml.jackson.databind.JsonNode v = node == null ? null : node.get(key);
    return v == null || v.isNull() ? def : v.asText();
  }
}
