package dev.vigil.promql.ast;

import static dev.vigil.promql.ast.ValueKind.MATRIX;
import static dev.vigil.promql.ast.ValueKind.SCALAR;
import static dev.vigil.promql.ast.ValueKind.STRING;
import static dev.vigil.promql.ast.ValueKind.VECTOR;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every function of Prometheus 3 (as of v3.14) with its signature, by name. Names are
 * case-sensitive, as in Prometheus. The table is immutable and thread-safe.
 */
public final class Functions {
  private static final Map<String, FunctionDef> ALL = build();

  private Functions() {}

  /** The function called {@code name}, or null when PromQL has none. */
  public static FunctionDef get(String name) {
    return ALL.get(name);
  }

  /** All functions, sorted by name. */
  public static Map<String, FunctionDef> all() {
    return ALL;
  }

  private static Map<String, FunctionDef> build() {
    Map<String, FunctionDef> m = new TreeMap<>();
    def(m, "abs", List.of(VECTOR), 0, VECTOR, false);
    def(m, "absent", List.of(VECTOR), 0, VECTOR, false);
    def(m, "absent_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "acos", List.of(VECTOR), 0, VECTOR, false);
    def(m, "acosh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "asin", List.of(VECTOR), 0, VECTOR, false);
    def(m, "asinh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "atan", List.of(VECTOR), 0, VECTOR, false);
    def(m, "atanh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "avg_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "ceil", List.of(VECTOR), 0, VECTOR, false);
    def(m, "changes", List.of(MATRIX), 0, VECTOR, false);
    def(m, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR, false);
    def(m, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR, false);
    def(m, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR, false);
    def(m, "cos", List.of(VECTOR), 0, VECTOR, false);
    def(m, "cosh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "count_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "days_in_month", List.of(VECTOR), 1, VECTOR, false);
    def(m, "day_of_month", List.of(VECTOR), 1, VECTOR, false);
    def(m, "day_of_week", List.of(VECTOR), 1, VECTOR, false);
    def(m, "day_of_year", List.of(VECTOR), 1, VECTOR, false);
    def(m, "deg", List.of(VECTOR), 0, VECTOR, false);
    def(m, "delta", List.of(MATRIX), 0, VECTOR, false);
    def(m, "deriv", List.of(MATRIX), 0, VECTOR, false);
    def(m, "double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, true);
    def(m, "end", List.of(), 0, SCALAR, true);
    def(m, "exp", List.of(VECTOR), 0, VECTOR, false);
    def(m, "first_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "floor", List.of(VECTOR), 0, VECTOR, false);
    def(m, "histogram_avg", List.of(VECTOR), 0, VECTOR, false);
    def(m, "histogram_count", List.of(VECTOR), 0, VECTOR, false);
    def(m, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
    def(m, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, false);
    def(m, "histogram_quantiles", List.of(VECTOR, STRING, SCALAR, SCALAR), 9, VECTOR, true);
    def(m, "histogram_stddev", List.of(VECTOR), 0, VECTOR, false);
    def(m, "histogram_stdvar", List.of(VECTOR), 0, VECTOR, false);
    def(m, "histogram_sum", List.of(VECTOR), 0, VECTOR, false);
    def(m, "hour", List.of(VECTOR), 1, VECTOR, false);
    def(m, "idelta", List.of(MATRIX), 0, VECTOR, false);
    def(m, "increase", List.of(MATRIX), 0, VECTOR, false);
    def(m, "info", List.of(VECTOR, VECTOR), 1, VECTOR, true);
    def(m, "integral", List.of(MATRIX, SCALAR), 1, VECTOR, true);
    def(m, "irate", List.of(MATRIX), 0, VECTOR, false);
    def(m, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, false);
    def(m, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, false);
    def(m, "last_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "ln", List.of(VECTOR), 0, VECTOR, false);
    def(m, "log10", List.of(VECTOR), 0, VECTOR, false);
    def(m, "log2", List.of(VECTOR), 0, VECTOR, false);
    def(m, "mad_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "max_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "min_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "minute", List.of(VECTOR), 1, VECTOR, false);
    def(m, "month", List.of(VECTOR), 1, VECTOR, false);
    def(m, "pi", List.of(), 0, SCALAR, false);
    def(m, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR, false);
    def(m, "present_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR, false);
    def(m, "rad", List.of(VECTOR), 0, VECTOR, false);
    def(m, "range", List.of(), 0, SCALAR, true);
    def(m, "rate", List.of(MATRIX), 0, VECTOR, false);
    def(m, "resets", List.of(MATRIX), 0, VECTOR, false);
    def(m, "round", List.of(VECTOR, SCALAR), 1, VECTOR, false);
    def(m, "scalar", List.of(VECTOR), 0, SCALAR, false);
    def(m, "sgn", List.of(VECTOR), 0, VECTOR, false);
    def(m, "sin", List.of(VECTOR), 0, VECTOR, false);
    def(m, "sinh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "sort", List.of(VECTOR), 0, VECTOR, false);
    def(m, "sort_by_label", List.of(VECTOR, STRING), -1, VECTOR, true);
    def(m, "sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR, true);
    def(m, "sort_desc", List.of(VECTOR), 0, VECTOR, false);
    def(m, "sqrt", List.of(VECTOR), 0, VECTOR, false);
    def(m, "start", List.of(), 0, SCALAR, true);
    def(m, "stddev_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "stdvar_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "step", List.of(), 0, SCALAR, true);
    def(m, "sum_over_time", List.of(MATRIX), 0, VECTOR, false);
    def(m, "tan", List.of(VECTOR), 0, VECTOR, false);
    def(m, "tanh", List.of(VECTOR), 0, VECTOR, false);
    def(m, "time", List.of(), 0, SCALAR, false);
    def(m, "timestamp", List.of(VECTOR), 0, VECTOR, false);
    def(m, "ts_of_first_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "ts_of_last_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "ts_of_max_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "ts_of_min_over_time", List.of(MATRIX), 0, VECTOR, true);
    def(m, "vector", List.of(SCALAR), 0, VECTOR, false);
    def(m, "year", List.of(VECTOR), 1, VECTOR, false);
    def(m, "max_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
    def(m, "min_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
    def(m, "start_timestamp", List.of(VECTOR), 0, VECTOR, true);
    return Collections.unmodifiableMap(m);
  }

  private static void def(
      Map<String, FunctionDef> m,
      String name,
      List<ValueKind> args,
      int variadic,
      ValueKind ret,
      boolean experimental) {
    m.put(name, new FunctionDef(name, args, variadic, ret, experimental));
  }
}
