package dev.vigil.rules.eval;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Samples;
import dev.vigil.promql.engine.Value;
import dev.vigil.rules.notify.NotifiedAlert;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rule group: rules evaluated in order at one timestamp per iteration. Keeps the series each
 * rule wrote last time so that series which disappear get a staleness marker, and sends alerts
 * to the notifier after each alerting rule. {@link #eval} is called by one thread at a time (the
 * group's scheduler or a test); the status accessors are thread-safe.
 */
public final class Group {
  private final String name;
  private final String file;
  private final long intervalMs;
  private final int limit;
  private final long queryOffsetMs;
  private final List<Rule> rules;
  private final List<Set<Labels>> previousSeries;
  private final Set<Labels> staleSeries = new HashSet<>();
  private final AtomicLong missedIterations = new AtomicLong();
  private final AtomicLong iterations = new AtomicLong();
  private final AtomicLong evalFailures = new AtomicLong();
  private final AtomicLong evalTotal = new AtomicLong();
  private volatile long lastEvaluation;
  private volatile long evaluationTimeNanos;
  private volatile long lastEvalTimestamp;

  public Group(String name, String file, long intervalMs, int limit, long queryOffsetMs,
      List<Rule> rules) {
    this.name = Objects.requireNonNull(name, "name");
    this.file = Objects.requireNonNull(file, "file");
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("group " + name + ": interval " + intervalMs + "ms must be positive");
    }
    this.intervalMs = intervalMs;
    this.limit = limit;
    this.queryOffsetMs = queryOffsetMs;
    this.rules = List.copyOf(rules);
    this.previousSeries = new ArrayList<>();
    for (int i = 0; i < this.rules.size(); i++) {
      previousSeries.add(new HashSet<>());
    }
  }

  public String name() {
    return name;
  }

  public String file() {
    return file;
  }

  public long intervalMs() {
    return intervalMs;
  }

  public int limit() {
    return limit;
  }

  public long queryOffsetMs() {
    return queryOffsetMs;
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * The first evaluation time at or before {@code nowMs}: the interval grid shifted by a
   * per-group offset (a hash of name and file), so groups spread over the interval but each
   * keeps a stable phase across restarts.
   */
  public long evalTimestamp(long nowMs) {
    long offset = Long.remainderUnsigned(Labels.of("name", name, "file", file).stableHash(), intervalMs);
    long adj = nowMs - offset;
    return adj - Math.floorMod(adj, intervalMs) + offset;
  }

  /** Evaluates every rule at {@code ts}, appends the results and notifies. */
  public void eval(long ts, GroupContext ctx) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      long startMs = System.currentTimeMillis();
      long start = System.nanoTime();
      List<Value.Sample> out;
      evalTotal.incrementAndGet();
      try {
        out = rule.eval(ts, queryOffsetMs, ctx.env(), limit);
      } catch (RuleEvaluationException e) {
        evalFailures.incrementAndGet();
        rule.recordEvaluation(RuleHealth.ERR, e.getMessage(), startMs, System.nanoTime() - start);
        continue;
      }
      String appendError = null;
      if (rule instanceof AlertingRule ar) {
        sendAlerts(ar, ts, ctx);
      }
      Set<Labels> returned = new HashSet<>();
      Appender app = ctx.appender().get();
      try {
        for (Value.Sample s : out) {
          try {
            if (s.h() != null) {
              app.appendHistogram(0, s.labels(), s.t(), s.h());
            } else {
              app.append(0, s.labels(), s.t(), s.f());
            }
            returned.add(s.labels());
          } catch (AppendException e) {
            appendError = e.getMessage();
          }
        }
        for (Labels gone : previousSeries.get(i)) {
          if (!returned.contains(gone)) {
            appendStale(app, gone, ts - queryOffsetMs);
          }
        }
        app.commit();
      } catch (RuntimeException e) {
        app.rollback();
        appendError = String.valueOf(e.getMessage());
      }
      previousSeries.set(i, returned);
      rule.recordEvaluation(appendError == null ? RuleHealth.OK : RuleHealth.ERR, appendError,
          startMs, System.nanoTime() - start);
    }
    cleanupStaleSeries(ts, ctx);
  }

  private void cleanupStaleSeries(long ts, GroupContext ctx) {
    if (staleSeries.isEmpty()) {
      return;
    }
    Appender app = ctx.appender().get();
    for (Labels l : staleSeries) {
      appendStale(app, l, ts - queryOffsetMs);
    }
    try {
      app.commit();
    } catch (RuntimeException e) {
      app.rollback();
    }
    staleSeries.clear();
  }

  private static void appendStale(Appender app, Labels l, long t) {
    try {
      app.append(0, l, t, Samples.STALE_NAN);
    } catch (AppendException e) {
      // Expected when another rule or group wrote the series at this time: nothing to mark.
    }
  }

  private void sendAlerts(AlertingRule rule, long ts, GroupContext ctx) {
    List<Alert> alerts = rule.alertsToSend(ts, ctx.resendDelayMs(), intervalMs);
    if (alerts.isEmpty()) {
      return;
    }
    String url = ctx.env().externalUrl() + "/graph?g0.expr="
        + URLEncoder.encode(rule.query(), StandardCharsets.UTF_8) + "&g0.tab=1";
    List<NotifiedAlert> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      long endsAt = a.resolvedAt() != 0 ? a.resolvedAt() : a.validUntil();
      out.add(new NotifiedAlert(a.labels(), a.annotations(), a.firedAt(), endsAt, url));
    }
    ctx.notifier().send(out);
  }

  /**
   * Takes over the state of the group this one replaces: alerts of rules with the same
   * definition, and the series every rule wrote; series of rules that are gone get staleness
   * markers at the next evaluation.
   */
  public void copyStateFrom(Group old) {
    lastEvaluation = old.lastEvaluation;
    evaluationTimeNanos = old.evaluationTimeNanos;
    lastEvalTimestamp = old.lastEvalTimestamp;
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      for (int j = 0; j < old.rules.size(); j++) {
        if (taken.contains(j) || !r.sameDefinition(old.rules.get(j))) {
          continue;
        }
        taken.add(j);
        previousSeries.set(i, new HashSet<>(old.previousSeries.get(j)));
        Rule o = old.rules.get(j);
        r.recordEvaluation(o.health(), o.lastError(), o.lastEvaluation(), o.evaluationTimeNanos());
        if (r instanceof AlertingRule ar && o instanceof AlertingRule oa) {
          ar.copyStateFrom(oa);
        }
        break;
      }
    }
    for (int j = 0; j < old.rules.size(); j++) {
      if (!taken.contains(j)) {
        staleSeries.addAll(old.previousSeries.get(j));
      }
    }
    staleSeries.addAll(old.staleSeries);
  }

  /** Marks every series this group wrote stale (the group is being removed). */
  public void markAllStale(long ts, GroupContext ctx) {
    for (Set<Labels> s : previousSeries) {
      staleSeries.addAll(s);
    }
    cleanupStaleSeries(ts, ctx);
  }

  void recordIteration(long startMs, long durationNanos, long evalTs, long missed) {
    lastEvaluation = startMs;
    evaluationTimeNanos = durationNanos;
    lastEvalTimestamp = evalTs;
    iterations.addAndGet(missed + 1);
    missedIterations.addAndGet(missed);
  }

  /** Wall-clock start of the last iteration in ms, 0 before the first. */
  public long lastEvaluation() {
    return lastEvaluation;
  }

  public long evaluationTimeNanos() {
    return evaluationTimeNanos;
  }

  /** The evaluation timestamp of the last iteration, 0 before the first. */
  public long lastEvalTimestamp() {
    return lastEvalTimestamp;
  }

  /** Iterations skipped because an earlier one overran the interval. */
  public long missedIterations() {
    return missedIterations.get();
  }

  /** Rule evaluations run (one per rule per iteration). */
  public long ruleEvaluations() {
    return evalTotal.get();
  }

  /** Rule evaluations that failed (query errors, invalid output). */
  public long ruleEvaluationFailures() {
    return evalFailures.get();
  }

  /** Iterations scheduled, missed ones included. */
  public long scheduledIterations() {
    return iterations.get();
  }

  /** Whether the group has the same definition as {@code other} (rules, settings). */
  public boolean sameDefinition(Group other) {
    if (!other.name.equals(name) || !other.file.equals(file) || other.intervalMs != intervalMs
        || other.limit != limit || other.queryOffsetMs != queryOffsetMs
        || other.rules.size() != rules.size()) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).sameDefinition(other.rules.get(i))) {
        return false;
      }
    }
    return true;
  }
}
