/**
 * Sample values and the arithmetic every layer of the engine shares: Go's float formatting
 * ({@link dev.vigil.promql.value.GoFloats}), Prometheus's tolerance comparison
 * ({@link dev.vigil.promql.value.Almost}), compensated sums
 * ({@link dev.vigil.promql.value.KahanSum}), float quantiles
 * ({@link dev.vigil.promql.value.Quantiles}) and native-histogram bucket boundaries and iteration
 * ({@link dev.vigil.promql.value.HistogramBuckets}). The parser, functions, operators, the
 * promqltest runner and the server's query JSON all use these, so that one number is written and
 * one bucket bound is computed the same way everywhere.
 */
package dev.vigil.promql.value;
