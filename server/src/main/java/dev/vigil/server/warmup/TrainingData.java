package dev.vigil.server.warmup;

import dev.vigil.ingest.remotewrite.WriteRequestEncoder;
import dev.vigil.model.Labels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The small service fleet a {@link TrainingRun} works on: per instance, request counters by
 * method and code, a latency histogram and an in-flight gauge — the shapes dashboards and the
 * query benchmark ask about. Written once as an OpenMetrics file to import (so queries read
 * blocks) and as remote-write bodies at the present (so queries also read the head). Values are
 * from a fixed seed; only their shape matters. Not thread-safe.
 */
final class TrainingData {
  static final int SERVICES = 6;
  static final int INSTANCES = 8;
  static final String[] METHODS = {"GET", "POST"};
  static final String[] CODES = {"200", "500"};
  static final double[] LE = {0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static final int STEP_SECONDS = 60;

  private final long startMs;
  private final int points;

  /**
   * @param endMs time of the imported data's last sample
   * @param hours how much data to import before it
   */
  TrainingData(long endMs, int hours) {
    this.points = hours * 3600 / STEP_SECONDS;
    this.startMs = endMs - (points - 1L) * STEP_SECONDS * 1000L;
  }

  long startMs() {
    return startMs;
  }

  long endMs() {
    return startMs + (points - 1L) * STEP_SECONDS * 1000L;
  }

  /** Writes the whole fleet's history as OpenMetrics text, family by family. */
  void writeOpenMetrics(Path file) throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# TYPE http_requests counter\n");
      for (String[] inst : instances()) {
        for (String m : METHODS) {
          for (String c : CODES) {
            double v = 0;
            String labels = base(inst) + ",method=\"" + m + "\",code=\"" + c + "\"}";
            for (int p = 0; p < points; p++) {
              v += rnd.nextInt(c.equals("200") ? 600 : 20);
              sample(w, "http_requests_total", labels, p, v);
            }
          }
        }
      }
      w.write("# TYPE http_request_duration_seconds histogram\n");
      for (String[] inst : instances()) {
        for (String m : METHODS) {
          histogram(w, base(inst) + ",method=\"" + m + "\"", rnd);
        }
      }
      w.write("# TYPE http_in_flight_requests gauge\n");
      for (String[] inst : instances()) {
        for (int p = 0; p < points; p++) {
          sample(w, "http_in_flight_requests", base(inst) + "}", p, rnd.nextInt(50));
        }
      }
      w.write("# EOF\n");
    }
  }

  private void histogram(BufferedWriter w, String base, SplittableRandom rnd) throws IOException {
    double[][] rows = new double[LE.length + 1][points];
    double[] sums = new double[points];
    double sum = 0;
    double[] counts = new double[LE.length + 1];
    for (int p = 0; p < points; p++) {
      for (int r = 0; r < 20; r++) {
        double lat = rnd.nextDouble() * 3;
        sum += lat;
        for (int b = 0; b < LE.length; b++) {
          counts[b] += lat <= LE[b] ? 1 : 0;
        }
        counts[LE.length]++;
      }
      for (int b = 0; b <= LE.length; b++) {
        rows[b][p] = counts[b];
      }
      sums[p] = sum;
    }
    for (int b = 0; b <= LE.length; b++) {
      String le = b < LE.length ? Double.toString(LE[b]) : "+Inf";
      for (int p = 0; p < points; p++) {
        sample(w, "http_request_duration_seconds_bucket", base + ",le=\"" + le + "\"}", p,
            rows[b][p]);
      }
    }
    for (int p = 0; p < points; p++) {
      sample(w, "http_request_duration_seconds_sum", base + "}", p, sums[p]);
    }
    for (int p = 0; p < points; p++) {
      sample(w, "http_request_duration_seconds_count", base + "}", p, rows[LE.length][p]);
    }
  }

  private void sample(BufferedWriter w, String name, String labels, int p, double v)
      throws IOException {
    long t = startMs + (long) p * STEP_SECONDS * 1000L;
    w.write(name + labels + " " + v + " " + (t / 1000) + "." + String.format(Locale.ROOT, "%03d", t % 1000)
        + "\n");
  }

  /**
   * One remote-write 1.0 body (snappy) with a sample at {@code t} for every series of the fleet,
   * counters at {@code round * 10}.
   */
  static byte[] remoteWrite(long t, int round) {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    for (String[] inst : instances()) {
      for (String m : METHODS) {
        for (String c : CODES) {
          enc.series(Labels.of("__name__", "http_requests_total", "job", inst[0], "instance",
              inst[1], "method", m, "code", c), t, round * 10.0);
        }
        for (int b = 0; b <= LE.length; b++) {
          String le = b < LE.length ? Double.toString(LE[b]) : "+Inf";
          enc.series(Labels.of("__name__", "http_request_duration_seconds_bucket", "job",
              inst[0], "instance", inst[1], "method", m, "le", le), t, round * (b + 1.0));
        }
      }
      enc.series(Labels.of("__name__", "http_in_flight_requests", "job", inst[0], "instance",
          inst[1]), t, round % 7);
    }
    return enc.toBody();
  }

  private static String base(String[] inst) {
    return "{job=\"" + inst[0] + "\",instance=\"" + inst[1] + "\"";
  }

  /** Job and instance of every instance of the fleet. */
  private static String[][] instances() {
    String[][] out = new String[SERVICES * INSTANCES][];
    for (int s = 0; s < SERVICES; s++) {
      for (int i = 0; i < INSTANCES; i++) {
        out[s * INSTANCES + i] = new String[] {"svc-" + s, "i-" + i};
      }
    }
    return out;
  }
}
