package dev.vigil.alerting.matcher;

import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * An ordered, immutable list of matchers that all must match (Alertmanager's {@code
 * labels.Matchers}). Printed as {@code {a="b",c=~"d"}} (no space after the comma), the form route
 * keys are built from. Thread-safe.
 */
public record Matchers(List<LabelMatcher> list) {
  public static final Matchers EMPTY = new Matchers(List.of());

  public Matchers {
    list = List.copyOf(list);
  }

  /** The matchers sorted into Alertmanager's order. */
  public static Matchers sorted(Collection<LabelMatcher> ms) {
    List<LabelMatcher> l = new ArrayList<>(ms);
    l.sort(LabelMatcher.ORDER);
    return new Matchers(l);
  }

  public boolean matches(Labels labels) {
    for (LabelMatcher m : list) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",", "{", "}");
    for (LabelMatcher m : list) {
      j.add(m.toString());
    }
    return j.toString();
  }
}
