package dev.vigil.alerting.template;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Label or annotation pairs sorted by name (Alertmanager's {@code template.Pairs}): a slice to
 * templates, with {@code .Names} and {@code .Values}. Immutable.
 */
public final class Pairs extends AbstractList<Pair> {
  private final List<Pair> pairs;

  Pairs(List<Pair> pairs) {
    this.pairs = List.copyOf(pairs);
  }

  @Override
  public Pair get(int index) {
    return pairs.get(index);
  }

  @Override
  public int size() {
    return pairs.size();
  }

  /** The names in order; capitalised so templates find it as Go's method. */
  public List<String> Names() {
    List<String> out = new ArrayList<>(pairs.size());
    pairs.forEach(p -> out.add(p.name()));
    return out;
  }

  /** The values in name order. */
  public List<String> Values() {
    List<String> out = new ArrayList<>(pairs.size());
    pairs.forEach(p -> out.add(p.value()));
    return out;
  }
}
