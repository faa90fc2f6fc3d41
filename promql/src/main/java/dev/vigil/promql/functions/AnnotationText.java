package dev.vigil.promql.functions;

import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.parser.GoText;
import dev.vigil.promql.value.GoFloats;

/**
 * The texts of the warnings and infos the functions emit, worded exactly as Prometheus words them
 * (clients and the conformance scripts compare them), each followed by the position suffix of the
 * node Prometheus attaches it to. Stateless.
 */
final class AnnotationText {
  private static final String WARN = "PromQL warning: ";
  private static final String INFO = "PromQL info: ";

  private AnnotationText() {}

  static String suffix(EvalContext ctx, PosRange pos) {
    return pos == null ? "" : ctx.position(pos);
  }

  private static String withName(String base, String metricName) {
    return metricName == null || metricName.isEmpty()
        ? base
        : base + " for metric name " + GoText.quote(metricName);
  }

  static void mixedFloatsHistograms(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(WARN + "encountered a mix of histograms and floats for metric name "
        + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void histogramIgnoredInMixedRange(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(INFO
        + "ignored histograms in a range containing both floats and histograms for metric name "
        + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void possibleNonCounter(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(INFO
        + "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
        + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void invalidQuantile(EvalContext ctx, double q, PosRange pos) {
    ctx.annotations().warn(WARN + "quantile value should be between 0 and 1, got "
        + GoFloats.formatG(q) + suffix(ctx, pos));
  }

  static void badBucketLabel(EvalContext ctx, String metric, String le, PosRange pos) {
    ctx.annotations().warn(withName(WARN
        + "bucket label \"le\" is missing or has a malformed value of " + GoText.quote(le),
        metric) + suffix(ctx, pos));
  }

  static void mixedClassicNative(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(
        withName(WARN + "vector contains a mix of classic and native histograms", metric)
            + suffix(ctx, pos));
  }

  static void forcedMonotonicity(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(withName(INFO + "input to histogram_quantile needed to be fixed for"
        + " monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/"
        + "#histogram_quantile)", metric) + suffix(ctx, pos));
  }

  static void nativeHistogramNotCounter(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(WARN + "this native histogram metric is not a counter: "
        + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void nativeHistogramNotGauge(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(WARN + "this native histogram metric is not a gauge: "
        + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void mixedExponentialCustom(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(WARN + "vector contains a mix of histograms with exponential and custom"
        + " buckets schemas for metric name " + GoText.quote(metric) + suffix(ctx, pos));
  }

  static void quantileNaNResult(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(withName(
        INFO + "input to histogram_quantile has NaN observations, result is NaN", metric)
        + suffix(ctx, pos));
  }

  static void quantileNaNSkew(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(withName(
        INFO + "input to histogram_quantile has NaN observations, result is skewed higher", metric)
        + suffix(ctx, pos));
  }

  static void fractionNaNs(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().info(withName(INFO + "input to histogram_fraction has NaN observations,"
        + " which are excluded from all fractions", metric) + suffix(ctx, pos));
  }

  /** {@code op}: "addition", "subtraction" or "aggregation". */
  static void reconciledCustomBuckets(EvalContext ctx, String op, PosRange pos) {
    ctx.annotations().info(INFO + "mismatched custom buckets were reconciled during " + op
        + suffix(ctx, pos));
  }

  static void counterResetCollision(EvalContext ctx, PosRange pos) {
    ctx.annotations().warn(WARN + "conflicting counter resets during histogram aggregation"
        + suffix(ctx, pos));
  }

  /** A sample's start timestamp lies before the previous sample and is not its start. */
  static void startTimestampOverlap(EvalContext ctx, String metric, PosRange pos) {
    ctx.annotations().warn(WARN + "sample has start time that overlaps with previous sample"
        + " timestamp for metric " + GoText.quote(metric) + suffix(ctx, pos));
  }
}
