package dev.vigil.server.rules;

import dev.vigil.model.Labels;
import dev.vigil.model.MetricType;
import dev.vigil.rules.eval.Group;
import dev.vigil.rules.eval.RuleManager;
import dev.vigil.server.selfmetrics.Collector;
import dev.vigil.server.selfmetrics.MetricFamilySnapshot;
import dev.vigil.server.selfmetrics.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rule manager's and notifier's self-metrics under Prometheus's names, so existing
 * dashboards and meta-alerts ({@code prometheus_rule_group_iterations_missed_total} etc.) work.
 * Groups are labelled {@code rule_group="<file>;<name>"} as in Prometheus.
 */
final class RuleMetrics implements Collector {
  private final Supplier<RuleManager> manager;
  private final AlertmanagerSender sender;

  RuleMetrics(Supplier<RuleManager> manager, AlertmanagerSender sender) {
    this.manager = manager;
    this.sender = sender;
  }

  @Override
  public List<MetricFamilySnapshot> collect() {
    RuleManager m = manager.get();
    List<Group> groups = m == null ? List.of() : m.groups();
    List<MetricPoint> missed = new ArrayList<>();
    List<MetricPoint> scheduled = new ArrayList<>();
    List<MetricPoint> evals = new ArrayList<>();
    List<MetricPoint> failures = new ArrayList<>();
    List<MetricPoint> duration = new ArrayList<>();
    List<MetricPoint> interval = new ArrayList<>();
    List<MetricPoint> rules = new ArrayList<>();
    List<MetricPoint> lastEval = new ArrayList<>();
    for (Group g : groups) {
      Labels l = Labels.of("rule_group", g.file() + ";" + g.name());
      missed.add(new MetricPoint("_total", l, g.missedIterations()));
      scheduled.add(new MetricPoint("_total", l, g.scheduledIterations()));
      evals.add(new MetricPoint("_total", l, g.ruleEvaluations()));
      failures.add(new MetricPoint("_total", l, g.ruleEvaluationFailures()));
      duration.add(new MetricPoint("", l, g.evaluationTimeNanos() / 1e9));
      interval.add(new MetricPoint("", l, g.intervalMs() / 1e3));
      rules.add(new MetricPoint("", l, g.rules().size()));
      lastEval.add(new MetricPoint("", l, g.lastEvalTimestamp() / 1e3));
    }
    return List.of(
        counter("prometheus_rule_group_iterations_missed",
            "The total number of rule group evaluations missed due to slow rule group evaluation.",
            missed),
        counter("prometheus_rule_group_iterations",
            "The total number of scheduled rule group evaluations, whether executed or missed.",
            scheduled),
        counter("prometheus_rule_evaluations", "The total number of rule evaluations.", evals),
        counter("prometheus_rule_evaluation_failures",
            "The total number of rule evaluation failures.", failures),
        gauge("prometheus_rule_group_last_duration_seconds",
            "The duration of the last rule group evaluation.", duration),
        gauge("prometheus_rule_group_interval_seconds",
            "The interval of a rule group.", interval),
        gauge("prometheus_rule_group_rules", "The number of rules.", rules),
        gauge("prometheus_rule_group_last_evaluation_timestamp_seconds",
            "The timestamp of the last rule group evaluation in seconds.", lastEval),
        counter("prometheus_notifications_sent",
            "Total number of alerts sent.", List.of(new MetricPoint("_total", Labels.EMPTY, sender.sentCount()))),
        counter("prometheus_notifications_errors",
            "Total number of sent alerts affected by errors.",
            List.of(new MetricPoint("_total", Labels.EMPTY, sender.errorCount()))),
        counter("prometheus_notifications_dropped",
            "Total number of alerts dropped due to errors when sending to Alertmanager.",
            List.of(new MetricPoint("_total", Labels.EMPTY, sender.droppedCount()))),
        gauge("prometheus_notifications_alertmanagers_discovered",
            "The number of alertmanagers discovered and active.",
            List.of(new MetricPoint("", Labels.EMPTY, sender.targets().size()))));
  }

  private static MetricFamilySnapshot counter(String name, String help, List<MetricPoint> p) {
    return new MetricFamilySnapshot(name, MetricType.COUNTER, help, p);
  }

  private static MetricFamilySnapshot gauge(String name, String help, List<MetricPoint> p) {
    return new MetricFamilySnapshot(name, MetricType.GAUGE, help, p);
  }
}
