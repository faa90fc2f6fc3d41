package dev.vigil.common.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A map carrying the Go element type's zero value, so templates treat it as a typed Go map.
 *
 * <p>A plain Java {@link Map} behaves like Go's {@code map[string]interface{}}: a missing key
 * under {@code missingkey=zero} and {@code index} yields nil, printed {@code <no value>}. A
 * {@code TypedMap} of strings behaves like {@code map[string]string} (Prometheus's {@code
 * $labels}): a missing key yields {@code ""}. Immutable and thread-safe when the wrapped map is
 * not modified.
 *
 * @param entries the map; never null
 * @param zero the zero value of the element type (null for interface element types)
 * @param goType the Go type name used in messages, e.g. {@code map[string]string}
 */
public record TypedMap(Map<?, ?> entries, Object zero, String goType) implements GoMap {
  public TypedMap {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(goType, "goType");
  }

  /** A Go {@code map[string]string}: missing keys read as the empty string. */
  public static TypedMap ofStrings(Map<String, String> entries) {
    return new TypedMap(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), "", "map[string]string");
  }

  /** Looks a key up; null when absent (callers apply the missing-key rule). */
  public Object get(Object key) {
    return entries.get(key);
  }

  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  public int size() {
    return entries.size();
  }

  @Override
  public Object zeroValue() {
    return zero;
  }
}
