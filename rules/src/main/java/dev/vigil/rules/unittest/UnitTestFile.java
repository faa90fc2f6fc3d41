package dev.vigil.rules.unittest;

import java.util.List;
import java.util.Map;

/**
 * A {@code promtool test rules} file, decoded.
 *
 * @param ruleFiles rule file globs, relative to the test file's directory
 * @param evaluationIntervalMs 0 when not given
 * @param groupEvalOrder group names in the order they must be evaluated
 */
record UnitTestFile(
    List<String> ruleFiles, long evaluationIntervalMs, List<String> groupEvalOrder,
    List<TestGroup> tests) {

  record TestGroup(
      long intervalMs,
      List<InputSeries> inputSeries,
      List<AlertTestCase> alertRuleTests,
      List<PromqlTestCase> promqlExprTests,
      Map<String, String> externalLabels,
      String externalUrl,
      String name) {}

  record InputSeries(String series, String values) {}

  record AlertTestCase(long evalTimeMs, String alertname, List<ExpAlert> expAlerts) {}

  record ExpAlert(Map<String, String> labels, Map<String, String> annotations) {}

  record PromqlTestCase(String expr, long evalTimeMs, List<ExpSample> expSamples) {}

  record ExpSample(String labels, double value) {}
}
