package dev.vigil.rules.eval;

import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import dev.vigil.promql.engine.Value;
import dev.vigil.rules.template.AlertTemplateData;
import dev.vigil.rules.template.AlertTemplates;
import dev.vigil.rules.template.ExpansionContext;
import dev.vigil.rules.template.QuerySample;
import dev.vigil.rules.template.TemplateExpander;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An alerting rule and its active alerts, with Prometheus's state machine: a result becomes a
 * pending alert, fires once it has been pending for {@code for}, keeps firing for {@code
 * keep_firing_for} after its condition clears, and, once resolved, is kept (inactive) for 15
 * minutes so that notifiers keep hearing of the resolution. Writes {@code ALERTS} and {@code
 * ALERTS_FOR_STATE} samples once its state has been restored. Thread-safe: evaluation and the
 * readers synchronize on the rule.
 */
public final class AlertingRule implements Rule {
  /** How long resolved alerts are kept and re-sent. */
  public static final long RESOLVED_RETENTION_MS = 15 * 60_000L;

  private final String name;
  private final String query;
  private final long holdMs;
  private final long keepFiringForMs;
  private final Labels labels;
  private final Map<String, String> annotations;
  private final RuleStatus status = new RuleStatus();
  private final Map<Labels, MutableAlert> active = new LinkedHashMap<>();
  private volatile boolean restored;

  public AlertingRule(String name, String query, long holdMs, long keepFiringForMs, Labels labels,
      Map<String, String> annotations) {
    this.name = Objects.requireNonNull(name, "name");
    this.query = Objects.requireNonNull(query, "query");
    if (holdMs < 0 || keepFiringForMs < 0) {
      throw new IllegalArgumentException("negative for (" + holdMs + "ms) or keep_firing_for ("
          + keepFiringForMs + "ms)");
    }
    this.holdMs = holdMs;
    this.keepFiringForMs = keepFiringForMs;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.annotations = new LinkedHashMap<>(annotations);
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

  public long holdMs() {
    return holdMs;
  }

  public long keepFiringForMs() {
    return keepFiringForMs;
  }

  public Map<String, String> annotations() {
    return java.util.Collections.unmodifiableMap(annotations);
  }

  /** Whether the {@code for} state was restored (or needs none); ALERTS are written only then. */
  public boolean restored() {
    return restored;
  }

  public void setRestored(boolean r) {
    restored = r;
  }

  @Override
  public synchronized List<Value.Sample> eval(long ts, long queryOffsetMs, EvalEnvironment env,
      int limit) throws RuleEvaluationException {
    long qt = ts - queryOffsetMs;
    List<Value.Sample> res;
    try {
      res = env.query().query(query, qt);
    } catch (Exception e) {
      throw new RuleEvaluationException(String.valueOf(e.getMessage()));
    }
    TemplateExpander expander = new TemplateExpander(new ExpansionContext(
        (expr, t) -> toTemplateSamples(env.query().query(expr, t)), ts, uri(env.externalUrl())));
    Map<String, String> external = toMap(env.externalLabels());
    Map<Labels, MutableAlert> fresh = new LinkedHashMap<>();
    for (Value.Sample s : res) {
      AlertTemplateData data =
          AlertTemplateData.of(toMap(s.labels()), external, env.externalUrl(), s.f());
      LabelsBuilder lb = s.labels().toBuilder().delete(Labels.METRIC_NAME);
      labels.forEach((k, v) -> lb.set(k, AlertTemplates.expand(name, v, data, expander)));
      lb.set("alertname", name);
      LabelsBuilder ab = new LabelsBuilder();
      annotations.forEach((k, v) -> ab.set(k, AlertTemplates.expand(name, v, data, expander)));
      Labels l = lb.build();
      if (fresh.containsKey(l)) {
        throw new RuleEvaluationException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
      MutableAlert a = new MutableAlert(l);
      a.annotations = ab.build();
      a.activeAt = ts;
      a.state = AlertState.PENDING;
      a.value = s.f();
      fresh.put(l, a);
    }
    for (MutableAlert a : fresh.values()) {
      MutableAlert old = active.get(a.labels);
      if (old != null && old.state != AlertState.INACTIVE) {
        old.value = a.value;
        old.annotations = a.annotations;
        continue;
      }
      active.put(a.labels, a);
    }
    List<Value.Sample> out = new ArrayList<>();
    int activeCount = 0;
    var it = active.values().iterator();
    while (it.hasNext()) {
      MutableAlert a = it.next();
      if (!fresh.containsKey(a.labels)) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && keepFiringForMs > 0) {
          if (a.keepFiringSince == 0) {
            a.keepFiringSince = ts;
          }
          keepFiring = ts - a.keepFiringSince < keepFiringForMs;
        }
        if (a.state == AlertState.PENDING
            || (a.resolvedAt != 0 && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) {
          it.remove();
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        a.keepFiringSince = 0;
      }
      activeCount++;
      if (a.state == AlertState.PENDING && ts - a.activeAt >= holdMs) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
      }
      if (restored) {
        out.add(new Value.Sample(a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS")
            .set("alertstate", a.state.apiName()).build(), qt, 1, null));
        out.add(new Value.Sample(a.labels.toBuilder().set(Labels.METRIC_NAME, "ALERTS_FOR_STATE")
            .build(), qt, Math.floorDiv(a.activeAt, 1000), null));
      }
    }
    if (limit > 0 && activeCount > limit) {
      active.clear();
      throw new RuleEvaluationException(
          "exceeded limit of " + limit + " with " + activeCount + " alerts");
    }
    return out;
  }

  private static List<QuerySample> toTemplateSamples(List<Value.Sample> in) {
    List<QuerySample> out = new ArrayList<>(in.size());
    for (Value.Sample s : in) {
      out.add(new QuerySample(toMap(s.labels()), s.f()));
    }
    return out;
  }

  private static Map<String, String> toMap(Labels l) {
    Map<String, String> m = new HashMap<>();
    l.forEach(m::put);
    return m;
  }

  private static URI uri(String s) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      return URI.create("");
    }
  }

  /** Snapshots of the pending, firing and kept resolved alerts. */
  public synchronized List<Alert> alerts() {
    List<Alert> out = new ArrayList<>(active.size());
    for (MutableAlert a : active.values()) {
      out.add(a.snapshot());
    }
    return out;
  }

  /** Pending and firing alerts only (what the alerts API lists). */
  public List<Alert> activeAlerts() {
    List<Alert> out = new ArrayList<>();
    for (Alert a : alerts()) {
      if (a.state() != AlertState.INACTIVE) {
        out.add(a);
      }
    }
    return out;
  }

  /** The most severe state among the alerts. */
  public synchronized AlertState state() {
    AlertState s = AlertState.INACTIVE;
    for (MutableAlert a : active.values()) {
      if (a.state.compareTo(s) > 0) {
        s = a.state;
      }
    }
    return s;
  }

  /**
   * Marks the alerts that need sending at {@code ts} as sent and returns them (Prometheus's
   * needsSending: firing alerts every {@code resendDelayMs}, resolved alerts once after each
   * resolution, pending never); their {@code validUntil} becomes {@code ts + 4 ×
   * max(intervalMs, resendDelayMs)}.
   */
  public synchronized List<Alert> alertsToSend(long ts, long resendDelayMs, long intervalMs) {
    List<Alert> out = new ArrayList<>();
    for (MutableAlert a : active.values()) {
      if (a.state == AlertState.PENDING) {
        continue;
      }
      boolean send = !a.sent || a.resolvedAt > a.lastSentAt || a.lastSentAt + resendDelayMs < ts;
      if (!send) {
        continue;
      }
      a.lastSentAt = ts;
      a.sent = true;
      a.validUntil = ts + 4 * Math.max(intervalMs, resendDelayMs);
      out.add(a.snapshot());
    }
    return out;
  }

  /** Applies {@code f} to each kept alert, for restoring {@code for} state. */
  synchronized void forEachActive(Consumer<MutableAlert> f) {
    active.values().forEach(f);
  }

  /** Takes over the alerts of the rule this one replaces on reload. */
  synchronized void copyStateFrom(AlertingRule old) {
    synchronized (old) {
      for (MutableAlert a : old.active.values()) {
        active.put(a.labels, a.copy());
      }
    }
    restored = old.restored;
  }

  @Override
  public RuleStatus status() {
    return status;
  }

  @Override
  public boolean sameDefinition(Rule other) {
    return other instanceof AlertingRule r && r.name.equals(name) && r.query.equals(query)
        && r.holdMs == holdMs && r.keepFiringForMs == keepFiringForMs && r.labels.equals(labels)
        && r.annotations.equals(annotations);
  }

  /** One alert's mutable state, guarded by the owning rule. */
  static final class MutableAlert {
    final Labels labels;
    Labels annotations = Labels.EMPTY;
    AlertState state = AlertState.PENDING;
    double value;
    long activeAt;
    long firedAt;
    long resolvedAt;
    long lastSentAt;
    boolean sent;
    long validUntil;
    long keepFiringSince;

    MutableAlert(Labels labels) {
      this.labels = labels;
    }

    MutableAlert copy() {
      MutableAlert c = new MutableAlert(labels);
      c.annotations = annotations;
      c.state = state;
      c.value = value;
      c.activeAt = activeAt;
      c.firedAt = firedAt;
      c.resolvedAt = resolvedAt;
      c.lastSentAt = lastSentAt;
      c.sent = sent;
      c.validUntil = validUntil;
      c.keepFiringSince = keepFiringSince;
      return c;
    }

    Alert snapshot() {
      return new Alert(labels, annotations, state, value, activeAt, firedAt, resolvedAt,
          lastSentAt, validUntil, keepFiringSince);
    }
  }
}
