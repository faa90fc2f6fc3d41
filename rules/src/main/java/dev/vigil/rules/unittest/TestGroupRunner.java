package dev.vigil.rules.unittest;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.promqltest.SeriesDescParser;
import dev.vigil.promql.promqltest.SeriesDescription;
import dev.vigil.promql.promqltest.SequenceValue;
import dev.vigil.rules.eval.Alert;
import dev.vigil.rules.eval.AlertState;
import dev.vigil.rules.eval.AlertingRule;
import dev.vigil.rules.eval.EvalEnvironment;
import dev.vigil.rules.eval.Group;
import dev.vigil.rules.eval.GroupContext;
import dev.vigil.rules.eval.GroupLoader;
import dev.vigil.rules.eval.Rule;
import dev.vigil.rules.eval.RuleQuery;
import dev.vigil.rules.file.RuleFileException;
import dev.vigil.rules.notify.Notifier;
import dev.vigil.rules.unittest.UnitTestFile.AlertTestCase;
import dev.vigil.rules.unittest.UnitTestFile.ExpAlert;
import dev.vigil.rules.unittest.UnitTestFile.ExpSample;
import dev.vigil.rules.unittest.UnitTestFile.InputSeries;
import dev.vigil.rules.unittest.UnitTestFile.PromqlTestCase;
import dev.vigil.rules.unittest.UnitTestFile.TestGroup;
import dev.vigil.testkit.MemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one test group the way promtool does: input series loaded lazily up to each evaluation
 * time, every group evaluated at each multiple of the evaluation interval up to the largest
 * {@code eval_time}, alert expectations checked after the evaluation whose interval holds their
 * time, expression expectations checked at the end. Messages are promtool's.
 */
final class TestGroupRunner {
  private final TestGroup tg;
  private final long evalInterval;
  private final Map<String, Integer> groupOrder;
  private final List<String> ruleFiles;

  TestGroupRunner(TestGroup tg, long evalInterval, Map<String, Integer> groupOrder,
      List<String> ruleFiles) {
    this.tg = tg;
    this.evalInterval = evalInterval;
    this.groupOrder = groupOrder;
    this.ruleFiles = ruleFiles;
  }

  /** The failures; empty when the group passes. */
  List<String> run() {
    List<PendingSeries> input = new ArrayList<>();
    for (InputSeries s : tg.inputSeries()) {
      SeriesDescription d;
      try {
        d = SeriesDescParser.parse(s.series() + " " + s.values());
      } catch (IllegalArgumentException e) {
        return List.of(e.getMessage());
      }
      input.add(new PendingSeries(d.labels(), d.values()));
    }
    MemoryStorage storage = new MemoryStorage();
    PromqlEngine engine = new PromqlEngine(new EngineOptions(300_000, 10_000,
        Duration.ofSeconds(100), 20, evalInterval, ParserOptions.DEFAULT, false));
    RuleQuery query = RuleQuery.of(engine, storage::querier);
    List<Group> groups;
    try {
      groups = new GroupLoader(ParserOptions.DEFAULT).load(ruleFiles,
          tg.intervalMs() > 0 ? tg.intervalMs() : evalInterval, 0);
    } catch (RuleFileException e) {
      return e.errors();
    }
    groups = new ArrayList<>(groups);
    groups.sort(Comparator.comparingInt(g -> groupOrder.getOrDefault(g.name(), 0)));
    for (Group g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar) {
          ar.setRestored(true);
        }
      }
    }
    EvalEnvironment env = new EvalEnvironment(query, Labels.fromMap(tg.externalLabels()),
        tg.externalUrl());
    GroupContext ctx = new GroupContext(env, storage::appender, storage::querier, Notifier.NONE,
        GroupContext.DEFAULT_RESEND_DELAY_MS, GroupContext.DEFAULT_OUTAGE_TOLERANCE_MS,
        GroupContext.DEFAULT_FOR_GRACE_PERIOD_MS);

    Map<Long, List<AlertTestCase>> alertTests = new TreeMap<>();
    for (AlertTestCase a : tg.alertRuleTests()) {
      if (a.alertname().isEmpty()) {
        String in = tg.name().isEmpty() ? "" : " (in TestGroup " + tg.name() + ")";
        return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
            + dev.vigil.model.time.Durations.format(a.evalTimeMs()) + in);
      }
      alertTests.computeIfAbsent(a.evalTimeMs(), k -> new ArrayList<>()).add(a);
    }
    List<Long> alertTimes = new ArrayList<>(alertTests.keySet());
    int curr = 0;
    long maxt = maxEvalTime();
    List<String> errs = new ArrayList<>();
    for (long ts = 0; ts <= maxt; ts += evalInterval) {
      appendTill(storage, input, ts);
      List<String> evalErrs = new ArrayList<>();
      for (Group g : groups) {
        g.eval(ts, ctx);
        for (Rule r : g.rules()) {
          if (r.lastError() != null) {
            evalErrs.add("    rule: " + r.name() + ", time: " + GoText.goDuration(ts) + ", err: "
                + r.lastError());
          }
        }
      }
      errs.addAll(evalErrs);
      if (!evalErrs.isEmpty()) {
        return errs;
      }
      while (curr < alertTimes.size() && ts <= alertTimes.get(curr)
          && alertTimes.get(curr) < ts + evalInterval) {
        long t = alertTimes.get(curr);
        for (AlertTestCase tc : alertTests.get(t)) {
          checkAlerts(tc, groups, errs);
        }
        curr++;
      }
    }
    for (PromqlTestCase tc : tg.promqlExprTests()) {
      checkExpr(tc, query, errs);
    }
    return errs;
  }

  private long maxEvalTime() {
    long max = 0;
    for (AlertTestCase a : tg.alertRuleTests()) {
      max = Math.max(max, a.evalTimeMs());
    }
    for (PromqlTestCase p : tg.promqlExprTests()) {
      max = Math.max(max, p.evalTimeMs());
    }
    return max;
  }

  private void appendTill(MemoryStorage storage, List<PendingSeries> input, long ts) {
    Appender app = storage.appender();
    for (PendingSeries s : input) {
      while (s.next < s.values.size()) {
        long t = s.next * tg.intervalMs();
        if (t > ts) {
          break;
        }
        SequenceValue v = s.values.get(s.next++);
        if (v.omitted()) {
          continue;
        }
        try {
          if (v.histogram() != null) {
            app.appendHistogram(0, s.labels, t, v.histogram());
          } else {
            app.append(0, s.labels, t, v.value());
          }
        } catch (AppendException e) {
          // A second sample at the same time (interval 0) loses to the first, as in Prometheus's
          // head.
        }
      }
    }
    app.commit();
  }

  private void checkAlerts(AlertTestCase tc, List<Group> groups, List<String> errs) {
    List<LabelsAndAnnotations> got = new ArrayList<>();
    for (Group g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar && ar.name().equals(tc.alertname())) {
          for (Alert a : ar.alerts()) {
            if (a.state() == AlertState.FIRING) {
              got.add(new LabelsAndAnnotations(a.labels(), a.annotations()));
            }
          }
        }
      }
    }
    List<LabelsAndAnnotations> exp = new ArrayList<>();
    for (ExpAlert a : tc.expAlerts()) {
      Map<String, String> l = new LinkedHashMap<>(a.labels());
      l.put("alertname", tc.alertname());
      exp.add(new LabelsAndAnnotations(fromMap(l), fromMap(a.annotations())));
    }
    got.sort(null);
    exp.sort(null);
    if (!exp.equals(got)) {
      String name = tg.name().isEmpty() ? "" : "    name: " + tg.name() + ",\n";
      errs.add(name + "    alertname: " + tc.alertname() + ", time: "
          + dev.vigil.model.time.Durations.format(tc.evalTimeMs()) + ", \n        exp:"
          + indent(LabelsAndAnnotations.listString(exp), "            ") + ", \n        got:"
          + indent(LabelsAndAnnotations.listString(got), "            "));
    }
  }

  /** Labels from a map, keeping empty values (Go's labels.FromMap does). */
  private static Labels fromMap(Map<String, String> m) {
    String[] pairs = new String[m.size() * 2];
    int i = 0;
    for (var e : new TreeMap<>(m).entrySet()) {
      pairs[i++] = e.getKey();
      pairs[i++] = e.getValue();
    }
    return Labels.wrapSorted(pairs);
  }

  private void checkExpr(PromqlTestCase tc, RuleQuery query, List<String> errs) {
    String head = "    expr: " + GoText.quote(tc.expr()) + ", time: "
        + dev.vigil.model.time.Durations.format(tc.evalTimeMs());
    List<Value.Sample> got;
    try {
      got = query.query(tc.expr(), tc.evalTimeMs());
    } catch (Exception e) {
      errs.add(head + ", err: " + e.getMessage());
      return;
    }
    List<ParsedSample> gotSamples = new ArrayList<>();
    for (Value.Sample s : got) {
      gotSamples.add(new ParsedSample(s.labels(), s.h() != null ? 0 : s.f()));
    }
    List<ParsedSample> expSamples = new ArrayList<>();
    for (ExpSample s : tc.expSamples()) {
      Labels l;
      try {
        l = s.labels().isEmpty() ? Labels.EMPTY : SeriesDescParser.parseMetric(s.labels());
      } catch (IllegalArgumentException e) {
        errs.add(head + ", err: labels " + GoText.quote(s.labels()) + ": " + e.getMessage());
        return;
      }
      expSamples.add(new ParsedSample(l, s.value()));
    }
    expSamples.sort(Comparator.comparing(ParsedSample::labels));
    gotSamples.sort(Comparator.comparing(ParsedSample::labels));
    if (!ParsedSample.same(expSamples, gotSamples)) {
      errs.add(head + ",\n        exp: " + ParsedSample.listString(expSamples)
          + "\n        got: " + ParsedSample.listString(gotSamples));
    }
  }

  static String indent(String lines, String indent) {
    String[] parts = lines.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(indent);
      }
      sb.append(parts[i]);
      if (i != parts.length - 1) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static final class PendingSeries {
    final Labels labels;
    final List<SequenceValue> values;
    int next;

    PendingSeries(Labels labels, List<SequenceValue> values) {
      this.labels = labels;
      this.values = values;
    }
  }

  private record ParsedSample(Labels labels, double value) {
    static boolean same(List<ParsedSample> a, List<ParsedSample> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        // Go's reflect.DeepEqual on floats: NaN never equals, -0 equals 0.
        if (!a.get(i).labels.equals(b.get(i).labels) || !(a.get(i).value == b.get(i).value)) {
          return false;
        }
      }
      return true;
    }

    static String listString(List<ParsedSample> l) {
      if (l.isEmpty()) {
        return "nil";
      }
      StringBuilder sb = new StringBuilder();
      for (ParsedSample s : l) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(GoText.labels(s.labels)).append(' ').append(GoText.floatE(s.value));
      }
      return sb.toString();
    }
  }

  private record LabelsAndAnnotations(Labels labels, Labels annotations)
      implements Comparable<LabelsAndAnnotations> {
    @Override
    public int compareTo(LabelsAndAnnotations o) {
      int c = labels.compareTo(o.labels);
      return c != 0 ? c : annotations.compareTo(o.annotations);
    }

    static String listString(List<LabelsAndAnnotations> l) {
      if (l.isEmpty()) {
        return "[]";
      }
      StringBuilder sb = new StringBuilder("[\n");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(",\n");
        }
        LabelsAndAnnotations a = l.get(i);
        sb.append(i).append(':').append(indent("\nLabels:" + GoText.labels(a.labels)
            + "\nAnnotations:" + GoText.labels(a.annotations), "  "));
      }
      return sb.append("\n]").toString();
    }
  }
}
