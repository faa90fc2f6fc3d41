package dev.vigil.bench.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generated rule file: per service the same {@value #PER_SERVICE} rule shapes a team would
 * write (recording rules for request and error rates at several windows and by code and instance,
 * latency quantiles from the histogram, an error ratio; alerting rules with {@code for} over
 * error ratio, latency, traffic drop, per-instance errors, many of them reading the recorded
 * series), cycling over services until {@code total} rules, cut into groups of {@code perGroup}
 * rules. Roughly half recording, half alerting. Immutable.
 */
final class RuleSet {
  static final int PER_SERVICE = 50;

  record Shape(boolean alert, String name, String expr, String forDuration) {}

  final int total;
  final int perGroup;
  final int recording;
  final int alerting;
  private final String yaml;

  RuleSet(int total, int perGroup, int services) {
    this.total = total;
    this.perGroup = perGroup;
    StringBuilder out = new StringBuilder("groups:\n");
    int rec = 0;
    int alert = 0;
    int written = 0;
    int group = 0;
    outer:
    for (int round = 0; ; round++) {
      for (int s = 0; s < services; s++) {
        for (Shape r : shapes(RuleFleet.service(s), round)) {
          if (written == total) {
            break outer;
          }
          if (written % perGroup == 0) {
            out.append("- name: group-").append(group++).append("\n  interval: 15s\n  rules:\n");
          }
          if (r.alert()) {
            alert++;
            out.append("  - alert: ").append(r.name()).append("\n    expr: '").append(r.expr()).append('\'')
                .append("\n    for: ").append(r.forDuration())
                .append("\n    labels:\n      severity: ")
                .append(r.forDuration().equals("5m") ? "page" : "ticket")
                .append("\n    annotations:\n      summary: '{{ $labels.service }} at {{ $value"
                    + " | humanize }}'\n");
          } else {
            rec++;
            out.append("  - record: ").append(r.name()).append("\n    expr: '").append(r.expr()).append('\'')
                .append('\n');
          }
          written++;
        }
      }
      if (services == 0) {
        throw new IllegalArgumentException("no services to write rules for");
      }
    }
    this.recording = rec;
    this.alerting = alert;
    this.yaml = out.toString();
  }

  int groups() {
    return (total + perGroup - 1) / perGroup;
  }

  String yaml() {
    return yaml;
  }

  /**
   * The rules of one service. Round {@code r} (past the first pass over the services) varies the
   * rule names so that recorded series never collide.
   */
  static List<Shape> shapes(String svc, int round) {
    String sel = "{service=\"" + svc + "\"}";
    String sfx = round == 0 ? "" : "_r" + round;
    String req = "http_requests_total";
    String bucket = "http_request_duration_seconds_bucket";
    List<Shape> out = new ArrayList<>();
    String[] windows = {"1m", "5m", "30m", "1h"};
    for (String w : windows) {
      out.add(rec("service:http_requests:rate" + w + sfx,
          "sum by (service) (rate(" + req + sel + "[" + w + "]))"));
      out.add(rec("service:http_errors:rate" + w + sfx,
          "sum by (service) (rate(" + req + "{service=\"" + svc + "\",code=~\"5..\"}[" + w + "]))"));
      out.add(rec("service_code:http_requests:rate" + w + sfx,
          "sum by (service, code) (rate(" + req + sel + "[" + w + "]))"));
    }
    out.add(rec("instance:http_requests:rate5m" + sfx,
        "sum by (service, instance) (rate(" + req + sel + "[5m]))"));
    out.add(rec("instance:http_errors:rate5m" + sfx,
        "sum by (service, instance) (rate(" + req + "{service=\"" + svc + "\",code=\"500\"}[5m]))"));
    for (String w : new String[] {"5m", "30m"}) {
      out.add(rec("service:http_error_ratio:rate" + w + sfx,
          "service:http_errors:rate" + w + sfx + sel + " / service:http_requests:rate" + w + sfx
              + sel));
    }
    for (String q : new String[] {"0.5", "0.9", "0.99"}) {
      for (String w : new String[] {"5m", "30m"}) {
        out.add(rec("service:http_latency_p" + q.substring(2) + ":" + w + sfx,
            "histogram_quantile(" + q + ", sum by (service, le) (rate(" + bucket + sel + "[" + w
                + "])))"));
      }
    }
    out.add(rec("service:http_latency_avg:5m" + sfx,
        "sum by (service) (rate(http_request_duration_seconds_sum" + sel + "[5m])) / sum by"
            + " (service) (rate(http_request_duration_seconds_count" + sel + "[5m]))"));
    out.add(rec("service:instances:count" + sfx, "count by (service) (" + req + "{service=\""
        + svc + "\",code=\"200\"})"));
    // 24 recording rules so far; 26 alerting rules follow.
    String[] fors = {"1m", "2m", "5m"};
    double[] ratios = {0.01, 0.02, 0.05, 0.08};
    int k = 0;
    for (double r : ratios) {
      for (String w : new String[] {"5m", "30m"}) {
        out.add(alert("HighErrorRatio" + k++ + sfx, "service:http_error_ratio:rate" + w + sfx + sel
            + " > " + fmt(r), fors[k % 3]));
      }
    }
    double[] latency = {0.1, 0.25, 0.5, 1};
    for (double l : latency) {
      out.add(alert("HighLatencyP99_" + k++ + sfx, "service:http_latency_p99:5m" + sfx + sel
          + " > " + fmt(l), fors[k % 3]));
      out.add(alert("HighLatencyP90_" + k++ + sfx, "histogram_quantile(0.9, sum by (service, le)"
          + " (rate(" + bucket + sel + "[5m]))) > " + fmt(l), fors[k % 3]));
    }
    for (double f : new double[] {0.5, 0.8}) {
      out.add(alert("TrafficDrop" + k++ + sfx, "service:http_requests:rate5m" + sfx + sel
          + " < " + fmt(f) + " * service:http_requests:rate1h" + sfx + sel, fors[k % 3]));
    }
    for (double r : new double[] {0.5, 2, 5}) {
      out.add(alert("InstanceErrors" + k++ + sfx, "instance:http_errors:rate5m" + sfx + sel
          + " > " + fmt(r), fors[k % 3]));
    }
    out.add(alert("InstanceNoTraffic" + k++ + sfx, "rate(" + req + "{service=\"" + svc
        + "\",code=\"200\"}[5m]) == 0", "5m"));
    out.add(alert("ErrorBudgetBurn" + k++ + sfx, "service:http_error_ratio:rate5m" + sfx + sel
        + " > 14.4 * 0.001 and service:http_error_ratio:rate30m" + sfx + sel + " > 14.4 * 0.001",
        "2m"));
    out.add(alert("FewInstances" + k++ + sfx, "service:instances:count" + sfx + sel + " < 3",
        "5m"));
    out.add(alert("NotFoundSpike" + k++ + sfx, "sum by (service) (rate(" + req + "{service=\""
        + svc + "\",code=\"404\"}[5m])) > 10", "1m"));
    out.add(alert("AbsentTraffic" + k++ + sfx, "absent(" + req + "{service=\"" + svc
        + "\",code=\"200\"})", "5m"));
    if (out.size() != PER_SERVICE) {
      throw new IllegalStateException("rule shapes: " + out.size() + ", want " + PER_SERVICE);
    }
    return out;
  }

  private static Shape rec(String name, String expr) {
    return new Shape(false, name, expr, "");
  }

  private static Shape alert(String name, String expr, String forDuration) {
    return new Shape(true, name, expr, forDuration);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
