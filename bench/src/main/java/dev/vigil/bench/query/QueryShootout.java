package dev.vigil.bench.query;

import dev.vigil.bench.peer.Options;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.VigilJvmOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side query benchmark: the same generated data is backfilled into Prometheus
 * ({@code promtool tsdb create-blocks-from openmetrics}) and Vigil ({@code vigil import
 * openmetrics}) and imported into VictoriaMetrics; then each store in turn answers the
 * {@link QuerySet} as instant and range queries over HTTP, one query at a time. Prints the median
 * latency per query and Vigil's ratio to each peer measured in the same run, and writes JSON under
 * {@code bench/results}. Run through {@code ./bench/run-query}; a benchmark, not a test.
 */
public final class QueryShootout {
  static final List<String> STORES = List.of("prometheus", "victoria-metrics", "vigil");
  private static final List<String> OPTIONS = List.of("services", "instances", "hours",
      "interval", "only", "warmup-passes", "warm-until-quiet", "warmups", "repeats", "seed", "tmp",
      "results-dir", "vigil-jar", "vigil-args",
      "prometheus", "promtool", "victoria-metrics", "help");

  private QueryShootout() {}

  public static void main(String[] args) throws Exception {
    Options opts = Options.parse(args, OPTIONS, Set.of("help"), usage());
    if (opts.has("help")) {
      System.out.println(usage());
      return;
    }
    PrintStream log = System.out;
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    List<String> only = Arrays.asList(opts.get("only", String.join(",", STORES)).split(","));
    for (String o : only) {
      if (!STORES.contains(o)) {
        throw new IllegalArgumentException("unknown store '" + o + "' in --only; known: " + STORES);
      }
    }
    Path tmp = Path.of(opts.get("tmp", System.getProperty("java.io.tmpdir")));
    QueryData data = new QueryData(opts.positive("services", 20), opts.positive("instances", 20),
        opts.positive("hours", 4), opts.positive("interval", 30), System.currentTimeMillis());
    Path work = Files.createTempDirectory(tmp, "vigil-query-data-");
    Path om = work.resolve("data.om.txt");
    Path prom = work.resolve("data.prom.txt");
    long t0 = System.nanoTime();
    data.write(om, prom, Long.parseLong(opts.get("seed", "42")));
    log.printf("data: %,d series x %d points = %,d samples (%d h at %d s), %,d MiB OpenMetrics,"
            + " written in %.1f s%n", data.series, data.points(), data.samples, data.hours,
        data.intervalSeconds, Files.size(om) >> 20, (System.nanoTime() - t0) / 1e9);

    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    // the launcher's flags (scripts/jvm.options, or VIGIL_JAVA_OPTS), as run-ingest uses them
    List<String> vigilOpts = VigilJvmOptions.resolve(Path.of("").toAbsolutePath(), System.getenv());
    QueryRun runner = new QueryRun(data, om, prom, tmp, opts.nonNegative("warmup-passes", 2),
        opts.nonNegative("warm-until-quiet", 0), opts.positive("warmups", 2),
        opts.positive("repeats", 7), PeerProcess.clockTicks(), log);
    Map<String, List<QueryTiming>> results = new LinkedHashMap<>();
    for (String name : only) {
      QueryBackend store = switch (name) {
        case "prometheus" -> new QueryBackend.Prometheus(
            Path.of(opts.get("prometheus", "/usr/bin/prometheus")),
            Path.of(opts.get("promtool", "/usr/bin/promtool")));
        case "victoria-metrics" -> new QueryBackend.VictoriaMetrics(
            Path.of(opts.get("victoria-metrics", "/usr/bin/victoria-metrics")));
        default -> new QueryBackend.Vigil(java,
            Path.of(opts.get("vigil-jar", "server/target/vigil-server.jar")).toAbsolutePath(),
            vigilOpts, opts.get("vigil-args", "").isBlank() ? List.of()
                : List.of(opts.get("vigil-args", "").trim().split("\\s+")));
      };
      List<QueryTiming> timings;
      try {
        timings = runner.run(store);
      } catch (Exception e) {
        timings = List.of(QueryTiming.failed("*", "*", "failed: " + e));
      }
      results.put(name, timings);
    }
    Files.deleteIfExists(om);
    Files.deleteIfExists(prom);
    Files.deleteIfExists(work);

    log.println();
    log.printf("query latency, median of %s runs: %,d series, %,d samples; range queries over the"
            + " last %d h at %d s steps%n", opts.get("repeats", "7"), data.series, data.samples,
        QuerySet.RANGE_HOURS, QuerySet.RANGE_STEP_SECONDS);
    log.print(QueryReport.table(results));
    log.print(QueryReport.seriesCheck(results));
    log.println();
    log.printf("server CPU ms per query run (user + system time of the store process over the %s"
        + " timed runs, divided by their number; %d ms clock ticks)%n", opts.get("repeats", "7"),
        1000 / PeerProcess.clockTicks());
    log.print(QueryReport.cpuTable(results));
    log.println("(shared machine: absolute figures are noisy, compare the ratios)");
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now());
    Path file = Path.of(opts.get("results-dir", "bench/results")).resolve("query-" + stamp
        + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, QueryReport.json(data, new ArrayList<>(only), results));
    log.println("results: " + file.toAbsolutePath());
  }

  static String usage() {
    return """
        usage: ./bench/run-query [--services N] [--instances N] [--hours N]
                                 [--only prometheus,victoria-metrics,vigil] [options]
          --services N       services (job label) in the generated fleet (default 20)
          --instances N      instances per service (default 20)
          --hours N          hours of data (default 4)
          --interval S       seconds between samples (default 30)
          --only LIST        stores to run, in order (default all three)
          --warmup-passes N  untimed passes over the whole query set first (default 2)
          --warm-until-quiet S  after those, more passes until the JIT compilers took under
                             5 % of the store's CPU over the last 3 passes together (at most
                             S seconds; default 0 = off; a store compiled ahead of time stops
                             after one pass)
          --warmups N        untimed runs per query (default 2)
          --repeats N        timed runs per query; the median is reported (default 7)
          --seed N           data seed (default 42)
          --tmp DIR          where data goes (default java.io.tmpdir)
          --results-dir DIR  where the JSON goes (default bench/results)
          --vigil-jar PATH   (default server/target/vigil-server.jar);
                             the environment's VIGIL_JAVA_OPTS sets its JVM flags
          --vigil-args "F.." extra flags for vigil server, space-separated
                             (e.g. "--query.max-parallelism=1")
          --prometheus PATH, --promtool PATH, --victoria-metrics PATH  peer binaries
                             (default /usr/bin/...)
        """;
  }
}
