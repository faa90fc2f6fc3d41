/**
 * Every PromQL function of Prometheus 3 except the few the evaluator implements itself
 * ({@code timestamp}, {@code absent}, {@code absent_over_time}, {@code info}).
 *
 * <p>Two shapes, both series-at-a-time: {@link dev.vigil.promql.functions.RangeFunction}s compute
 * one series at one step from a reusable {@link dev.vigil.promql.functions.RangeWindow} over the
 * series' samples (no allocation per call on the float paths);
 * {@link dev.vigil.promql.functions.VectorFunction}s run over whole
 * {@code StepSeries} (one value per step) and scalar arrays. Semantics, annotation texts and error
 * messages follow Prometheus 3.14 exactly: the rate family's extrapolation and counter handling,
 * the experimental {@code anchored}/{@code smoothed} modifiers, Kahan-compensated sums,
 * classic and native histogram quantiles and fractions, and native-histogram arithmetic
 * ({@code HistogramMath}) for rate/increase/delta, sum/avg_over_time, changes and resets.
 */
package dev.vigil.promql.functions;
