package dev.vigil.alerting.inhibit;

import dev.vigil.alerting.alert.Alert;
import dev.vigil.alerting.config.InhibitRuleConfig;
import dev.vigil.alerting.matcher.Matchers;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alertmanager's inhibitor. Every alert it {@link #observe observes} that matches a rule's source
 * matchers is cached for that rule. A label set is muted when, for some rule, it matches the
 * target matchers and a cached source alert is still firing and carries the same values for every
 * {@code equal} label (a missing label counts as empty); a source alert that also matches the
 * target side never inhibits an alert that matches both sides, so an alert cannot inhibit
 * itself. Thread-safe.
 */
public final class Inhibitor {
  private final List<Rule> rules;

  private record Rule(Matchers source, Matchers target, List<String> equal,
      ConcurrentHashMap<Long, Alert> sources) {}

  public Inhibitor(List<InhibitRuleConfig> configs) {
    List<Rule> rs = new ArrayList<>();
    for (InhibitRuleConfig c : configs) {
      rs.add(new Rule(c.sourceMatchers(), c.targetMatchers(), c.equal(), new ConcurrentHashMap<>()));
    }
    this.rules = List.copyOf(rs);
  }

  /** Feeds an alert (as stored) to the source caches. */
  public void observe(Alert a) {
    for (Rule r : rules) {
      if (r.source.matches(a.labels())) {
        r.sources.put(a.fingerprint(), a);
      }
    }
  }

  /** The fingerprint of an alert inhibiting these labels at {@code now}, if any. */
  public Optional<Long> inhibitedBy(Labels labels, Instant now) {
    for (Rule r : rules) {
      if (!r.target.matches(labels)) {
        continue;
      }
      boolean excludeTwoSided = r.source.matches(labels);
      for (Alert a : r.sources.values()) {
        if (a.resolvedAt(now)) {
          continue;
        }
        if (!equalLabels(r.equal, a.labels(), labels)) {
          continue;
        }
        if (excludeTwoSided && r.target.matches(a.labels())) {
          continue;
        }
        return Optional.of(a.fingerprint());
      }
    }
    return Optional.empty();
  }

  public boolean mutes(Labels labels, Instant now) {
    return inhibitedBy(labels, now).isPresent();
  }

  private static boolean equalLabels(List<String> names, Labels a, Labels b) {
    for (String n : names) {
      if (!Objects.equals(orEmpty(a.get(n)), orEmpty(b.get(n)))) {
        return false;
      }
    }
    return true;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Drops cached source alerts that are resolved at {@code now}. */
  public void gc(Instant now) {
    for (Rule r : rules) {
      r.sources.values().removeIf(a -> a.resolvedAt(now));
    }
  }
}
