package dev.vigil.rules.eval;

import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.file.RuleFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs rule groups on their schedules and reloads them (Prometheus's rules Manager). Each group
 * runs on its own virtual thread, evaluating at timestamps aligned to its interval with a
 * per-group phase; an iteration that overruns makes the next ones skip, counted as missed. A
 * reload keeps unchanged groups running untouched and carries the alert state and written series
 * of unchanged rules into changed groups; series of removed rules and groups are marked stale.
 * The {@code for} state is restored from {@code ALERTS_FOR_STATE} once, for the groups of the
 * first load. Thread-safe.
 */
public final class RuleManager implements AutoCloseable {
  private volatile GroupContext ctx;
  private final GroupLoader loader;
  private final Clock clock;
  private final long defaultIntervalMs;
  private final long defaultQueryOffsetMs;
  private final Map<String, GroupRunner> running = new LinkedHashMap<>();
  private boolean loadedOnce;
  private boolean closed;

  /**
   * @param defaultIntervalMs the global evaluation interval
   * @param defaultQueryOffsetMs the global rule query offset
   */
  public RuleManager(GroupContext ctx, ParserOptions parserOptions, Clock clock,
      long defaultIntervalMs, long defaultQueryOffsetMs) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.loader = new GroupLoader(parserOptions);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (defaultIntervalMs <= 0) {
      throw new IllegalArgumentException("evaluation interval " + defaultIntervalMs + "ms must be positive");
    }
    this.defaultIntervalMs = defaultIntervalMs;
    this.defaultQueryOffsetMs = defaultQueryOffsetMs;
  }

  /**
   * Loads the files and replaces the running groups. On any file error nothing changes.
   *
   * @throws RuleFileException listing every problem of every file
   */
  public void load(List<String> files) throws RuleFileException {
    List<Group> groups = loader.load(files, defaultIntervalMs, defaultQueryOffsetMs);
    update(groups);
  }

  /** Replaces the running groups with {@code groups}. */
  public synchronized void update(List<Group> groups) {
    if (closed) {
      throw new IllegalStateException("rule manager is closed");
    }
    Map<String, GroupRunner> next = new LinkedHashMap<>();
    boolean restore = !loadedOnce;
    for (Group g : groups) {
      String key = key(g);
      if (next.containsKey(key)) {
        continue;
      }
      GroupRunner old = running.remove(key);
      if (old != null && old.group().sameDefinition(g)) {
        next.put(key, old);
        continue;
      }
      if (old != null) {
        old.stop();
        g.copyStateFrom(old.group());
      } else if (!restore) {
        markRestored(g);
      }
      GroupRunner r = new GroupRunner(g, this::context, clock, restore);
      next.put(key, r);
    }
    for (GroupRunner gone : running.values()) {
      gone.stop();
      gone.group().markAllStale(clock.millis(), ctx);
    }
    running.clear();
    running.putAll(next);
    for (GroupRunner r : running.values()) {
      r.start();
    }
    loadedOnce = true;
  }

  /** The context groups evaluate with. */
  public GroupContext context() {
    return ctx;
  }

  /**
   * Replaces the context (external labels or URL, notifier changed by a reload); running groups
   * use it from their next evaluation.
   */
  public void setContext(GroupContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  private static void markRestored(Group g) {
    for (Rule r : g.rules()) {
      if (r instanceof AlertingRule ar) {
        ar.setRestored(true);
      }
    }
  }

  private static String key(Group g) {
    return g.file() + ";" + g.name();
  }

  /** The running groups, in load order. */
  public synchronized List<Group> groups() {
    List<Group> out = new ArrayList<>();
    for (GroupRunner r : running.values()) {
      out.add(r.group());
    }
    return out;
  }

  /** Every alerting rule of every group. */
  public List<AlertingRule> alertingRules() {
    List<AlertingRule> out = new ArrayList<>();
    for (Group g : groups()) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar) {
          out.add(ar);
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (GroupRunner r : running.values()) {
      r.stop();
    }
    running.clear();
  }
}
