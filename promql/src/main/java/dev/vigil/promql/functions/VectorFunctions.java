package dev.vigil.promql.functions;

import dev.vigil.promql.value.GoMath;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * The functions over instant vectors, scalars and strings by name (everything except the
 * range-vector functions and those the evaluator implements itself: {@code timestamp},
 * {@code absent}, {@code absent_over_time}, {@code info}, and the query's own {@code start()},
 * {@code end()}, {@code step()}, {@code range()}).
 *
 * <p>Contract with the evaluator: arguments arrive evaluated over the whole step grid (vectors as
 * {@code List<StepSeries>} the function may modify, scalars as one double per step, strings as
 * {@code String}); optional arguments that were not given are absent from the list. Functions
 * drop the metric name where Prometheus does (or set {@code StepSeries.dropName} with delayed
 * name removal) and, without delayed name removal, merge series that collide afterwards, failing
 * with "vector cannot contain metrics with the same labelset" when two have a sample at the same
 * step ({@link SeriesMerge}). Thread-safe (immutable).
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  private static final Map<String, VectorFunction> FUNCTIONS = Map.ofEntries(
      Map.entry("abs", MathFunctions.unary(Math::abs)),
      Map.entry("ceil", MathFunctions.unary(Math::ceil)),
      Map.entry("floor", MathFunctions.unary(Math::floor)),
      Map.entry("exp", MathFunctions.unary(StrictMath::exp)),
      Map.entry("ln", MathFunctions.unary(StrictMath::log)),
      Map.entry("log2", MathFunctions.unary(GoMath::log2)),
      Map.entry("log10", MathFunctions.unary(GoMath::log10)),
      Map.entry("sqrt", MathFunctions.unary(Math::sqrt)),
      Map.entry("sgn", MathFunctions.unary(MathFunctions::sgn)),
      Map.entry("sin", MathFunctions.unary(StrictMath::sin)),
      Map.entry("cos", MathFunctions.unary(StrictMath::cos)),
      Map.entry("tan", MathFunctions.unary(StrictMath::tan)),
      Map.entry("asin", MathFunctions.unary(StrictMath::asin)),
      Map.entry("acos", MathFunctions.unary(StrictMath::acos)),
      Map.entry("atan", MathFunctions.unary(StrictMath::atan)),
      Map.entry("sinh", MathFunctions.unary(StrictMath::sinh)),
      Map.entry("cosh", MathFunctions.unary(StrictMath::cosh)),
      Map.entry("tanh", MathFunctions.unary(StrictMath::tanh)),
      Map.entry("asinh", MathFunctions.unary(GoMath::asinh)),
      Map.entry("acosh", MathFunctions.unary(GoMath::acosh)),
      Map.entry("atanh", MathFunctions.unary(GoMath::atanh)),
      Map.entry("deg", MathFunctions.unary(v -> v * 180 / Math.PI)),
      Map.entry("rad", MathFunctions.unary(v -> v * Math.PI / 180)),
      Map.entry("round", MathFunctions::round),
      Map.entry("clamp", MathFunctions.clamp(1, 2)),
      Map.entry("clamp_min", MathFunctions.clamp(1, -1)),
      Map.entry("clamp_max", MathFunctions.clamp(-1, 1)),
      Map.entry("pi", TimeFunctions.PI),
      Map.entry("time", TimeFunctions.TIME),
      Map.entry("vector", TimeFunctions.VECTOR),
      Map.entry("scalar", TimeFunctions.SCALAR),
      Map.entry("min_of", MathFunctions.minOf(true)),
      Map.entry("max_of", MathFunctions.minOf(false)),
      Map.entry("year", TimeFunctions.calendar(LocalDateTime::getYear)),
      Map.entry("month", TimeFunctions.calendar(LocalDateTime::getMonthValue)),
      Map.entry("day_of_month", TimeFunctions.calendar(LocalDateTime::getDayOfMonth)),
      Map.entry("day_of_year", TimeFunctions.calendar(LocalDateTime::getDayOfYear)),
      Map.entry("day_of_week", TimeFunctions.calendar(TimeFunctions::dayOfWeek)),
      Map.entry("days_in_month", TimeFunctions.calendar(TimeFunctions::daysInMonth)),
      Map.entry("hour", TimeFunctions.calendar(LocalDateTime::getHour)),
      Map.entry("minute", TimeFunctions.calendar(LocalDateTime::getMinute)),
      Map.entry("label_replace", LabelFunctions.LABEL_REPLACE),
      Map.entry("label_join", LabelFunctions.LABEL_JOIN),
      Map.entry("sort", SortFunctions.byValue(false)),
      Map.entry("sort_desc", SortFunctions.byValue(true)),
      Map.entry("sort_by_label", SortFunctions.byLabel(false)),
      Map.entry("sort_by_label_desc", SortFunctions.byLabel(true)),
      Map.entry("histogram_quantile", HistogramFunctions::quantile),
      Map.entry("histogram_quantiles", HistogramFunctions::quantilesLabelled),
      Map.entry("histogram_fraction", HistogramFunctions::fraction),
      Map.entry("histogram_count", HistogramFunctions.nativeValue(h -> h.count())),
      Map.entry("histogram_sum", HistogramFunctions.nativeValue(h -> h.sum())),
      Map.entry("histogram_avg", HistogramFunctions.nativeValue(h -> h.sum() / h.count())),
      Map.entry("histogram_stddev",
          HistogramFunctions.nativeValue(h -> Math.sqrt(HistogramFunctions.variance(h)))),
      Map.entry("histogram_stdvar", HistogramFunctions.nativeValue(HistogramFunctions::variance)));

  /** The function called {@code name}, or null when there is none. */
  public static VectorFunction get(String name) {
    return FUNCTIONS.get(name);
  }
}
