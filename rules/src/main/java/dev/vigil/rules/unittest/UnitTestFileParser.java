package dev.vigil.rules.unittest;

import dev.vigil.rules.file.StrictYaml;
import dev.vigil.rules.unittest.UnitTestFile.AlertTestCase;
import dev.vigil.rules.unittest.UnitTestFile.ExpAlert;
import dev.vigil.rules.unittest.UnitTestFile.ExpSample;
import dev.vigil.rules.unittest.UnitTestFile.InputSeries;
import dev.vigil.rules.unittest.UnitTestFile.PromqlTestCase;
import dev.vigil.rules.unittest.UnitTestFile.TestGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Decodes unit-test files strictly, naming unknown fields with the Go type names promtool
 * reports ({@code field x not found in type main.testGroup}).
 */
final class UnitTestFileParser {
  private static final Set<String> FILE =
      Set.of("rule_files", "evaluation_interval", "group_eval_order", "tests");
  private static final Set<String> GROUP = Set.of("interval", "input_series", "alert_rule_test",
      "promql_expr_test", "external_labels", "external_url", "name");
  private static final Set<String> SERIES = Set.of("series", "values");
  private static final Set<String> ALERT_TEST = Set.of("eval_time", "alertname", "exp_alerts");
  private static final Set<String> ALERT = Set.of("exp_labels", "exp_annotations");
  private static final Set<String> PROMQL_TEST = Set.of("expr", "eval_time", "exp_samples");
  private static final Set<String> SAMPLE = Set.of("labels", "value");

  private UnitTestFileParser() {}

  /** @throws StrictYaml.YamlException with promtool's message */
  static UnitTestFile parse(String text) throws StrictYaml.YamlException {
    Node root = StrictYaml.compose(text);
    StrictYaml y = new StrictYaml();
    Map<String, Node> f = y.fields(root, "main.unitTestFile", FILE);
    List<String> ruleFiles = strings(y, f.get("rule_files"));
    long evalInterval = y.duration(f.get("evaluation_interval"));
    List<String> order = strings(y, f.get("group_eval_order"));
    List<TestGroup> tests = new ArrayList<>();
    for (Node tn : y.sequence(f.get("tests"), "main.testGroup")) {
      Map<String, Node> t = y.fields(tn, "main.testGroup", GROUP);
      List<InputSeries> series = new ArrayList<>();
      for (Node sn : y.sequence(t.get("input_series"), "main.series")) {
        Map<String, Node> s = y.fields(sn, "main.series", SERIES);
        series.add(new InputSeries(y.string(s.get("series")), y.string(s.get("values"))));
      }
      List<AlertTestCase> alerts = new ArrayList<>();
      for (Node an : y.sequence(t.get("alert_rule_test"), "main.alertTestCase")) {
        Map<String, Node> a = y.fields(an, "main.alertTestCase", ALERT_TEST);
        List<ExpAlert> exp = new ArrayList<>();
        for (Node en : y.sequence(a.get("exp_alerts"), "main.alert")) {
          Map<String, Node> e = y.fields(en, "main.alert", ALERT);
          exp.add(new ExpAlert(y.stringMap(e.get("exp_labels")),
              y.stringMap(e.get("exp_annotations"))));
        }
        alerts.add(new AlertTestCase(y.duration(a.get("eval_time")),
            y.string(a.get("alertname")), exp));
      }
      List<PromqlTestCase> exprs = new ArrayList<>();
      for (Node pn : y.sequence(t.get("promql_expr_test"), "main.promqlTestCase")) {
        Map<String, Node> p = y.fields(pn, "main.promqlTestCase", PROMQL_TEST);
        List<ExpSample> exp = new ArrayList<>();
        for (Node sn : y.sequence(p.get("exp_samples"), "main.sample")) {
          Map<String, Node> s = y.fields(sn, "main.sample", SAMPLE);
          exp.add(new ExpSample(y.string(s.get("labels")), y.number(s.get("value"))));
        }
        exprs.add(new PromqlTestCase(y.string(p.get("expr")), y.duration(p.get("eval_time")), exp));
      }
      tests.add(new TestGroup(y.duration(t.get("interval")), series, alerts, exprs,
          y.stringMap(t.get("external_labels")), y.string(t.get("external_url")),
          y.string(t.get("name"))));
    }
    String err = y.unmarshalError();
    if (err != null) {
      throw new StrictYaml.YamlException(err);
    }
    return new UnitTestFile(ruleFiles, evalInterval, order, tests);
  }

  private static List<String> strings(StrictYaml y, Node n) {
    List<String> out = new ArrayList<>();
    for (Node e : y.sequence(n, "string")) {
      out.add(y.string(e));
    }
    return out;
  }
}
