package dev.vigil.promql.ast;

import java.util.List;

/**
 * A PromQL function's signature, as the parser type-checks calls against it.
 *
 * <p>Variadic semantics follow Prometheus: with {@code variadic == 0} a call takes exactly
 * {@code argTypes.size()} arguments; otherwise it takes at least {@code argTypes.size() - 1}
 * (the last declared argument is optional), at most {@code argTypes.size() - 1 + variadic} when
 * {@code variadic > 0}, and without bound when {@code variadic < 0}. Arguments past the declared
 * list have the last declared type ({@link #argType(int)}).
 *
 * @param variadic 0: exactly argTypes; n &gt; 0: the last declared argument is optional and may
 *     repeat up to n times in all (round, hour, histogram_quantiles); -1: the last declared type
 *     repeats without bound (label_join, sort_by_label)
 * @param experimental parses only with the experimental-functions feature on
 */
public record FunctionDef(
    String name,
    List<ValueKind> argTypes,
    int variadic,
    ValueKind returnType,
    boolean experimental) {

  /** The fewest arguments a call may pass. */
  public int minArgs() {
    return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
  }

  /** The most arguments a call may pass, {@link Integer#MAX_VALUE} when unbounded. */
  public int maxArgs() {
    if (variadic == 0) {
      return argTypes.size();
    }
    return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
  }

  /** The declared type of argument {@code i} (0-based); past the list, the last declared type. */
  public ValueKind argType(int i) {
    return argTypes.get(Math.min(i, argTypes.size() - 1));
  }
}
