package dev.vigil.promql.ast;

import java.util.List;

/**
 * How the two vectors of a binary operation are matched.
 *
 * @param on true for {@code on(labels)}, false for {@code ignoring(labels)} (and for no clause)
 * @param include labels copied from the "one" side by {@code group_left/group_right(include)}
 * @param fillLeft value for a missing left-hand sample ({@code fill}/{@code fill_left}), or null
 * @param fillRight value for a missing right-hand sample ({@code fill}/{@code fill_right}), or null
 */
public record VectorMatching(
    Cardinality cardinality,
    List<String> labels,
    boolean on,
    List<String> include,
    Double fillLeft,
    Double fillRight) {
  public enum Cardinality {
    ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY
  }
}
