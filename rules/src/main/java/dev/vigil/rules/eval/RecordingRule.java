package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.promql.engine.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A recording rule: evaluates its expression and renames the results to {@code record}, adding
 * its labels. Thread-safe.
 */
public final class RecordingRule implements Rule {
  private final String name;
  private final String query;
  private final Labels labels;
  private final RuleStatus status = new RuleStatus();

  public RecordingRule(String name, String query, Labels labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.query = Objects.requireNonNull(query, "query");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<Value.Sample> eval(long timeMs, long queryOffsetMs, EvalEnvironment env, int limit)
      throws RuleEvaluationException {
    List<Value.Sample> res;
    try {
      res = env.query().query(query, timeMs - queryOffsetMs);
    } catch (Exception e) {
      throw new RuleEvaluationException(String.valueOf(e.getMessage()));
    }
    List<Value.Sample> out = new ArrayList<>(res.size());
    Set<Labels> seen = new HashSet<>();
    for (Value.Sample s : res) {
      LabelsBuilder b = s.labels().toBuilder();
      b.set(Labels.METRIC_NAME, name);
      labels.forEach(b::set);
      Labels l = b.build();
      if (!seen.add(l)) {
        throw new RuleEvaluationException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new Value.Sample(l, s.t(), s.f(), s.h()));
    }
    if (limit > 0 && out.size() > limit) {
      throw new RuleEvaluationException(
          "exceeded limit of " + limit + " with " + out.size() + " series");
    }
    return out;
  }

  @Override
  public RuleStatus status() {
    return status;
  }

  @Override
  public boolean sameDefinition(Rule other) {
    return other instanceof RecordingRule r && r.name.equals(name) && r.query.equals(query)
        && r.labels.equals(labels);
  }
}
