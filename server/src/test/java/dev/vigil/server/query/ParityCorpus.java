package dev.vigil.server.query;

import java.util.List;

/**
 * The queries the parity test asks Vigil and Prometheus alike: selectors, offsets and
 * {@code @}, rates and increases, aggregations, classic-histogram quantiles, {@code *_over_time},
 * subqueries, binary operators with vector matching, and the common functions. Every one exists
 * in Prometheus 2.42 with the semantics 3.x has, given data off whole seconds and evaluation times
 * that are not multiples of 30 seconds (so no subquery step lands on a window boundary).
 */
final class ParityCorpus {
  private ParityCorpus() {}

  /** @param subquery uses a subquery: only asked at times aligned as described above */
  record Q(String expr, boolean subquery) {}

  static final List<Q> QUERIES = List.of(
      q("up"),
      q("http_requests_total{job=\"api\",code=\"500\"}"),
      q("http_requests_total{instance=~\"host-1.*\", method!=\"GET\"}"),
      q("node_memory_bytes offset 10m"),
      q("http_requests_total{job=\"db\"} offset -10m"),
      q("temperature_celsius{room=~\"r[0-4]\"} < 0"),
      q("temperature_celsius > bool 0"),
      q("batch_last_success_timestamp_seconds"),
      q("http_requests_total{job=\"cache\"} @ 1700003607"),
      q("rate(http_requests_total[5m])"),
      q("irate(http_requests_total{code=\"200\"}[2m])"),
      q("increase(http_requests_total[10m])"),
      q("sum by (job) (rate(http_requests_total[5m]))"),
      q("sum without (instance, method) (rate(http_requests_total[5m]))"),
      q("sum by (job, code) (increase(http_requests_total[1h]))"),
      q("sum(rate(http_requests_total{code=\"500\"}[5m])) by (job)"
          + " / sum(rate(http_requests_total[5m])) by (job)"),
      q("rate(http_requests_total[5m] offset 30m)"),
      q("resets(http_requests_total[1h])"),
      q("changes(up[30m])"),
      q("delta(temperature_celsius[15m])"),
      q("idelta(node_memory_bytes[5m])"),
      q("deriv(node_memory_bytes[10m])"),
      q("predict_linear(node_memory_bytes[30m], 3600)"),
      q("histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[5m])))"),
      q("histogram_quantile(0.5, sum by (job, le) (rate(request_duration_seconds_bucket[10m])))"),
      q("histogram_quantile(0.99, rate(request_duration_seconds_bucket{job=\"db\"}[5m]))"),
      q("rate(request_duration_seconds_sum[5m]) / rate(request_duration_seconds_count[5m])"),
      q("topk(3, rate(http_requests_total[5m]))"),
      q("bottomk(2, node_memory_bytes)"),
      q("topk by (job) (1, node_memory_bytes)"),
      q("avg by (job) (node_memory_bytes)"),
      q("max by (floor) (temperature_celsius)"),
      q("min(temperature_celsius)"),
      q("count by (job) (up == 1)"),
      q("count_values(\"value\", up)"),
      q("quantile(0.75, temperature_celsius)"),
      q("stddev by (job) (node_memory_bytes)"),
      q("stdvar(temperature_celsius)"),
      q("group by (job) (up)"),
      q("sum(up) by (job) / count(up) by (job)"),
      q("avg_over_time(temperature_celsius[30m])"),
      q("max_over_time(node_memory_bytes[1h])"),
      q("min_over_time(temperature_celsius[10m])"),
      q("sum_over_time(up[15m])"),
      q("count_over_time(http_requests_total{job=\"db\"}[10m])"),
      q("quantile_over_time(0.9, temperature_celsius[30m])"),
      q("stddev_over_time(node_memory_bytes[20m])"),
      q("last_over_time(batch_last_success_timestamp_seconds[1h])"),
      q("absent_over_time(batch_last_success_timestamp_seconds{task=\"t0\"}[10m])"),
      q("present_over_time(up{job=\"cache\"}[5m])"),
      sub("max_over_time(rate(http_requests_total{job=\"db\"}[5m])[30m:1m])"),
      sub("avg_over_time(sum by (job) (rate(http_requests_total[5m]))[1h:2m])"),
      sub("min_over_time(temperature_celsius[20m:30s])"),
      sub("deriv(sum(node_memory_bytes)[15m:1m])"),
      q("http_requests_total * on(instance) group_left() up"),
      q("up and on(job) (sum by (job) (rate(http_requests_total[5m])) > 100)"),
      q("temperature_celsius unless temperature_celsius > 5"),
      q("up or vector(0)"),
      q("(node_memory_bytes - node_memory_bytes offset 1h) / 1e6"),
      q("abs(temperature_celsius) ^ 0.5 % 3"),
      q("-temperature_celsius + 2 * 3"),
      q("atan2(temperature_celsius, 10)"),
      q("label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")"),
      q("label_join(up, \"id\", \"-\", \"job\", \"instance\")"),
      q("clamp(temperature_celsius, -5, 5)"),
      q("clamp_min(temperature_celsius, 0)"),
      q("round(temperature_celsius, 0.5)"),
      q("ceil(temperature_celsius) - floor(temperature_celsius)"),
      q("sqrt(abs(temperature_celsius)) + exp(temperature_celsius / 10)"),
      q("ln(node_memory_bytes) + log2(node_memory_bytes) - log10(node_memory_bytes)"),
      q("sgn(temperature_celsius)"),
      q("sin(temperature_celsius) + cos(temperature_celsius)"),
      q("timestamp(up{job=\"db\"})"),
      q("time() - batch_last_success_timestamp_seconds"),
      q("scalar(sum(up))"),
      q("vector(time())"),
      q("absent(nonexistent_metric{job=\"x\"})"),
      q("absent(up)"),
      q("hour(batch_last_success_timestamp_seconds)"),
      q("day_of_week()"),
      q("sort_desc(sum by (job) (node_memory_bytes))"),
      q("sort(temperature_celsius)"),
      q("count(count by (instance) (http_requests_total))"),
      q("sum by (job) (rate(http_requests_total[5m])) > bool 50"),
      q("1 + 2 * 3"),
      q("\"hello\""),
      q("http_requests_total{job=\"api\", instance=\"host-0:9100\"}[5m]"),
      q("avg_over_time(up[1h] @ 1700005207)"),
      q("rate(http_requests_total{job=\"db\"}[5m] @ end())"),
      q("max_over_time(up{job=\"api\"}[10m] @ start())"),
      q("up * ignoring(instance) group_right() group by (job) (up)"),
      q("sum without (method) (http_requests_total) / ignoring(code) group_left"
          + " sum without (method, code) (http_requests_total)"),
      q("count_values by (job) (\"up\", up)"),
      q("avg without (instance) (rate(request_duration_seconds_sum[5m]))"),
      q("rate(nonexistent_metric[5m])"),
      q("sum(nonexistent_metric)"));

  private static Q q(String e) {
    return new Q(e, false);
  }

  private static Q sub(String e) {
    return new Q(e, true);
  }
}
