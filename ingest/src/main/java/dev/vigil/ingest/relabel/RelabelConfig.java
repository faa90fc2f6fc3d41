package dev.vigil.ingest.relabel;

import dev.vigil.model.GoRegexp;
import dev.vigil.model.LabelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One relabeling step, as a {@code relabel_configs} / {@code metric_relabel_configs} entry of a
 * Prometheus configuration.
 *
 * <p>{@code regex} always matches the whole string (Prometheus anchors it as {@code ^(?:re)$});
 * {@link #fromYaml} compiles Go (RE2) syntax into an equivalent Java pattern. {@code modulus} is
 * unsigned. Defaults when read from YAML: separator {@code ;}, regex {@code (.*)}, replacement
 * {@code $1}, action {@code replace}. Immutable and thread-safe.
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    Pattern regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";

  private static final Set<String> FIELDS =
      Set.of("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action");

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
    Objects.requireNonNull(separator, "separator");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(targetLabel, "targetLabel");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(action, "action");
  }

  /**
   * Compiles a Go (RE2) regular expression the way Prometheus does for relabeling: anchored at both
   * ends.
   *
   * @throws IllegalArgumentException {@code error parsing regexp: ...} for what Go rejects
   */
  public static Pattern compileRegex(String goRegex) {
    return GoRegexp.compileAnchored(goRegex);
  }

  /**
   * Reads and validates one entry from parsed YAML (string keys; values as a YAML library gives
   * them: strings, numbers, lists, null; a modulus may also be a string of digits). Prometheus reads
   * string fields as the scalar's text, so a loader should keep scalars as text: a YAML 1.1 loader
   * that turns {@code replacement: yes} into a boolean loses the spelling ({@code "true"} results).
   *
   * @throws IllegalArgumentException with Prometheus's message for the same configuration
   */
  public static RelabelConfig fromYaml(Map<String, Object> node) {
    for (String key : node.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException("field " + key + " not found in type relabel.plain");
      }
    }
    List<String> sourceLabels = List.of();
    boolean sourceLabelsSet = false;
    Object sl = node.get("source_labels");
    if (sl != null) {
      if (!(sl instanceof List<?> list)) {
        throw new IllegalArgumentException(
            "cannot unmarshal " + scalarTag(sl) + " `" + sl + "` into model.LabelNames");
      }
      sourceLabelsSet = true;
      List<String> names = new ArrayList<>(list.size());
      for (Object o : list) {
        String name = scalar(o, "source_labels");
        if (!LabelNames.isLegacyLabelName(name)) {
          throw new IllegalArgumentException("\"" + name + "\" is not a valid label name");
        }
        names.add(name);
      }
      sourceLabels = names;
    }
    String separator = node.containsKey("separator") ? scalar(node.get("separator"), "separator") : DEFAULT_SEPARATOR;
    boolean regexSet = node.containsKey("regex");
    String regexText = regexSet ? scalar(node.get("regex"), "regex") : DEFAULT_REGEX;
    long modulus = modulus(node.get("modulus"));
    String targetLabel = node.containsKey("target_label") ? scalar(node.get("target_label"), "target_label") : "";
    String replacement =
        node.containsKey("replacement") ? scalar(node.get("replacement"), "replacement") : DEFAULT_REPLACEMENT;
    RelabelAction action =
        node.containsKey("action")
            ? RelabelAction.fromConfigName(scalar(node.get("action"), "action"))
            : RelabelAction.REPLACE;
    Pattern regex = GoRegexp.compileAnchored(regexText);
    validate(action, sourceLabelsSet, separator, regexSet && !regexText.equals(DEFAULT_REGEX) || regexSet,
        modulus, targetLabel, replacement);
    return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, action);
  }

  /** A YAML uint64: a non-negative integer, or its digits as text; null reads as 0. */
  private static long modulus(Object mod) {
    if (mod == null) {
      return 0;
    }
    try {
      if (mod instanceof String text && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Long.parseUnsignedLong(text);
      }
      if (mod instanceof java.math.BigInteger big && big.signum() >= 0 && big.bitLength() <= 64) {
        return big.longValue(); // the unsigned value's bits
      }
      if ((mod instanceof Long || mod instanceof Integer || mod instanceof Short) && ((Number) mod).longValue() >= 0) {
        return ((Number) mod).longValue();
      }
    } catch (NumberFormatException tooLarge) {
      // reported below
    }
    throw new IllegalArgumentException("cannot unmarshal " + scalarTag(mod) + " `" + mod + "` into uint64");
  }

  /** Reads a YAML list of relabel entries; null reads as an empty list. */
  public static List<RelabelConfig> listFromYaml(Object node) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> list)) {
      throw new IllegalArgumentException("relabel configs must be a list, got " + scalarTag(node));
    }
    List<RelabelConfig> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("relabel config must be a mapping, got " + scalarTag(o));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = (Map<String, Object>) m;
      out.add(fromYaml(entry));
    }
    return List.copyOf(out);
  }

  private static void validate(
      RelabelAction action,
      boolean sourceLabelsSet,
      String separator,
      boolean regexSet,
      long modulus,
      String targetLabel,
      String replacement) {
    String a = action.configName();
    if (modulus == 0 && action == RelabelAction.HASHMOD) {
      throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget =
        switch (action) {
          case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
          default -> false;
        };
    if (needsTarget && targetLabel.isEmpty()) {
      throw new IllegalArgumentException("relabel configuration for " + a + " action requires 'target_label' value");
    }
    boolean templated = action == RelabelAction.REPLACE || action == RelabelAction.LOWERCASE
        || action == RelabelAction.UPPERCASE;
    if (templated && !isValidTemplateLabel(targetLabel)) {
      throw new IllegalArgumentException("\"" + targetLabel + "\" is invalid 'target_label' for " + a + " action");
    }
    if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
        && !LabelNames.isLegacyLabelName(targetLabel)) {
      throw new IllegalArgumentException("\"" + targetLabel + "\" is invalid 'target_label' for " + a + " action");
    }
    boolean noReplacement = action == RelabelAction.LOWERCASE || action == RelabelAction.UPPERCASE
        || action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL;
    if (noReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
      throw new IllegalArgumentException("'replacement' can not be set for " + a + " action");
    }
    if (action == RelabelAction.LABELMAP && !isValidTemplateLabel(replacement)) {
      throw new IllegalArgumentException("\"" + replacement + "\" is invalid 'replacement' for " + a + " action");
    }
    if (action == RelabelAction.HASHMOD && !LabelNames.isLegacyLabelName(targetLabel)) {
      throw new IllegalArgumentException("\"" + targetLabel + "\" is invalid 'target_label' for " + a + " action");
    }
    if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
        && (regexSet || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
            || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new IllegalArgumentException(
          a + " action requires only 'source_labels' and `target_label`, and no other fields");
    }
    if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
        && (sourceLabelsSet || !targetLabel.isEmpty() || modulus != 0
            || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new IllegalArgumentException(a + " action requires only 'regex', and no other fields");
    }
  }

  /**
   * Prometheus's check for label names that may contain {@code $1} / {@code ${name}} references:
   * {@code ^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$}, implemented without backtracking.
   */
  static boolean isValidTemplateLabel(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    int k = 0;
    boolean first = true;
    while (k < n) {
      char c = s.charAt(k);
      if (c == '$') {
        k++;
        if (k < n && s.charAt(k) == '{') {
          int e = k + 1;
          while (e < n && isWord(s.charAt(e))) {
            e++;
          }
          if (e == k + 1 || e >= n || s.charAt(e) != '}') {
            return false;
          }
          k = e + 1;
        } else {
          int e = k;
          while (e < n && isWord(s.charAt(e))) {
            e++;
          }
          if (e == k) {
            return false;
          }
          k = e;
        }
      } else if (first ? (isWord(c) && !(c >= '0' && c <= '9')) : isWord(c)) {
        k++;
      } else {
        return false;
      }
      first = false;
    }
    return true;
  }

  private static boolean isWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static String scalar(Object o, String field) {
    if (o == null) {
      return "";
    }
    if (o instanceof String s) {
      return s;
    }
    if (o instanceof Number || o instanceof Boolean) {
      return o.toString();
    }
    throw new IllegalArgumentException("cannot unmarshal " + scalarTag(o) + " into string (field " + field + ")");
  }

  private static String scalarTag(Object o) {
    if (o instanceof String) {
      return "!!str";
    }
    if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) {
      return "!!int";
    }
    if (o instanceof Number) {
      return "!!float";
    }
    if (o instanceof Boolean) {
      return "!!bool";
    }
    if (o instanceof List) {
      return "!!seq";
    }
    if (o instanceof Map) {
      return "!!map";
    }
    return String.valueOf(o);
  }
}
