package dev.vigil.bench.query;

import java.util.List;

/**
 * The queries timed: what dashboards and rules over a service fleet ask — rates summed by job,
 * error ratios, latency quantiles from classic histograms, top-k, subqueries, raw selections —
 * each as an instant query at the end of the data and as a range query over its last
 * {@link #RANGE_HOURS} hours at {@link #RANGE_STEP_SECONDS} s steps (250-ish points, a typical
 * panel).
 */
final class QuerySet {
  static final int RANGE_HOURS = 2;
  static final int RANGE_STEP_SECONDS = 30;

  record Query(String name, String promql) {}

  static final List<Query> QUERIES = List.of(
      new Query("rate-sum-by-job", "sum by (job) (rate(http_requests_total[5m]))"),
      new Query("error-ratio",
          "sum by (job) (rate(http_requests_total{code=\"500\"}[5m]))"
              + " / sum by (job) (rate(http_requests_total[5m]))"),
      new Query("p99-latency",
          "histogram_quantile(0.99, sum by (job, le) "
              + "(rate(http_request_duration_seconds_bucket[5m])))"),
      new Query("avg-latency",
          "sum by (job) (rate(http_request_duration_seconds_sum[5m]))"
              + " / sum by (job) (rate(http_request_duration_seconds_count[5m]))"),
      new Query("topk-rate", "topk(5, rate(http_requests_total[5m]))"),
      new Query("subquery-max-rate",
          "max_over_time(sum by (job) (rate(http_requests_total[5m]))[30m:1m])"),
      new Query("count-by-job", "count by (job) (http_request_duration_seconds_bucket)"),
      new Query("avg-over-time-gauge", "avg_over_time(http_in_flight_requests[10m])"),
      new Query("raw-selector", "http_requests_total{job=\"svc-3\"}"),
      new Query("comparison-filter", "rate(http_requests_total[5m]) > 20"));

  private QuerySet() {}
}
