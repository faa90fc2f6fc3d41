package dev.vigil.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil against a real Prometheus 2.42 holding the same backfilled data ({@link ParityData},
 * {@link ParityPeers}): every query of {@link ParityCorpus} as instant queries at four times (in
 * the data, near its end, after it within the lookback, before it) and as range queries at two
 * steps must give the same answers ({@link ResultComparison}); and {@code promtool query instant}
 * and {@code promtool query range} must print the same text against both. Skipped when
 * Prometheus is not installed.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusParityTest {
  static final long T0 = 1_700_000_000L; // seconds
  /** Instant query times: none a multiple of 30s, so subquery steps never meet a boundary. */
  static final long[] TIMES = {T0 + 1807, T0 + 7213, T0 + 3 * 3600 + 247, T0 - 53};

  @TempDir
  static Path dir;

  ParityPeers peers;
  long promNanos;
  long vigilNanos;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(ParityPeers.installed(),
        "prometheus 2.42 and promtool not installed (apt-get install prometheus)");
    long seed = Long.getLong("parity.seed", System.nanoTime());
    System.out.println("parity data seed " + seed + " (rerun with -Dparity.seed=" + seed + ")");
    ParityData.Generated g = ParityData.generate(seed, T0 * 1000, 3 * 3600_000L);
    peers = ParityPeers.start(dir, g.text());
  }

  @AfterAll
  void stop() throws Exception {
    if (peers != null) {
      peers.close();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void corpusAnswersMatchPrometheus() throws Exception {
    List<String> failures = new ArrayList<>();
    int asked = 0;
    for (ParityCorpus.Q q : ParityCorpus.QUERIES) {
      for (long t : TIMES) {
        asked++;
        compare("/api/v1/query?query=" + enc(q.expr()) + "&time=" + t, q.expr() + " @" + t,
            failures);
      }
      asked++;
      compare("/api/v1/query_range?query=" + enc(q.expr()) + "&start=" + (T0 + 607) + "&end="
          + (T0 + 10747) + "&step=60", q.expr() + " range step 60", failures);
      if (!q.subquery()) {
        asked++;
        compare("/api/v1/query_range?query=" + enc(q.expr()) + "&start=" + (T0 + 1000)
            + "&end=" + (T0 + 5000) + "&step=37", q.expr() + " range step 37", failures);
      }
    }
    System.out.printf("parity: %d of %d queries answered as Prometheus 2.42 does "
        + "(HTTP time: prometheus %d ms, vigil %d ms)%n", asked - failures.size(), asked,
        promNanos / 1_000_000, vigilNanos / 1_000_000);
    assertThat(failures).as("queries answered differently from Prometheus").isEmpty();
  }

  private void compare(String pathAndQuery, String what, List<String> failures)
      throws Exception {
    long t0 = System.nanoTime();
    ParityPeers.Answer want = ParityPeers.get(peers.prometheus, pathAndQuery);
    long t1 = System.nanoTime();
    ParityPeers.Answer got = ParityPeers.get(peers.vigil, pathAndQuery);
    promNanos += t1 - t0;
    vigilNanos += System.nanoTime() - t1;
    List<String> d = ResultComparison.diff(want, got);
    if (!d.isEmpty()) {
      failures.add(what + ":\n    " + String.join("\n    ", d.subList(0, Math.min(5,
          d.size()))) + (d.size() > 5 ? "\n    ... " + (d.size() - 5) + " more" : ""));
    }
  }

  /**
   * Answers whose order and arithmetic are the same in both versions must be the same bytes:
   * field order, number and timestamp formatting, escaping.
   */
  @Test
  void answersAreTheSameBytes() throws Exception {
    List<String> paths = List.of(
        "/api/v1/query?query=" + enc("up") + "&time=" + TIMES[0],
        "/api/v1/query?query=" + enc("http_requests_total{instance=\"host-1:9100\"}[2m]")
            + "&time=" + TIMES[1],
        "/api/v1/query?query=" + enc("scalar(sum(up))") + "&time=" + TIMES[0],
        "/api/v1/query?query=" + enc("scalar(up{instance=\"host-3:9100\"}) * 1e-7") + "&time="
            + TIMES[0] + ".25",
        "/api/v1/query?query=" + enc("vector(1e-7) * 3") + "&time=" + TIMES[0] + ".25",
        "/api/v1/query?query=" + enc("\"a<b>&c\"") + "&time=" + TIMES[0] + ".5",
        "/api/v1/query?query=" + enc("temperature_celsius / 3e10") + "&time=" + TIMES[2],
        "/api/v1/query?query=" + enc("nonexistent") + "&time=" + TIMES[0],
        "/api/v1/query_range?query=" + enc("up{job=\"db\"}") + "&start=" + (T0 + 607)
            + "&end=" + (T0 + 2407.25) + "&step=90",
        "/api/v1/query_range?query=" + enc("rate(http_requests_total{instance=\"host-9:9100\"}"
            + "[5m]) > 1e9") + "&start=" + (T0 + 607) + "&end=" + (T0 + 2407) + "&step=60",
        "/api/v1/query_range?query=" + enc("time()") + "&start=" + (T0 + 607) + "&end="
            + (T0 + 907) + "&step=60");
    for (String path : paths) {
      ParityPeers.Answer want = ParityPeers.get(peers.prometheus, path);
      ParityPeers.Answer got = ParityPeers.get(peers.vigil, path);
      assertThat(got.status()).as(path).isEqualTo(want.status());
      assertThat(got.body()).as(path).isEqualTo(want.body());
    }
  }

  /**
   * Queries whose answers have a defined order and whose values both versions compute with the
   * same float operations, so promtool's text is comparable as is: Prometheus 3 adds with Kahan
   * compensation where 2.42 adds plainly, so sums of fractions may differ in the last digit.
   */
  static final List<String> PROMTOOL_INSTANT = List.of(
      "up",
      "sort(rate(http_requests_total{job=\"db\"}[5m]))",
      "sort_desc(sum by (job) (node_memory_bytes))",
      "scalar(sum(up))",
      "http_requests_total{instance=\"host-0:9100\", code=\"500\"}[2m]",
      "histogram_quantile(0.9,"
          + " rate(request_duration_seconds_bucket{instance=\"host-3:9100\"}[5m]))",
      "temperature_celsius / 1e9",
      "vector(1)");

  static final List<String> PROMTOOL_RANGE = List.of(
      "max by (job) (rate(http_requests_total[5m]))",
      "up{job=\"db\"}",
      "histogram_quantile(0.5, rate(request_duration_seconds_bucket{job=\"cache\"}[10m]))",
      "time()",
      "batch_last_success_timestamp_seconds");

  @Test
  void promtoolPrintsTheSameAgainstBoth() throws Exception {
    for (String expr : PROMTOOL_INSTANT) {
      for (String format : new String[] {"promql", "json"}) {
        List<String> args = List.of("query", "instant", "-o", format, "--time="
            + TIMES[0], "SERVER", expr);
        assertThat(promtool(args, peers.vigil)).as(expr + " (" + format + ")")
            .isEqualTo(promtool(args, peers.prometheus));
      }
    }
    for (String expr : PROMTOOL_RANGE) {
      List<String> args = List.of("query", "range", "--start=" + (T0 + 607),
          "--end=" + (T0 + 2407), "--step=1m", "SERVER", expr);
      assertThat(promtool(args, peers.vigil)).as(expr).isEqualTo(promtool(args, peers.prometheus));
    }
  }

  /** promtool's exit status and output with {@code SERVER} replaced by {@code server}. */
  private String promtool(List<String> args, String server) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ParityPeers.PROMTOOL.toString());
    for (String a : args) {
      cmd.add(a.equals("SERVER") ? server : a);
    }
    Path out = Files.createTempFile(dir, "promtool", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return "exit " + p.exitValue() + "\n" + Files.readString(out);
  }
}
