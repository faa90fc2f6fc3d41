package dev.vigil.server.warmup;

import java.util.List;

/**
 * The PromQL a {@link TrainingRun} asks over its {@link TrainingData} fleet: the shapes operators'
 * dashboards and rules are made of, written for this fleet, not taken from any benchmark. Each
 * group exercises one part of the engine, so that after the training run the JIT has compiled
 * (and the AOT cache holds the profiles of) its selectors, range functions, aggregations,
 * binary operators and result encoding with the types they see in production.
 */
final class TrainingQueries {
  private TrainingQueries() {}

  private static final String REQ = "http_requests_total";
  private static final String BUCKET = "http_request_duration_seconds_bucket";
  private static final String GAUGE = "http_in_flight_requests";

  /** Counters: the range functions of counters, alone and summed as dashboards do. */
  static final List<String> RATES = List.of(
      "rate(" + REQ + "[5m])",
      "irate(" + REQ + "{method=\"GET\"}[5m])",
      "increase(" + REQ + "[1h])",
      "sum(rate(" + REQ + "[5m]))",
      "sum by (job) (rate(" + REQ + "[5m]))",
      "sum by (job, code) (increase(" + REQ + "[10m]))",
      "avg by (instance) (rate(" + REQ + "[2m]))",
      "max by (job) (irate(" + REQ + "[5m]))",
      "min without (method, code) (rate(" + REQ + "[5m]))",
      "sum by (job) (rate(" + REQ + "[5m] offset 30m))",
      "rate(" + REQ + "[5m]) * 60");

  /** Latency from classic histograms: quantiles over bucket rates, averages from sum / count. */
  static final List<String> HISTOGRAMS = List.of(
      "histogram_quantile(0.99, sum by (job, le) (rate(" + BUCKET + "[5m])))",
      "histogram_quantile(0.5, sum by (le) (rate(" + BUCKET + "{job=~\"svc-[0-2]\"}[10m])))",
      "histogram_quantile(0.9, rate(" + BUCKET + "{method=\"POST\"}[5m]))",
      "sum by (job) (rate(http_request_duration_seconds_sum[5m]))"
          + " / sum by (job) (rate(http_request_duration_seconds_count[5m]))",
      "count by (job) (" + BUCKET + ")");

  /** Ranking, subqueries, gauges over time and raw selections of many series. */
  static final List<String> SELECTIONS = List.of(
      "topk(5, rate(" + REQ + "[5m]))",
      "bottomk(3, sum by (instance) (rate(" + REQ + "[5m])))",
      "topk(3, " + GAUGE + ")",
      "max_over_time(sum by (job) (rate(" + REQ + "[5m]))[30m:1m])",
      "avg_over_time(rate(" + REQ + "{code=\"500\"}[1m])[15m:30s])",
      "avg_over_time(" + GAUGE + "[10m])",
      "max_over_time(" + GAUGE + "[15m])",
      "min_over_time(" + GAUGE + "[5m])",
      "sum_over_time(" + GAUGE + "[10m])",
      "count_over_time(" + GAUGE + "[10m])",
      "quantile_over_time(0.9, " + GAUGE + "[15m])",
      "last_over_time(" + GAUGE + "[10m])",
      "stddev_over_time(" + GAUGE + "[10m])",
      REQ,
      REQ + "{job=\"svc-3\"}",
      BUCKET + "{job=\"svc-1\",method!=\"POST\"}",
      GAUGE + "{instance=~\"i-[1-3]\"}",
      "{__name__=~\"http_.*\",job=\"svc-2\",le!~\"0.0.*\"}");

  /** Binary operators: matching on and ignoring labels, group_left, filters, set operators. */
  static final List<String> BINARY = List.of(
      "sum by (job) (rate(" + REQ + "{code=\"500\"}[5m])) / sum by (job) (rate(" + REQ
          + "[5m]))",
      "rate(" + REQ + "{code=\"500\"}[5m]) / ignoring (code) rate(" + REQ
          + "{code=\"200\"}[5m])",
      "sum by (job, instance) (rate(" + REQ + "{code=~\"5..\"}[5m])) / on (job, instance)"
          + " sum by (job, instance) (rate(" + REQ + "[5m]))",
      GAUGE + " * on (job, instance) group_left sum by (job, instance) (rate(" + REQ
          + "[5m]))",
      "rate(" + REQ + "[5m]) > 20",
      "rate(" + REQ + "[5m]) > bool 5",
      GAUGE + " < 10",
      "sum by (job) (rate(" + REQ + "[5m])) >= on (job) sum by (job) (rate(" + REQ
          + "[5m] offset 1h))",
      "rate(" + REQ + "{code=\"500\"}[5m]) > 0 and on (job, instance) " + GAUGE + " > 20",
      GAUGE + " > 40 or " + GAUGE + " < 5",
      "rate(" + REQ + "[5m]) unless on (code) rate(" + REQ + "{code=\"500\"}[5m])",
      "100 * (1 - sum by (job) (rate(" + REQ + "{code!=\"500\"}[5m])) / sum by (job) (rate("
          + REQ + "[5m])))");

  /** Functions and scalars a dashboard's panels and variables use. */
  static final List<String> FUNCTIONS = List.of(
      "sort_desc(sum by (job) (" + GAUGE + "))",
      "clamp_max(rate(" + REQ + "[5m]), 10)",
      "round(avg by (job) (" + GAUGE + "), 0.1)",
      "abs(deriv(" + GAUGE + "[10m]))",
      "label_replace(sum by (job) (" + GAUGE + "), \"service\", \"$1\", \"job\", \"svc-(.*)\")",
      "absent(" + REQ + "{job=\"nonexistent\"})",
      "scalar(sum(" + GAUGE + ")) * 2",
      "time() - timestamp(" + GAUGE + ")",
      "count(count by (instance) (" + GAUGE + "))",
      "vector(1)");

  /** Every query of one pass, in a fixed order. */
  static final List<String> ALL = concat(RATES, HISTOGRAMS, SELECTIONS, BINARY, FUNCTIONS);

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
