package dev.vigil.rules.file;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule group as written in a rule file. Immutable.
 *
 * @param name the group name, unique within its file
 * @param intervalMs evaluation interval; 0 means the global evaluation interval
 * @param queryOffsetMs how far back queries look ({@code query_offset}); null means the global
 *     default
 * @param limit the most alerts or series a rule may produce (0 = no limit)
 * @param labels labels added to every rule of the group (rule labels win)
 * @param rules the rules, in evaluation order
 */
public record GroupSpec(
    String name, long intervalMs, Long queryOffsetMs, int limit, Map<String, String> labels,
    List<RuleSpec> rules) {
  public GroupSpec {
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    rules = List.copyOf(rules);
  }
}
