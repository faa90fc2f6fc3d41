package dev.vigil.server.warmup;

import dev.vigil.server.ServerWiring;
import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.lifecycle.CarrierThreads;
import dev.vigil.server.storage.TsdbStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run of the launcher's AOT cache ({@code scripts/aot-cache}): a short, typical life
 * of a Vigil server in one JVM started with {@code -XX:AOTCacheOutput}, so that the cache holds
 * the classes a server loads and links and the method profiles of its request paths (JEP 483,
 * 514, 515), and a server started with the cache answers its first requests without loading,
 * linking and profiling them first. The run imports a few hours of an OpenMetrics fleet (queries
 * then read blocks), starts {@code vigil server} on free local ports, remote-writes samples at
 * the present (the head), asks the query, series and status APIs what dashboards ask ({@link
 * TrainingQueries}) until the JIT compilers are quiet, and stops the server through {@code
 * /-/quit}.
 *
 * <p>{@code java -cp vigil-server.jar dev.vigil.server.warmup.TrainingRun WORKDIR [SECONDS]} (an
 * empty directory the caller removes afterwards; the workload's longest time, default {@link
 * #WORKLOAD}); exit status 0 when every request was answered as expected. Not for anything but
 * training: the workload's only purpose is to run code.
 */
public final class TrainingRun {
  /**
   * How long the query workload runs at most (it runs {@link #MIN_PASSES} passes anyway); the
   * launcher stops a training run after 600 s. Short on purpose: the cache's measured gain is
   * class loading and linking (half the CPU to ready), while profiles from a long training made
   * JDK 25 defer C2 into the first real requests (twice the JIT CPU in a default query bench).
   */
  static final Duration WORKLOAD = Duration.ofSeconds(10);
  static final int MIN_PASSES = 2;
  static final int MAX_PASSES = 400;
  /** The passes over which compiling must have been quiet to end the workload. */
  static final int QUIET_PASSES = 3;
  /** The share of the wall time the compilers may take over those passes to count as quiet. */
  static final double QUIET_SHARE = 0.05;

  private TrainingRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2
        || (args.length == 2 && !args[1].matches("\\d{1,5}"))) {
      System.err.println("usage: TrainingRun WORKDIR [MAX-WORKLOAD-SECONDS]");
      System.exit(2);
    }
    CarrierThreads.size(); // as the server's own entry point does
    Duration workload = args.length == 2 ? Duration.ofSeconds(Long.parseLong(args[1])) : WORKLOAD;
    PrintWriter log = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(Path.of(args[0]), workload, Math.min(MIN_PASSES, 1 + (int) workload.toSeconds()),
        log);
    log.flush();
    // exiting ends the server's non-daemon threads and makes the JVM write the AOT cache
    System.exit(code);
  }

  /**
   * Imports, serves, works and stops in {@code work}; returns 0 when every request was answered
   * as expected, else 1 (the failures are logged).
   */
  static int run(Path work, Duration workload, int minPasses, PrintWriter log)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path data = work.resolve("data");
    Path config = Files.writeString(work.resolve("vigil.yml"), "scrape_configs: []\n");
    long now = System.currentTimeMillis();
    long t0 = System.nanoTime();
    // imported history ends an hour ago, so the head (written at the present) starts after it
    TrainingData fleet = new TrainingData(now / 60_000 * 60_000 - 3_600_000L, 3);
    Path om = work.resolve("fleet.om");
    fleet.writeOpenMetrics(om);
    int importStatus = vigil(new String[] {"import", "openmetrics", om.toString(),
        "--storage.path=" + data, "--quiet"}, log);
    if (importStatus != 0) {
      log.println("training: import failed with status " + importStatus);
      return 1;
    }
    long imported = System.nanoTime();
    int port = freePort();
    String[] server = {"server", "--config.file=" + config, "--storage.path=" + data,
        "--web.listen-address=127.0.0.1:" + port,
        // Without the OTLP listeners: every class in the cache is loaded at every start, and
        // their gRPC stack (with generated marshallers) is the largest part of the classes; a
        // server that listens for OTLP loads them from the jars as without a cache.
        "--otlp.grpc.listen-address=", "--otlp.http.listen-address=",
        "--web.enable-lifecycle", "--log.level=warn"};
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serving = Thread.ofPlatform().name("training-server").start(
        () -> exit.set(vigil(server, log)));
    TrainingClient client = new TrainingClient(port, log);
    try {
      if (!client.awaitReady(Duration.ofSeconds(120), serving)) {
        log.println("training: the server did not become ready (exit " + exit.get() + ")");
        return 1;
      }
      long ready = System.nanoTime();
      int passes = work(client, fleet, now, workload, minPasses, log);
      log.printf("training: import %d ms, start %d ms, %d passes %d ms%n",
          (imported - t0) / 1_000_000, (ready - imported) / 1_000_000, passes,
          (System.nanoTime() - ready) / 1_000_000);
    } finally {
      long stopping = System.nanoTime();
      client.quit();
      serving.join(Duration.ofSeconds(60));
      log.printf("training: stop %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
    }
    if (exit.get() != 0) {
      log.println("training: the server exited with status " + exit.get());
      return 1;
    }
    if (client.failures() > 0) {
      log.println("training: " + client.failures() + " of " + client.requests()
          + " requests failed");
      return 1;
    }
    log.println("training: " + client.requests() + " requests");
    return 0;
  }

  /**
   * Runs passes of the workload until the JIT compilers are quiet; returns how many. A method
   * reaches the optimising compiler only after thousands of calls, and the cache keeps a
   * method's profile and the highest tier it reached: JDK 25 compiles a method the training run
   * optimised as soon as it is called again, but holds back one the run compiled and never
   * optimised. So the run goes on until the compiler threads took under {@link #QUIET_SHARE} of
   * the process's CPU over the last {@link #QUIET_PASSES} passes (at least {@code minPasses}, at
   * most until {@code workload} has passed or {@link #MAX_PASSES}).
   */
  private static int work(TrainingClient client, TrainingData fleet, long now, Duration workload,
      int minPasses, PrintWriter log) {
    CompilerLoad load = CompilerLoad.self();
    long start = System.nanoTime();
    long deadline = start + workload.toNanos();
    long[] cpuAt = new long[MAX_PASSES + 1];
    long[] jitAt = new long[MAX_PASSES + 1];
    List<String> paths = paths(fleet, now);
    int pass = 0;
    for (; pass < MAX_PASSES; pass++) {
      cpuAt[pass] = load.processTicks();
      jitAt[pass] = load.compilerTicks();
      if (pass >= minPasses && (System.nanoTime() > deadline || quiet(cpuAt, jitAt, pass))) {
        break;
      }
      // a few samples at the present per pass: the head grows as under a real sender
      for (int i = 0; i < 4; i++) {
        long t = now - 120_000L + (pass * 4L + i) * 1000L;
        client.post("/api/v1/write", TrainingData.remoteWrite(t, pass * 4 + i), List.of(
            "Content-Encoding", "snappy", "Content-Type", "application/x-protobuf",
            "X-Prometheus-Remote-Write-Version", "0.1.0"));
      }
      // every other pass asks for compressed answers, as Grafana does
      List<String> headers = pass % 2 == 0 ? List.of() : List.of("Accept-Encoding", "gzip");
      for (String path : paths) {
        client.get(path, headers);
      }
      if (pass % 10 == 9) {
        log.printf("training: %d passes in %d ms; compilers %d of %d CPU ticks in the last 10%n",
            pass + 1, (System.nanoTime() - start) / 1_000_000,
            load.compilerTicks() - jitAt[pass - 9], load.processTicks() - cpuAt[pass - 9]);
      }
    }
    return pass;
  }

  /**
   * Whether the compiler threads took under {@link #QUIET_SHARE} of the process's CPU over the
   * {@link #QUIET_PASSES} passes before {@code pass} (never when the readings are missing).
   */
  static boolean quiet(long[] cpuAt, long[] jitAt, int pass) {
    if (pass < QUIET_PASSES || cpuAt[pass - QUIET_PASSES] < 0 || jitAt[pass - QUIET_PASSES] < 0) {
      return false;
    }
    long cpu = cpuAt[pass] - cpuAt[pass - QUIET_PASSES];
    long jit = jitAt[pass] - jitAt[pass - QUIET_PASSES];
    return cpu > 0 && jit < QUIET_SHARE * cpu;
  }

  /** Every request of one pass: queries over blocks and over the head, and the metadata APIs. */
  static List<String> paths(TrainingData fleet, long now) {
    List<String> out = new ArrayList<>();
    String blockEnd = seconds(fleet.endMs());
    String rangeStart = seconds(fleet.endMs() - 7_200_000L);
    String headStart = seconds(now - 600_000L);
    for (String q : TrainingQueries.ALL) {
      // instant and range over the imported blocks, instant and range over the head
      out.add("/api/v1/query?query=" + enc(q) + "&time=" + blockEnd);
      out.add("/api/v1/query_range?query=" + enc(q) + "&start=" + rangeStart + "&end=" + blockEnd
          + "&step=30");
      out.add("/api/v1/query?query=" + enc(q) + "&time=" + seconds(now));
      out.add("/api/v1/query_range?query=" + enc(q) + "&start=" + headStart + "&end="
          + seconds(now) + "&step=15");
    }
    out.add("/api/v1/series?match[]=" + enc("http_requests_total{job=\"svc-1\"}"));
    out.add("/api/v1/labels");
    out.add("/api/v1/label/job/values");
    out.add("/api/v1/metadata");
    out.add("/api/v1/format_query?query=" + enc("sum(rate(x[5m]))by(job)"));
    out.add("/api/v1/status/buildinfo");
    out.add("/-/ready");
    out.add("/metrics");
    return out;
  }

  /** Runs a {@code vigil} command line in this JVM, as the jar's entry point does. */
  private static int vigil(String[] args, PrintWriter log) {
    TsdbStore store = new TsdbStore();
    return VigilCommand.run(args, store, s -> ServerWiring.wire(s, store), log, log);
  }

  private static String seconds(long ms) {
    return (ms / 1000) + "." + String.format(Locale.ROOT, "%03d", ms % 1000);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
