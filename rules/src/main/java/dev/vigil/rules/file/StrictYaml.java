package dev.vigil.rules.file;

import dev.vigil.model.time.Durations;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Decodes YAML the way Go's strict unmarshalling does: unknown fields and type mismatches are
 * collected as {@code line N: field x not found in type T} lines and reported together as {@code
 * yaml: unmarshal errors:} (Go's wording, which promtool prints). Positions are 1-based as Go's.
 * One instance per document; not thread-safe.
 */
public final class StrictYaml {
  private final List<String> unmarshalErrors = new ArrayList<>();

  /** Thrown for malformed YAML and values that cannot be converted at all (durations). */
  public static final class YamlException extends Exception {
    public YamlException(String message) {
      super(message);
    }
  }

  /** Parses the text into a node tree; null for an empty document. */
  public static Node compose(String text) throws YamlException {
    try {
      LoaderOptions opts = new LoaderOptions();
      opts.setAllowDuplicateKeys(true);
      return new Yaml(opts).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      throw new YamlException("yaml: line " + line + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new YamlException("yaml: " + e.getMessage());
    }
  }

  /** Go's combined error, or null when nothing was collected. */
  public String unmarshalError() {
    if (unmarshalErrors.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder("yaml: unmarshal errors:");
    // Go decodes in document order; this decoder visits fields by name, so order by line.
    List<String> sorted = new ArrayList<>(unmarshalErrors);
    sorted.sort(java.util.Comparator.comparingInt(StrictYaml::lineOf));
    for (String e : sorted) {
      sb.append("\n  ").append(e);
    }
    return sb.toString();
  }

  private static int lineOf(String error) {
    return Integer.parseInt(error.substring("line ".length(), error.indexOf(':')));
  }

  public static int line(Node n) {
    return n == null ? 0 : n.getStartMark().getLine() + 1;
  }

  public static int column(Node n) {
    return n == null ? 0 : n.getStartMark().getColumn() + 1;
  }

  public static boolean isNull(Node n) {
    return n == null || n.getTag().equals(Tag.NULL);
  }

  /**
   * The fields of a mapping by key, in order; unknown keys are reported against {@code goType}.
   * A null node gives an empty map; a non-mapping reports a type error.
   */
  public Map<String, Node> fields(Node n, String goType, Set<String> known) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (isNull(n)) {
      return out;
    }
    if (!(n instanceof MappingNode m)) {
      typeError(n, goType);
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
      if (!known.contains(key)) {
        unmarshalErrors.add("line " + line(t.getKeyNode()) + ": field " + key
            + " not found in type " + goType);
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  /** A scalar as a string ("" for null). */
  public String string(Node n) {
    if (isNull(n)) {
      return "";
    }
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    typeError(n, "string");
    return "";
  }

  public List<Node> sequence(Node n, String elementGoType) {
    if (isNull(n)) {
      return List.of();
    }
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    typeError(n, "[]" + elementGoType);
    return List.of();
  }

  /** A mapping of strings to strings (Go's map[string]string), in file order. */
  public Map<String, String> stringMap(Node n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (isNull(n)) {
      return out;
    }
    if (!(n instanceof MappingNode m)) {
      typeError(n, "map[string]string");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      out.put(string(t.getKeyNode()), string(t.getValueNode()));
    }
    return out;
  }

  public int integer(Node n) {
    if (isNull(n)) {
      return 0;
    }
    String s = string(n);
    try {
      return Integer.parseInt(s.replace("_", ""));
    } catch (NumberFormatException e) {
      typeError(n, "int");
      return 0;
    }
  }

  public double number(Node n) {
    if (isNull(n)) {
      return 0;
    }
    String s = string(n).trim();
    try {
      return switch (s) {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
        case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
        case ".nan", ".NaN", ".NAN" -> Double.NaN;
        default -> Double.parseDouble(s.replace("_", ""));
      };
    } catch (NumberFormatException e) {
      typeError(n, "float64");
      return 0;
    }
  }

  /**
   * A Prometheus duration in milliseconds (0 for null).
   *
   * @throws YamlException {@code not a valid duration string: "x"} as Prometheus's model says
   */
  public long duration(Node n) throws YamlException {
    if (isNull(n)) {
      return 0;
    }
    String s = string(n);
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new YamlException("not a valid duration string: \"" + s + "\"");
    }
  }

  private void typeError(Node n, String goType) {
    String tag = n instanceof MappingNode ? "!!map" : n instanceof SequenceNode ? "!!seq"
        : "!!" + n.getTag().getValue().replace(Tag.PREFIX, "");
    String val = n instanceof ScalarNode s ? " `" + s.getValue() + "`" : "";
    unmarshalErrors.add("line " + line(n) + ": cannot unmarshal " + tag + val + " into " + goType);
  }
}
