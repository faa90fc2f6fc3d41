package dev.vigil.alerting.template;

import dev.vigil.common.template.GoMap;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A label or annotation set as templates see it (Alertmanager's {@code template.KV}, a Go
 * {@code map[string]string}): indexable and rangeable in name order, a missing key reads as
 * {@code ""}, and Go's methods {@code .SortedPairs}, {@code .Names}, {@code .Values} and
 * {@code .Remove}. The methods are spelled with a capital letter because templates look up the
 * exact Go name before map keys. Immutable.
 */
public final class KV extends AbstractMap<String, String> implements GoMap {
  private final TreeMap<String, String> entries;

  public KV(Map<String, String> entries) {
    this.entries = new TreeMap<>(entries);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return Collections.unmodifiableSet(entries.entrySet());
  }

  @Override
  public String get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public Object zeroValue() {
    return "";
  }

  /** The pairs sorted by name. */
  public Pairs SortedPairs() {
    List<Pair> out = new ArrayList<>(entries.size());
    entries.forEach((k, v) -> out.add(new Pair(k, v)));
    return new Pairs(out);
  }

  /** The names, sorted. */
  public List<String> Names() {
    return List.copyOf(entries.keySet());
  }

  /** The values in name order. */
  public List<String> Values() {
    return List.copyOf(entries.values());
  }

  /** A copy without the given names. */
  public KV Remove(Collection<?> names) {
    TreeMap<String, String> m = new TreeMap<>(entries);
    for (Object n : names) {
      m.remove(String.valueOf(n));
    }
    return new KV(m);
  }
}
