package dev.vigil.promql.functions;

/**
 * A function over a range vector ({@code rate}, {@code *_over_time}, ...), evaluated once per
 * series and step on a {@link RangeWindow}.
 */
@FunctionalInterface
public interface RangeFunction {
  /**
   * Computes the result for the window into {@code w.outValue}/{@code w.outHistogram}.
   *
   * @return false when the window yields no sample (e.g. {@code rate} over fewer than two)
   */
  boolean apply(RangeWindow w);
}
