package dev.vigil.bench.query;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.ThreadCpu;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one store through the query benchmark: fresh data directory, backfill, start, wait until
 * ready (and, for a store importing over HTTP, import and flush), then every query of the
 * {@link QuerySet} as instant and as range query: {@code warmups} untimed runs, then
 * {@code repeats} timed ones, one at a time. Only one store runs at a time.
 */
final class QueryRun {
  private final QueryData data;
  private final Path openMetrics;
  private final Path promText;
  private final Path tmpRoot;
  /**
   * The store counts as warm when its JIT compilers took below this share of its CPU over the
   * last {@link #QUIET_PASSES} passes together.
   */
  static final double QUIET_JIT_SHARE = 0.05;
  /**
   * Passes the quiet share is judged over. One pass is too short: a warm-ish JVM still compiles a
   * few methods per pass (those whose call counts reach C2's thresholds only after thousands of
   * requests), each 10-100 ms of compiler CPU, so single passes scatter from 1 % to 25 % and the
   * first one under 5 % by chance ended the warm-up at pass 27 on one run and pass 48 on the next,
   * with 25-50 % less server CPU per range query after 48.
   */
  static final int QUIET_PASSES = 3;

  private final int warmups;
  private final int warmupPasses;
  private final int quietSeconds;
  private final int repeats;
  private final long clockTicks;
  private final PrintStream log;

  QueryRun(QueryData data, Path openMetrics, Path promText, Path tmpRoot, int warmupPasses,
      int quietSeconds, int warmups, int repeats, long clockTicks, PrintStream log) {
    this.warmupPasses = warmupPasses;
    this.quietSeconds = quietSeconds;
    this.data = data;
    this.openMetrics = openMetrics;
    this.promText = promText;
    this.tmpRoot = tmpRoot;
    this.warmups = warmups;
    this.repeats = repeats;
    this.clockTicks = clockTicks;
    this.log = log;
  }

  /** The timings, or a single failed entry saying why the store did not run. */
  List<QueryTiming> run(QueryBackend store) throws IOException, InterruptedException {
    String why = store.unavailable();
    if (why != null) {
      return List.of(QueryTiming.failed("*", "*", why));
    }
    Path work = Files.createTempDirectory(tmpRoot, "vigil-query-" + store.name() + "-");
    Path dataDir = work.resolve("data");
    Files.createDirectories(dataDir);
    long t0 = System.nanoTime();
    store.backfill(openMetrics, dataDir, work);
    int port = PeerProcess.freePort();
    try (PeerProcess process = PeerProcess.start(store.name(), store.command(dataDir, port, work),
            work.resolve(store.name() + ".log"), clockTicks);
        LocalHttp http = new LocalHttp(port)) {
      if (!awaitReady(http, process)) {
        return List.of(QueryTiming.failed("*", "*",
            "not ready: " + LocalHttp.abbreviate(process.logTail(5), 400)));
      }
      if (store.importsOverHttp()) {
        importText(port);
        http.get("/internal/force_flush", Duration.ofMinutes(5));
        Thread.sleep(5000); // VictoriaMetrics makes flushed data searchable shortly after
      }
      log.printf("%s: loaded and ready in %.1f s%n", store.name(), (System.nanoTime() - t0) / 1e9);
      List<QueryTiming> out = new ArrayList<>();
      // whole seconds, off the samples' +123 ms grid: see QueryData
      String time = seconds(data.queryEndMs);
      String range = "&start=" + seconds(data.queryEndMs - QuerySet.RANGE_HOURS * 3_600_000L)
          + "&end=" + time + "&step=" + QuerySet.RANGE_STEP_SECONDS;
      // One untimed pass over the whole set first, for every store alike: a server that has run
      // for a while has compiled its query paths (a JVM's JIT needs a few thousand calls), and
      // per-query warm-ups alone leave the first queries timed half-compiled. Every timed run
      // still does all of its work: nothing here caches answers.
      // With --warm-until-quiet, passes go on until the store's JIT compilers take under
      // QUIET_JIT_SHARE of the CPU of the last QUIET_PASSES passes (at most quietSeconds): a store
      // compiled ahead of time has no compiler threads and stops after the fixed passes.
      long quietDeadline = System.nanoTime() + quietSeconds * 1_000_000_000L;
      List<double[]> passes = new ArrayList<>(); // {CPU s, JIT CPU s} per pass
      for (int pass = 0; ; pass++) {
        boolean fixed = pass < warmupPasses;
        if (!fixed && (quietSeconds == 0 || System.nanoTime() > quietDeadline)) {
          break;
        }
        passes.add(warmUpPass(http, process, store, time, range, pass));
        if (!fixed && quiet(passes)) {
          break;
        }
      }
      for (QuerySet.Query q : QuerySet.QUERIES) {
        String base = "query=" + LocalHttp.enc(q.promql()) + store.extraParams();
        out.add(time(http, process, q.name(), "instant",
            "/api/v1/query?" + base + "&time=" + time));
        out.add(time(http, process, q.name(), "range", "/api/v1/query_range?" + base + range));
        QueryTiming last = out.get(out.size() - 1);
        QueryTiming instant = out.get(out.size() - 2);
        log.printf("%s: %-20s instant %8.2f ms (%d series)  range %8.2f ms (%d series)%n",
            store.name(), q.name(), instant.median(), instant.seriesReturned(), last.median(),
            last.seriesReturned());
      }
      return out;
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Whether the last {@link #QUIET_PASSES} passes ({CPU s, JIT CPU s} each) together spent under
   * {@link #QUIET_JIT_SHARE} of their CPU in the JIT compilers; a store without compiler threads
   * (compiled ahead of time) is quiet after its first pass.
   */
  static boolean quiet(List<double[]> passes) {
    int n = passes.size();
    if (n > 0 && passes.stream().allMatch(p -> p[1] == 0)) {
      return true;
    }
    double cpu = 0;
    double jit = 0;
    for (int i = Math.max(0, n - QUIET_PASSES); i < n; i++) {
      cpu += passes.get(i)[0];
      jit += passes.get(i)[1];
    }
    return n >= QUIET_PASSES && jit < QUIET_JIT_SHARE * cpu;
  }

  /** One untimed pass over the whole set; returns {its CPU s, its JIT compilers' CPU s}. */
  private double[] warmUpPass(LocalHttp http, PeerProcess process, QueryBackend store, String time,
      String range, int pass) {
    double cpu0 = process.cpuSeconds();
    long[] faults0 = process.pageFaults();
    Map<Long, ThreadCpu.Sample> threads0 = ThreadCpu.read(process.pid());
    for (QuerySet.Query q : QuerySet.QUERIES) {
      String base = "query=" + LocalHttp.enc(q.promql()) + store.extraParams();
      http.get("/api/v1/query?" + base + "&time=" + time, Duration.ofMinutes(5));
      http.get("/api/v1/query_range?" + base + range, Duration.ofMinutes(5));
    }
    double cpu = process.cpuSeconds() - cpu0;
    Map<String, Double> groups =
        ThreadCpu.byGroup(threads0, ThreadCpu.read(process.pid()), cpu, clockTicks);
    double c2 = groups.getOrDefault(ThreadCpu.C2, 0.0);
    double c1 = groups.getOrDefault(ThreadCpu.C1, 0.0);
    long[] faults = process.pageFaults();
    // GC time and page faults per pass tell a pass slowed by the collector from one slowed by
    // re-reading evicted pages of memory-mapped files
    log.printf("%s: warm-up pass %d: %.2f CPU s, of which JIT C2 %.2f s, C1 %.2f s, GC %.2f s;"
        + " page faults %d minor, %d major%n", store.name(), pass + 1, cpu, c2, c1,
        groups.getOrDefault(ThreadCpu.GC, 0.0), faults[0] - faults0[0], faults[1] - faults0[1]);
    return new double[] {cpu, c2 + c1};
  }

  private QueryTiming time(LocalHttp http, PeerProcess process, String name, String kind,
      String url) {
    double[] ms = new double[repeats];
    LocalHttp.Answer a = null;
    double cpu0 = Double.NaN;
    Map<Long, ThreadCpu.Sample> threads0 = Map.of();
    for (int i = -warmups; i < repeats; i++) {
      if (i == 0) {
        threads0 = ThreadCpu.read(process.pid());
        cpu0 = process.cpuSeconds();
      }
      long t = System.nanoTime();
      a = http.get(url, Duration.ofMinutes(5));
      long dt = System.nanoTime() - t;
      if (!a.ok()) {
        return QueryTiming.failed(name, kind, a.status() + " " + LocalHttp.abbreviate(a.body(), 300));
      }
      if (i >= 0) {
        ms[i] = dt / 1e6;
      }
    }
    double cpu = process.cpuSeconds() - cpu0;
    Map<String, Double> groups =
        ThreadCpu.byGroup(threads0, ThreadCpu.read(process.pid()), cpu, clockTicks);
    double jit = groups.getOrDefault(ThreadCpu.C2, 0.0) + groups.getOrDefault(ThreadCpu.C1, 0.0);
    return new QueryTiming(name, kind, ms, cpu * 1000 / repeats, jit * 1000 / repeats,
        count(a.body(), "\"metric\""), null);
  }

  private static boolean awaitReady(LocalHttp http, PeerProcess process)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.alive()) {
        return false;
      }
      LocalHttp.Answer a = http.get("/api/v1/status/buildinfo", Duration.ofSeconds(5));
      LocalHttp.Answer h = http.get("/health", Duration.ofSeconds(5));
      LocalHttp.Answer r = http.get("/-/ready", Duration.ofSeconds(5));
      if (r.ok() || (h.ok() && a.status() != -1)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private void importText(int port) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                  + "/api/v1/import/prometheus"))
              .timeout(Duration.ofMinutes(20))
              .POST(HttpRequest.BodyPublishers.ofFile(promText)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("import answered " + r.statusCode() + ": " + r.body());
      }
    }
  }

  static String seconds(long ms) {
    return String.format("%d.%03d", ms / 1000, ms % 1000);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
