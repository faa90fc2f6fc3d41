package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.time.Durations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping read the way Go's {@code yaml.UnmarshalStrict} reads a struct: unknown keys are
 * errors, scalars are coerced to the field's type, explicit nulls mean "not set".
 */
final class YamlObject {
  private final ObjectNode node;
  private final String original;

  YamlObject(JsonNode node, String original) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw new ConfigException("yaml: unmarshal errors:\n  cannot unmarshal "
          + kind(node) + " into a mapping");
    }
    this.node = node == null || node.isNull() ? null : (ObjectNode) node;
    this.original = original;
  }

  ObjectNode node() {
    return node;
  }

  boolean isAbsent() {
    return node == null;
  }

  /** Refuses keys outside {@code allowed}, naming the line like yaml.v2 does where it can. */
  void allow(Set<String> allowed) {
    if (node == null) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(k)
            + ": field " + k + " not found in type config.plain");
      }
    }
  }

  private int lineOf(String key) {
    Matcher m = Pattern.compile("(?m)^[ \\t-]*" + Pattern.quote(key) + "[ \\t]*:").matcher(original);
    if (!m.find()) {
      return 0;
    }
    int line = 1;
    for (int i = 0; i < m.start(); i++) {
      if (original.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  JsonNode get(String key) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(key);
    return v == null || v instanceof NullNode ? null : v;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  String string(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
          + ": cannot unmarshal " + kind(v) + " into string (field " + key + ")");
    }
    return v.asText();
  }

  String string(String key, String def) {
    String s = string(key);
    return s == null ? def : s;
  }

  Boolean bool(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    String s = v.asText();
    return switch (s) {
      case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON" -> true;
      case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" -> false;
      default -> throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
          + ": cannot unmarshal !!str `" + s + "` into bool");
    };
  }

  boolean bool(String key, boolean def) {
    Boolean b = bool(key);
    return b == null ? def : b;
  }

  Long integer(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
        + ": cannot unmarshal !!str `" + v.asText() + "` into uint64");
  }

  /** A Prometheus duration in milliseconds, or null when absent. */
  Long duration(String key) {
    String s = string(key);
    if (s == null) {
      return null;
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException("not a valid duration string: \"" + s + "\"");
    }
  }

  /** A sequence of strings, or null when the key is absent (which differs from an empty list). */
  List<String> strings(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
          + ": cannot unmarshal " + kind(v) + " into []string");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      out.add(e.isNull() ? "" : e.asText());
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
          + ": cannot unmarshal " + kind(v) + " into map[string]string");
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return out;
  }

  YamlObject object(String key) {
    return new YamlObject(get(key), original);
  }

  List<YamlObject> objects(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ConfigException("yaml: unmarshal errors:\n  line " + lineOf(key)
          + ": cannot unmarshal " + kind(v) + " into a sequence (field " + key + ")");
    }
    List<YamlObject> out = new ArrayList<>();
    for (JsonNode e : v) {
      out.add(new YamlObject(e, original));
    }
    return out;
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "!!seq";
    }
    if (v.isObject()) {
      return "!!map";
    }
    return "!!str `" + v.asText() + "`";
  }
}
