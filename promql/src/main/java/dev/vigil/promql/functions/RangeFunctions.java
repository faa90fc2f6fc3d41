package dev.vigil.promql.functions;

import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The range-vector functions by name, with the facts the evaluator needs around them.
 *
 * <p>Division of labour with the evaluator: a function computes one series at one step and emits
 * the annotations Prometheus attaches to that computation (mixed floats and histograms, the
 * "might not be a counter" info of {@code rate}/{@code increase}, invalid quantiles). The
 * evaluator builds the output series: it drops the metric name unless {@link #keepsName} (or sets
 * {@code StepSeries.dropName} with delayed name removal), rejects modifiers a function does not
 * support ({@link #checkModifiers}) and fails with "vector cannot contain metrics with the same
 * labelset" when dropping names made two output series collide ({@link SeriesMerge} does that
 * check). Thread-safe (immutable).
 */
public final class RangeFunctions {
  private RangeFunctions() {}

  private static final Map<String, RangeFunction> FUNCTIONS = Map.ofEntries(
      Map.entry("rate", RateFunctions::rate),
      Map.entry("increase", RateFunctions::increase),
      Map.entry("delta", RateFunctions::delta),
      Map.entry("irate", RateFunctions::irate),
      Map.entry("idelta", RateFunctions::idelta),
      Map.entry("deriv", TrendFunctions::deriv),
      Map.entry("predict_linear", TrendFunctions::predictLinear),
      Map.entry("double_exponential_smoothing", TrendFunctions::doubleExponentialSmoothing),
      Map.entry("avg_over_time", OverTimeFunctions::avg),
      Map.entry("sum_over_time", OverTimeFunctions::sum),
      Map.entry("count_over_time", OverTimeFunctions::count),
      Map.entry("min_over_time", OverTimeFunctions::min),
      Map.entry("max_over_time", OverTimeFunctions::max),
      Map.entry("stddev_over_time", OverTimeFunctions::stddev),
      Map.entry("stdvar_over_time", OverTimeFunctions::stdvar),
      Map.entry("quantile_over_time", OverTimeFunctions::quantile),
      Map.entry("mad_over_time", OverTimeFunctions::mad),
      Map.entry("last_over_time", OverTimeFunctions::last),
      Map.entry("first_over_time", OverTimeFunctions::first),
      Map.entry("present_over_time", OverTimeFunctions::present),
      Map.entry("ts_of_first_over_time", OverTimeFunctions::tsOfFirst),
      Map.entry("ts_of_last_over_time", OverTimeFunctions::tsOfLast),
      Map.entry("ts_of_max_over_time", OverTimeFunctions::tsOfMax),
      Map.entry("ts_of_min_over_time", OverTimeFunctions::tsOfMin),
      Map.entry("changes", OverTimeFunctions::changes),
      Map.entry("resets", OverTimeFunctions::resets));

  private static final Set<String> ANCHORED_SAFE =
      new TreeSet<>(Set.of("changes", "delta", "increase", "rate", "resets"));
  private static final Set<String> SMOOTHED_SAFE =
      new TreeSet<>(Set.of("delta", "increase", "rate"));

  /**
   * The function called {@code name}, or null when it is not a range-vector function
   * ({@code absent_over_time} is the evaluator's).
   */
  public static RangeFunction get(String name) {
    return FUNCTIONS.get(name);
  }

  /**
   * Whether the result keeps the input's metric name: {@code last_over_time} and
   * {@code first_over_time} act like an offset and keep it; every other function drops it.
   */
  public static boolean keepsName(String name) {
    return name.equals("last_over_time") || name.equals("first_over_time");
  }

  /**
   * Fails the query, as Prometheus does at evaluation time, when {@code anchored} or
   * {@code smoothed} is used on a function that does not support it.
   */
  public static void checkModifiers(String name, boolean anchored, boolean smoothed) {
    if (anchored && !ANCHORED_SAFE.contains(name)) {
      throw new PromqlException(ErrorType.EXECUTION, "anchored modifier can only be used with: "
          + String.join(", ", ANCHORED_SAFE) + " - not with " + name);
    }
    if (smoothed && !SMOOTHED_SAFE.contains(name)) {
      throw new PromqlException(ErrorType.EXECUTION, "smoothed modifier can only be used with: "
          + String.join(", ", SMOOTHED_SAFE) + " - not with " + name);
    }
  }
}
