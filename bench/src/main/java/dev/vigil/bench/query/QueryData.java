package dev.vigil.bench.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data every store is loaded with: a fleet of HTTP services — request counters by method and
 * code, classic latency histograms, in-flight gauges — sampled every {@code intervalSeconds} over
 * {@code hours}. Written twice from one generator: as OpenMetrics (for {@code promtool tsdb
 * create-blocks-from openmetrics} and {@code vigil import openmetrics}) and as Prometheus text with
 * millisecond timestamps (for VictoriaMetrics' {@code /api/v1/import/prometheus}). Sample
 * timestamps sit 123 ms off whole seconds and queries are evaluated at whole seconds
 * ({@link #queryEndMs}, steps of whole seconds), so no window boundary ever falls on a sample:
 * Prometheus 2.x's closed windows {@code [t-r, t]} and the left-open ones {@code (t-r, t]} of
 * Prometheus 3 (and Vigil) then select the same samples, and every store answers the same series.
 */
final class QueryData {
  static final String[] METHODS = {"GET", "POST"};
  static final String[] CODES = {"200", "500"};
  static final double[] LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  final int services;
  final int instances;
  final int hours;
  final int intervalSeconds;
  final long startMs;
  final long endMs;
  /**
   * Where queries end: the first whole second after the last sample (877 ms after it), so that
   * instant queries see the newest sample and no evaluation time or window start of a range query
   * with whole-second steps lands on a sample.
   */
  final long queryEndMs;
  final long series;
  final long samples;

  QueryData(int services, int instances, int hours, int intervalSeconds, long nowMs) {
    this.services = services;
    this.instances = instances;
    this.hours = hours;
    this.intervalSeconds = intervalSeconds;
    // Whole hours so that every store cuts the same 2 h blocks; the last sample ends well before
    // now so no store treats it as "too recent".
    long end = (nowMs / 3_600_000L - 1) * 3_600_000L;
    this.startMs = end - hours * 3_600_000L + 123;
    this.endMs = startMs + (points() - 1L) * intervalSeconds * 1000L;
    this.queryEndMs = (endMs / 1000 + 1) * 1000;
    long perInstance = METHODS.length * CODES.length // requests
        + METHODS.length * (LE.length + 1 + 2) // histogram buckets (+Inf), _sum, _count
        + 1; // in-flight gauge
    this.series = perInstance * services * instances;
    this.samples = series * points();
  }

  int points() {
    return hours * 3600 / intervalSeconds;
  }

  /** Writes both files; returns nothing, the paths are the caller's. */
  void write(Path openMetrics, Path promText, long seed) throws IOException {
    try (BufferedWriter om = Files.newBufferedWriter(openMetrics, StandardCharsets.UTF_8);
        BufferedWriter prom = Files.newBufferedWriter(promText, StandardCharsets.UTF_8)) {
      // OpenMetrics wants every family's samples together, so the generator walks family by
      // family and, within one, series by series over all points.
      om.write("# TYPE http_requests counter\n");
      forEachInstance(seed, (svc, inst, rnd) -> {
        for (String m : METHODS) {
          for (String c : CODES) {
            double rate = (c.equals("200") ? 20 : 0.4) * (1 + rnd.nextDouble());
            String labels = "{job=\"svc-" + svc + "\",instance=\"i-" + inst + "\",method=\"" + m
                + "\",code=\"" + c + "\"}";
            counter(om, prom, "http_requests_total", labels, rate, rnd);
          }
        }
      });
      om.write("# TYPE http_request_duration_seconds histogram\n");
      forEachInstance(seed + 1, (svc, inst, rnd) -> {
        for (String m : METHODS) {
          histogram(om, prom, "svc-" + svc, "i-" + inst, m, rnd);
        }
      });
      om.write("# TYPE http_in_flight_requests gauge\n");
      forEachInstance(seed + 2, (svc, inst, rnd) -> {
        String labels = "{job=\"svc-" + svc + "\",instance=\"i-" + inst + "\"}";
        double v = 10 + rnd.nextInt(40);
        for (int p = 0; p < points(); p++) {
          v = Math.max(0, v + rnd.nextInt(7) - 3);
          sample(om, prom, "http_in_flight_requests", labels, p, v);
        }
      });
      om.write("# EOF\n");
    }
  }

  private interface InstanceBody {
    void write(int svc, int inst, SplittableRandom rnd) throws IOException;
  }

  private void forEachInstance(long seed, InstanceBody body) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int s = 0; s < services; s++) {
      for (int i = 0; i < instances; i++) {
        body.write(s, i, rnd.split());
      }
    }
  }

  private void counter(BufferedWriter om, BufferedWriter prom, String name, String labels,
      double ratePerSecond, SplittableRandom rnd) throws IOException {
    double v = rnd.nextInt(1000);
    for (int p = 0; p < points(); p++) {
      v += Math.floor(ratePerSecond * intervalSeconds * (0.5 + rnd.nextDouble()));
      sample(om, prom, name, labels, p, v);
    }
  }

  private void histogram(BufferedWriter om, BufferedWriter prom, String job, String inst,
      String method, SplittableRandom rnd) throws IOException {
    String base = "job=\"" + job + "\",instance=\"" + inst + "\",method=\"" + method + "\"";
    double slow = 0.05 + rnd.nextDouble() * 0.5; // typical latency of this series, seconds
    double[] buckets = new double[LE.length + 1];
    double sum = 0;
    // Latencies are drawn per point; buckets/sum/count are written per series over all points,
    // so keep every point's state.
    int n = points();
    double[][] bucketRows = new double[LE.length + 1][n];
    double[] sums = new double[n];
    for (int p = 0; p < n; p++) {
      int requests = 10 + rnd.nextInt(30);
      for (int r = 0; r < requests; r++) {
        double lat = -Math.log(1 - rnd.nextDouble()) * slow;
        sum += lat;
        for (int b = 0; b < LE.length; b++) {
          if (lat <= LE[b]) {
            buckets[b]++;
          }
        }
        buckets[LE.length]++;
      }
      for (int b = 0; b <= LE.length; b++) {
        bucketRows[b][p] = buckets[b];
      }
      sums[p] = sum;
    }
    for (int b = 0; b <= LE.length; b++) {
      String le = b < LE.length ? leText(LE[b]) : "+Inf";
      String labels = "{" + base + ",le=\"" + le + "\"}";
      for (int p = 0; p < n; p++) {
        sample(om, prom, "http_request_duration_seconds_bucket", labels, p, bucketRows[b][p]);
      }
    }
    for (int p = 0; p < n; p++) {
      sample(om, prom, "http_request_duration_seconds_sum", "{" + base + "}", p, sums[p]);
    }
    for (int p = 0; p < n; p++) {
      sample(om, prom, "http_request_duration_seconds_count", "{" + base + "}", p,
          bucketRows[LE.length][p]);
    }
  }

  /** Bucket bounds as Prometheus clients write them: "1" and "2.5", never "1.0". */
  private static String leText(double le) {
    return le == Math.rint(le) ? Long.toString((long) le) : Double.toString(le);
  }

  private void sample(BufferedWriter om, BufferedWriter prom, String name, String labels, int p,
      double v) throws IOException {
    long t = startMs + (long) p * intervalSeconds * 1000L;
    String value = v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.6f", v);
    om.write(name);
    om.write(labels);
    om.write(' ');
    om.write(value);
    om.write(' ');
    om.write(Long.toString(t / 1000));
    om.write('.');
    om.write(String.format(Locale.ROOT, "%03d", t % 1000));
    om.write('\n');
    prom.write(name);
    prom.write(labels);
    prom.write(' ');
    prom.write(value);
    prom.write(' ');
    prom.write(Long.toString(t));
    prom.write('\n');
  }
}
