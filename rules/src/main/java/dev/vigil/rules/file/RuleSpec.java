package dev.vigil.rules.file;

import java.util.Map;
import java.util.Objects;

/**
 * One rule as written in a rule file: a recording rule ({@code record} set) or an alerting rule
 * ({@code alert} set). Label and annotation maps keep file order. Immutable.
 *
 * @param record the recorded metric name, or "" for an alerting rule
 * @param alert the alert name, or "" for a recording rule
 * @param expr the PromQL expression text
 * @param forMs how long an alert stays pending before firing (0 = fires at once)
 * @param keepFiringForMs how long a firing alert keeps firing after its condition clears
 * @param labels labels added to (or overriding) the results; for alerts these are templates
 * @param annotations alert annotations (templates); empty for recording rules
 */
public record RuleSpec(
    String record,
    String alert,
    String expr,
    long forMs,
    long keepFiringForMs,
    Map<String, String> labels,
    Map<String, String> annotations) {
  public RuleSpec {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(expr, "expr");
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
  }

  public boolean isAlerting() {
    return !alert.isEmpty();
  }

  /** The alert name or the recorded metric name. */
  public String name() {
    return isAlerting() ? alert : record;
  }
}
