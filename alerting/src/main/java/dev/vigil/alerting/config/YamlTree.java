package dev.vigil.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML the way Go's yaml.v2 presents it to Alertmanager: anchors and aliases resolved
 * (Jackson's tree reader leaves an alias as its name), scalars kept as written so string fields
 * get the original text ({@code yes} stays "yes"), plain integers as numbers, nulls as nulls, and
 * duplicate keys refused. Merge keys are applied afterwards by {@link MergeKeys}.
 */
final class YamlTree {
  private YamlTree() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 500;

  /** The document's tree, or null for an empty document. @throws ConfigException on bad YAML */
  static JsonNode parse(String text) {
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(true); // refused below with yaml.v2's message
    opts.setMaxAliasesForCollections(1000);
    Node root;
    try {
      root = new Yaml(opts).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      String problem = String.valueOf(e.getProblem());
      if (problem.startsWith("found undefined alias ")) {
        throw new ConfigException("yaml: unknown anchor '" + problem.substring(22) + "' referenced", e);
      }
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException("yaml: line " + line + ": " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException("yaml: " + e.getMessage(), e);
    }
    return root == null ? null : convert(root, "", 0);
  }

  /** Keys whose values decode into Go maps (other mappings decode into structs). */
  private static final Set<String> MAP_FIELDS = Set.of("match", "match_re", "source_match", "source_match_re",
      "target_match", "target_match_re", "headers", "details", "custom_fields", "fields", "labels", "annotations");

  private static JsonNode convert(Node n, String field, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ConfigException("yaml: document nested more than " + MAX_DEPTH + " levels (recursive alias?)");
    }
    if (n instanceof ScalarNode s) {
      Tag tag = s.getTag();
      if (tag.equals(Tag.NULL)) {
        return F.nullNode();
      }
      if (tag.equals(Tag.INT) && s.isPlain()) {
        try {
          return F.numberNode(Long.parseLong(s.getValue().replace("_", "")));
        } catch (NumberFormatException e) {
          return F.textNode(s.getValue());
        }
      }
      return F.textNode(s.getValue());
    }
    if (n instanceof SequenceNode seq) {
      ArrayNode a = F.arrayNode();
      for (Node c : seq.getValue()) {
        a.add(convert(c, field, depth + 1));
      }
      return a;
    }
    MappingNode m = (MappingNode) n;
    ObjectNode o = F.objectNode();
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode ks ? ks.getValue() : String.valueOf(convert(k, "", depth + 1));
      if (k.getTag().equals(Tag.MERGE)) {
        key = "<<";
      }
      if (!seen.add(key)) {
        int line = k.getStartMark().getLine() + 1;
        throw new ConfigException("yaml: unmarshal errors:\n  line " + line + ": " + (MAP_FIELDS.contains(field)
            ? "key " + ConfigParser.q(key) + " already set in map"
            : "field " + key + " already set in type config.plain"));
      }
      o.set(key, convert(t.getValueNode(), key, depth + 1));
    }
    return o;
  }
}
