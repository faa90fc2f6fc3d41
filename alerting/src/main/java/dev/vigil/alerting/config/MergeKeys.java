package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YAML merge keys ({@code <<: *anchor} and {@code <<: [*a, *b]}), which Go's yaml.v2 applies and
 * Jackson leaves as an ordinary key: keys written in the mapping win over merged ones, and of
 * several merged mappings the first wins. Applied to the whole tree before decoding.
 */
final class MergeKeys {
  private MergeKeys() {}

  static JsonNode resolve(JsonNode node) {
    if (node instanceof ObjectNode o) {
      JsonNode merge = o.remove("<<");
      for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
        o.set(e.getKey(), resolve(e.getValue()));
      }
      if (merge != null) {
        List<JsonNode> sources = new ArrayList<>();
        if (merge.isArray()) {
          merge.forEach(sources::add);
        } else {
          sources.add(merge);
        }
        for (JsonNode src : sources) {
          if (!src.isObject()) {
            throw new ConfigException("yaml: map merge requires map or sequence of maps as the value");
          }
          ObjectNode copy = (ObjectNode) resolve(src.deepCopy());
          for (Map.Entry<String, JsonNode> e : copy.properties()) {
            if (!o.has(e.getKey())) {
              o.set(e.getKey(), e.getValue());
            }
          }
        }
      }
    } else if (node != null && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, resolve(node.get(i)));
      }
    }
    return node;
  }
}
