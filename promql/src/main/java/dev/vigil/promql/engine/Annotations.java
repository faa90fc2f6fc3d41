package dev.vigil.promql.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings and infos collected while evaluating one query, each message once. Messages carry
 * Prometheus's prefixes ({@code PromQL warning: }, {@code PromQL info: }) and, where Prometheus
 * adds one, the position suffix such as {@code  (1:6)}.
 */
public final class Annotations {
  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> infos = new LinkedHashSet<>();

  public void warn(String message) {
    warnings.add(message);
  }

  public void info(String message) {
    infos.add(message);
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public List<String> infos() {
    return List.copyOf(infos);
  }
}
