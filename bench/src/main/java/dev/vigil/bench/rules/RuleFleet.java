package dev.vigil.bench.rules;

import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.Storage;
import java.util.SplittableRandom;

/**
 * The generated fleet the rules run over: {@code services} × {@code instances} instances, each
 * with a request counter by code (200, 404, 500) and a classic latency histogram (10 buckets with
 * {@code +Inf}, {@code _sum}, {@code _count}): {@value #SERIES_PER_INSTANCE} series per instance,
 * sampled every {@code stepMs}. Each service has its own traffic, error ratio and latency profile
 * so that some alerts fire and others do not: every tenth service runs at a 6-9 % error ratio,
 * every seventh is slow. Appended straight through {@link Appender}, one commit per timestamp.
 * Not thread-safe.
 */
final class RuleFleet {
  static final int SERIES_PER_INSTANCE = 15;
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  private static final String[] CODES = {"200", "404", "500"};

  final int services;
  final int instances;
  final long stepMs;
  final long startMs;
  final int points;

  RuleFleet(int services, int instances, long stepMs, long startMs, int points) {
    this.services = services;
    this.instances = instances;
    this.stepMs = stepMs;
    this.startMs = startMs;
    this.points = points;
  }

  int series() {
    return services * instances * SERIES_PER_INSTANCE;
  }

  long samples() {
    return (long) series() * points;
  }

  long endMs() {
    return startMs + (long) (points - 1) * stepMs;
  }

  static String service(int s) {
    return String.format("svc-%03d", s);
  }

  /** The error ratio of service {@code s}: 6-9 % for every tenth, 0.1-1 % for the others. */
  static double errorRatio(int s) {
    return s % 10 == 0 ? 0.06 + (s % 4) * 0.01 : 0.001 + (s % 10) * 0.001;
  }

  /** Appends every sample of the fleet into {@code store}. */
  void fill(Storage store, long seed) {
    int n = services * instances;
    long[][] refs = new long[n][SERIES_PER_INSTANCE];
    Labels[][] labels = new Labels[n][SERIES_PER_INSTANCE];
    double[][] values = new double[n][SERIES_PER_INSTANCE];
    double[] rps = new double[n];
    double[] slowness = new double[n];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int s = i / instances;
      String svc = service(s);
      String inst = "10.0." + (i / 250) + "." + (i % 250) + ":8080";
      for (int c = 0; c < CODES.length; c++) {
        labels[i][c] = Labels.of("__name__", "http_requests_total", "service", svc,
            "instance", inst, "job", svc, "code", CODES[c]);
      }
      for (int b = 0; b <= BUCKETS.length; b++) {
        String le = b == BUCKETS.length ? "+Inf" : Double.toString(BUCKETS[b]);
        labels[i][3 + b] = Labels.of("__name__", "http_request_duration_seconds_bucket",
            "service", svc, "instance", inst, "job", svc, "le", le);
      }
      labels[i][13] = Labels.of("__name__", "http_request_duration_seconds_sum", "service", svc,
          "instance", inst, "job", svc);
      labels[i][14] = Labels.of("__name__", "http_request_duration_seconds_count", "service",
          svc, "instance", inst, "job", svc);
      rps[i] = 5 + (s * 37 % 200) + rnd.nextDouble() * 10;
      slowness[i] = (s % 7 == 0 ? 4.0 : 1.0) * (0.8 + rnd.nextDouble() * 0.4);
    }
    double stepS = stepMs / 1000.0;
    for (int p = 0; p < points; p++) {
      long t = startMs + (long) p * stepMs;
      Appender app = store.appender();
      for (int i = 0; i < n; i++) {
        int s = i / instances;
        double reqs = Math.floor(rps[i] * stepS * (0.9 + rnd.nextDouble() * 0.2));
        double err = Math.floor(reqs * errorRatio(s) * (0.7 + rnd.nextDouble() * 0.6));
        double notFound = Math.floor(reqs * 0.02);
        double[] v = values[i];
        v[0] += reqs - err - notFound;
        v[1] += notFound;
        v[2] += err;
        // Latency: an exponential-ish profile scaled by the instance's slowness; cumulative buckets.
        double median = 0.04 * slowness[i];
        double cumulative = 0;
        for (int b = 0; b < BUCKETS.length; b++) {
          double share = 1 - Math.exp(-BUCKETS[b] * Math.log(2) / median);
          double inBucket = Math.floor(reqs * share) - cumulative;
          cumulative += Math.max(0, inBucket);
          v[3 + b] += cumulative;
        }
        v[3 + BUCKETS.length] += reqs;
        v[13] += reqs * median * 1.3;
        v[14] += reqs;
        for (int k = 0; k < SERIES_PER_INSTANCE; k++) {
          refs[i][k] = app.append(refs[i][k], labels[i][k], t, v[k]);
        }
      }
      app.commit();
    }
  }
}
