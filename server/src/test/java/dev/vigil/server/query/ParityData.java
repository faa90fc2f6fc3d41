package dev.vigil.server.query;

import java.util.Locale;
import java.util.Random;

/**
 * OpenMetrics input for the Prometheus parity tests: about 250 series over three hours at 30s
 * intervals, in the shapes dashboards query: request counters by job, instance, method and code
 * (with counter resets), classic latency histograms, memory and temperature gauges (negative
 * values too), {@code up}, and a batch job whose tasks stop reporting. Every timestamp lies off
 * whole seconds (10..990 ms past one) so that Prometheus 2.x's closed and 3.x's left-open range
 * boundaries select the same samples for queries at whole seconds.
 *
 * <p>Counters start high (a million and more) and a reset drops them to 30%, never near zero:
 * when a rate window holds a counter's first samples, Prometheus 3 caps the extrapolation towards
 * the window start before it caps it at the counter's zero point and 2.42 after, so counters near
 * zero would make the two versions differ (each right by its own rules).
 */
final class ParityData {
  static final long STEP_MS = 30_000;
  static final String[] LES = {"0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};

  private ParityData() {}

  /** The file text and its time span. */
  record Generated(String text, long minT, long maxT, long samples) {}

  static Generated generate(long seed, long startMs, long spanMs) {
    Random rnd = new Random(seed);
    int steps = (int) (spanMs / STEP_MS);
    StringBuilder sb = new StringBuilder(8 << 20);
    long[] count = {0};
    String[] jobs = {"api", "api", "api", "api", "api", "api", "api", "api", "db", "db", "db",
        "db", "cache", "cache", "cache", "cache"};
    Writer w = new Writer(sb, rnd, startMs, steps, count);

    sb.append("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
    for (int i = 0; i < jobs.length; i++) {
      for (String method : new String[] {"GET", "POST"}) {
        for (String code : new String[] {"200", "500"}) {
          double ratePerSec = (code.equals("200") ? 5 : 0.2) * (1 + rnd.nextDouble() * 3);
          double[] v = new double[steps];
          double c = 1_000_000 + rnd.nextInt(1_000_000);
          for (int k = 0; k < steps; k++) {
            if (rnd.nextInt(400) == 0) {
              c = Math.floor(c * 0.3); // restart: counter reset
            }
            c += Math.floor(ratePerSec * 30 * (0.5 + rnd.nextDouble()));
            v[k] = c;
          }
          w.series("http_requests_total", "job=\"" + jobs[i] + "\",instance=\"host-" + i
              + ":9100\",method=\"" + method + "\",code=\"" + code + "\"", v);
        }
      }
    }

    sb.append("# TYPE request_duration_seconds histogram\n");
    for (int i = 0; i < jobs.length; i++) {
      String base = "job=\"" + jobs[i] + "\",instance=\"host-" + i + ":9100\"";
      double[][] buckets = new double[LES.length][steps];
      double[] sum = new double[steps];
      double[] cum = new double[LES.length];
      for (int b = 0; b < LES.length; b++) {
        cum[b] = 1_000_000.0 * (b + 1);
      }
      double s = 100_000;
      double speed = 0.5 + rnd.nextDouble();
      for (int k = 0; k < steps; k++) {
        double carry = 0;
        for (int b = 0; b < LES.length; b++) {
          carry += rnd.nextInt(8 + b * 3);
          cum[b] += carry;
          buckets[b][k] = cum[b];
        }
        s += carry * 0.3 * speed * (0.5 + rnd.nextDouble());
        sum[k] = Math.round(s * 1000) / 1000.0;
      }
      for (int b = 0; b < LES.length; b++) {
        w.series("request_duration_seconds_bucket", base + ",le=\"" + LES[b] + "\"", buckets[b]);
      }
      w.series("request_duration_seconds_count", base, buckets[LES.length - 1]);
      w.series("request_duration_seconds_sum", base, sum);
    }

    sb.append("# TYPE node_memory_bytes gauge\n");
    for (int i = 0; i < jobs.length; i++) {
      double[] v = new double[steps];
      double m = 1e9 + rnd.nextInt(1 << 30);
      for (int k = 0; k < steps; k++) {
        m = Math.max(1e8, m + rnd.nextGaussian() * 5e6);
        v[k] = Math.rint(m);
      }
      w.series("node_memory_bytes", "job=\"" + jobs[i] + "\",instance=\"host-" + i + ":9100\"",
          v);
    }

    sb.append("# TYPE temperature_celsius gauge\n");
    for (int r = 0; r < 10; r++) {
      double[] v = new double[steps];
      double t = rnd.nextGaussian() * 10;
      for (int k = 0; k < steps; k++) {
        t += rnd.nextGaussian() * 0.3;
        v[k] = Math.round(t * 100) / 100.0;
      }
      w.series("temperature_celsius", "room=\"r" + r + "\",floor=\"" + (r % 3) + "\"", v);
    }

    sb.append("# TYPE up gauge\n");
    for (int i = 0; i < jobs.length; i++) {
      double[] v = new double[steps];
      for (int k = 0; k < steps; k++) {
        v[k] = rnd.nextInt(20) == 0 ? 0 : 1;
      }
      w.series("up", "job=\"" + jobs[i] + "\",instance=\"host-" + i + ":9100\"", v);
    }

    sb.append("# TYPE batch_last_success_timestamp_seconds gauge\n");
    for (int task = 0; task < 5; task++) {
      // task 0 stops after one hour, task 1 after two: absent, staleness by lookback
      int last = task == 0 ? steps / 3 : task == 1 ? 2 * steps / 3 : steps;
      double[] v = new double[last];
      for (int k = 0; k < last; k++) {
        v[k] = Math.floor((startMs + k * STEP_MS) / 1000.0 / 600) * 600;
      }
      w.series("batch_last_success_timestamp_seconds", "job=\"batch\",task=\"t" + task + "\"", v);
    }
    sb.append("# EOF\n");
    return new Generated(sb.toString(), startMs, startMs + steps * STEP_MS, count[0]);
  }

  /** Writes one series' samples, each at its slot plus an offset off whole seconds. */
  private record Writer(StringBuilder sb, Random rnd, long startMs, int steps, long[] count) {
    void series(String name, String labels, double[] values) {
      for (int k = 0; k < values.length; k++) {
        long ms = startMs + k * STEP_MS + rnd.nextInt(5) * 1000L + 10 + rnd.nextInt(981);
        sb.append(name).append('{').append(labels).append("} ").append(fmt(values[k]))
            .append(' ').append(String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000))
            .append('\n');
        count[0]++;
      }
    }
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
