package dev.vigil.rules.file;

import dev.vigil.common.template.TemplateException;
import dev.vigil.common.template.TemplateFunction;
import dev.vigil.common.template.TemplateSet;
import dev.vigil.model.LabelNames;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.template.AlertTemplates;
import dev.vigil.rules.template.ExpansionContext;
import dev.vigil.rules.template.TemplateExpander;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses and validates Prometheus rule files (rulefmt): strict fields, expression parsing,
 * recording/alerting field rules, label and annotation names, and template syntax of alerting
 * rules. Every problem is reported, with Prometheus's wording and yaml positions, so that promtool
 * users read the same errors. Thread-safe (stateless apart from the parser options).
 */
public final class RuleFileParser {
  private static final Set<String> TOP = Set.of("groups");
  private static final Set<String> GROUP =
      Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
  private static final Set<String> RULE = Set.of(
      "record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private final ParserOptions parserOptions;
  private final Map<String, TemplateFunction> templateFunctions;

  public RuleFileParser(ParserOptions parserOptions) {
    this.parserOptions = java.util.Objects.requireNonNull(parserOptions, "parserOptions");
    // Only the function names matter for a parse check; nothing is executed.
    this.templateFunctions = new TemplateExpander(new ExpansionContext(
        (expr, t) -> List.of(), 0, URI.create(""))).functions();
  }

  /** Reads and parses a file; {@code path} as given is the file's name in errors and groups. */
  public RuleFile parseFile(String path) throws RuleFileException {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RuleFileException(List.of(path + ": open " + path + ": no such file or directory"));
    } catch (IOException e) {
      throw new RuleFileException(List.of(path + ": " + e.getMessage()));
    }
    return parse(path, text);
  }

  /** Parses file content; errors are prefixed with {@code path}. */
  public RuleFile parse(String path, String text) throws RuleFileException {
    List<String> errs = new ArrayList<>();
    List<GroupSpec> groups = new ArrayList<>();
    try {
      parseInto(text, groups, errs);
    } catch (StrictYaml.YamlException e) {
      errs.add(e.getMessage());
    }
    if (!errs.isEmpty()) {
      List<String> prefixed = new ArrayList<>();
      for (String e : errs) {
        prefixed.add(path + ": " + e);
      }
      throw new RuleFileException(prefixed);
    }
    return new RuleFile(path, groups);
  }

  private void parseInto(String text, List<GroupSpec> groups, List<String> errs)
      throws StrictYaml.YamlException {
    Node root = StrictYaml.compose(text);
    StrictYaml y = new StrictYaml();
    Map<String, Node> top = y.fields(root, "rulefmt.RuleGroups", TOP);
    List<Node> groupNodes = y.sequence(top.get("groups"), "rulefmt.RuleGroup");
    List<List<Node>> ruleNodes = new ArrayList<>();
    for (Node gn : groupNodes) {
      Map<String, Node> g = y.fields(gn, "rulefmt.RuleGroup", GROUP);
      Node offset = g.get("query_offset");
      List<RuleSpec> rules = new ArrayList<>();
      List<Node> rns = new ArrayList<>();
      for (Node rn : y.sequence(g.get("rules"), "rulefmt.Rule")) {
        Map<String, Node> r = y.fields(rn, "rulefmt.Rule", RULE);
        rules.add(new RuleSpec(y.string(r.get("record")), y.string(r.get("alert")),
            y.string(r.get("expr")), y.duration(r.get("for")), y.duration(r.get("keep_firing_for")),
            y.stringMap(r.get("labels")), y.stringMap(r.get("annotations"))));
        rns.add(rn);
      }
      ruleNodes.add(rns);
      groups.add(new GroupSpec(y.string(g.get("name")), y.duration(g.get("interval")),
          StrictYaml.isNull(offset) ? null : y.duration(offset), y.integer(g.get("limit")),
          y.stringMap(g.get("labels")), rules));
    }
    String unmarshal = y.unmarshalError();
    if (unmarshal != null) {
      errs.add(unmarshal);
      return;
    }
    validate(groups, groupNodes, ruleNodes, errs);
  }

  private void validate(List<GroupSpec> groups, List<Node> groupNodes, List<List<Node>> ruleNodes,
      List<String> errs) {
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < groups.size(); j++) {
      GroupSpec g = groups.get(j);
      Node gn = groupNodes.get(j);
      String pos = StrictYaml.line(gn) + ":" + StrictYaml.column(gn) + ": ";
      if (g.name().isEmpty()) {
        errs.add(pos + "Groupname must not be empty");
      }
      if (!seen.add(g.name())) {
        errs.add(pos + "groupname: \"" + g.name() + "\" is repeated in the same file");
      }
      for (var e : new TreeMap<>(g.labels()).entrySet()) {
        if (!LabelNames.isLegacyLabelName(e.getKey()) || e.getKey().equals("__name__")) {
          errs.add("invalid label name: " + e.getKey());
        }
      }
      for (int i = 0; i < g.rules().size(); i++) {
        RuleSpec r = g.rules().get(i);
        Map<String, Node> nodes = ruleFieldNodes(ruleNodes.get(j).get(i));
        String prefix = "group " + GoStrings.quote(g.name()) + ", rule " + (i + 1) + ", "
            + GoStrings.quote(r.name()) + ": ";
        for (String e : validateRule(r, nodes)) {
          errs.add(e.replace("\u0000", prefix));
        }
      }
    }
  }

  private static Map<String, Node> ruleFieldNodes(Node rn) {
    StrictYaml lenient = new StrictYaml();
    return lenient.fields(rn, "rulefmt.Rule", RULE);
  }

  /** Errors with a NUL where the "group ..., rule ..." part goes (after the position, if any). */
  private List<String> validateRule(RuleSpec r, Map<String, Node> nodes) {
    List<String> out = new ArrayList<>();
    Node rec = nodes.get("record");
    Node alert = nodes.get("alert");
    Node expr = nodes.get("expr");
    if (!r.record().isEmpty() && !r.alert().isEmpty()) {
      out.add(pos(rec) + pos(alert) + "\u0000only one of 'record' and 'alert' must be set");
    }
    if (r.record().isEmpty() && r.alert().isEmpty()) {
      out.add(pos(rec) + "\u0000one of 'record' or 'alert' must be set");
    }
    if (r.expr().isEmpty()) {
      out.add(pos(expr) + "\u0000field 'expr' must be set in rule");
    } else {
      try {
        Parser.parse(r.expr(), parserOptions);
      } catch (ParseException e) {
        out.add(pos(expr) + "\u0000could not parse expression: " + e.getMessage());
      }
    }
    if (!r.record().isEmpty()) {
      if (!r.annotations().isEmpty()) {
        out.add(pos(rec) + "\u0000invalid field 'annotations' in recording rule");
      }
      if (r.forMs() != 0) {
        out.add(pos(rec) + "\u0000invalid field 'for' in recording rule");
      }
      if (r.keepFiringForMs() != 0) {
        out.add(pos(rec) + "\u0000invalid field 'keep_firing_for' in recording rule");
      }
      if (!LabelNames.isLegacyMetricName(r.record())) {
        out.add(pos(rec) + "\u0000invalid recording rule name: " + r.record());
      }
    }
    for (var e : new TreeMap<>(r.labels()).entrySet()) {
      if (!LabelNames.isLegacyLabelName(e.getKey()) || e.getKey().equals("__name__")) {
        out.add("\u0000invalid label name: " + e.getKey());
      }
    }
    for (String k : new TreeMap<>(r.annotations()).keySet()) {
      if (!LabelNames.isLegacyLabelName(k)) {
        out.add("\u0000invalid annotation name: " + k);
      }
    }
    if (r.isAlerting()) {
      for (var e : new TreeMap<>(r.labels()).entrySet()) {
        String err = templateError(r.alert(), e.getValue());
        if (err != null) {
          out.add("\u0000label " + GoStrings.quote(e.getKey()) + ": " + err);
        }
      }
      for (var e : new TreeMap<>(r.annotations()).entrySet()) {
        String err = templateError(r.alert(), e.getValue());
        if (err != null) {
          out.add("\u0000annotation " + GoStrings.quote(e.getKey()) + ": " + err);
        }
      }
    }
    return out;
  }

  private String templateError(String alertName, String text) {
    try {
      TemplateSet.builder().functions(templateFunctions)
          .parse("__alert_" + alertName, AlertTemplates.PREAMBLE + text);
      return null;
    } catch (TemplateException e) {
      return e.getMessage();
    }
  }

  private static String pos(Node n) {
    return StrictYaml.line(n) + ":" + StrictYaml.column(n) + ": ";
  }
}
