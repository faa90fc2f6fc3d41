package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.Options;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.VigilJvmOptions;

import java.io.IOException;
import java.io.PrintStream;
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
 * The side-by-side remote-write ingestion benchmark: the same pre-encoded remote-write 1.0
 * traffic (a real node_exporter's series, replicated over many targets, 15 s scrapes spanning 3
 * hours) is sent to Prometheus, VictoriaMetrics and Vigil in turn, each on a fresh data
 * directory, measuring wall time, the receiver's CPU time during ingest, its memory after ingest
 * and its bytes on disk once compacted. Prints a table with Vigil's ratios to each peer and writes
 * the results as JSON under {@code bench/results}. Run it through {@code ./bench/run-ingest}; see
 * {@code bench/README.md}. A benchmark, not a test: it asserts nothing, it reports.
 */
public final class IngestShootout {
  static final List<String> RECEIVERS = List.of("prometheus", "victoria-metrics", "vigil");
  private static final int MIN_SERIES = 20_000;
  private static final int MIN_TARGETS = 20;
  private static final int DEFAULT_SCRAPES = 721; // 3 h of 15 s scrapes

  private IngestShootout() {}

  public static void main(String[] args) throws Exception {
    Options opts = Options.parse(args, OPTIONS, Set.of("help", "keep-data"), usage());
    if (opts.has("help")) {
      System.out.println(usage());
      return;
    }
    PrintStream log = System.out;
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    List<String> only =
        Arrays.asList(opts.get("only", String.join(",", RECEIVERS)).split(","));
    for (String o : only) {
      if (!RECEIVERS.contains(o)) {
        throw new IllegalArgumentException(
            "unknown receiver '" + o + "' in --only; known: " + RECEIVERS);
      }
    }
    long clockTicks = PeerProcess.clockTicks();
    Path tmp = Path.of(opts.get("tmp", System.getProperty("java.io.tmpdir")));

    long t0 = System.nanoTime();
    Path nodeExporter =
        Path.of(opts.get("node-exporter", "/usr/bin/prometheus-node-exporter"));
    byte[] body = NodeExporterBody.scrape(nodeExporter, tmp, clockTicks);
    List<NodeExporterBody.Line> base = NodeExporterBody.parse(body);
    int targets = opts.positive("targets",
        Math.max(MIN_TARGETS, (MIN_SERIES + base.size() - 1) / base.size()));
    int scrapes = opts.positive("scrapes", DEFAULT_SCRAPES);
    int senders = opts.positive("senders", 4);
    int batch = opts.positive("batch", 2000);
    long seed = Long.parseLong(opts.get("seed", "42"));
    log.printf("workload: node_exporter exposes %d series (%,d bytes); %d targets x %d scrapes%n",
        base.size(), body.length, targets, scrapes);
    Workload w = Workload.build(base, targets, scrapes, senders, batch,
        System.currentTimeMillis(), seed, Runtime.getRuntime().availableProcessors());
    log.printf("workload: %,d series, %,d samples in %,d requests of <= %d samples over %d senders;"
            + " %,.0f MiB protobuf, %,.0f MiB snappy; encoded in %.1f s%n",
        w.series, w.samples, w.requests(), batch, senders, w.rawBytes / 1048576.0,
        w.compressedBytes / 1048576.0, (System.nanoTime() - t0) / 1e9);

    List<Receiver> receivers = new ArrayList<>();
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    List<String> vigilJvm = VigilJvmOptions.resolve(Path.of("").toAbsolutePath(), System.getenv());
    String vigilOpts = String.join(" ", vigilJvm);
    // --vigil-jar may list several jars, for A/B runs on one encoded workload: the i-th "vigil"
    // of --only runs the i-th jar (the last one repeats)
    List<String> vigilJars =
        Arrays.asList(opts.get("vigil-jar", "server/target/vigil-server.jar").split(","));
    int vigils = 0;
    for (String name : only) {
      int jar = name.equals("vigil") ? Math.min(vigils++, vigilJars.size() - 1) : 0;
      receivers.add(switch (name) {
        case "prometheus" -> new Receiver.Prometheus(
            Path.of(opts.get("prometheus", "/usr/bin/prometheus")));
        case "victoria-metrics" -> new Receiver.VictoriaMetrics(
            Path.of(opts.get("victoria-metrics", "/usr/bin/victoria-metrics")));
        default -> new Receiver.Vigil(java,
            Path.of(vigilJars.get(jar)).toAbsolutePath(),
            vigilJvm);
      });
    }
    ReceiverRun runner = new ReceiverRun(w, tmp, opts.has("keep-data"), clockTicks, log);
    List<RunResult> results = new ArrayList<>();
    for (Receiver r : receivers) {
      RunResult result;
      try {
        result = runner.run(r);
      } catch (IOException | RuntimeException e) {
        result = RunResult.unavailable(r.name(), "failed: " + e);
      }
      if (!result.ran()) {
        log.printf("%s: not available (%s)%n", r.name(), result.unavailable());
      }
      results.add(result);
    }

    log.println();
    log.printf("remote-write ingestion: %,d series x %d scrapes = %,d samples, %d senders,"
            + " %d samples/request%n",
        w.series, w.scrapes, w.samples, senders, batch);
    log.print(ShootoutReport.table(results));
    log.println("(shared machine: absolute figures are noisy, compare the ratios)");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("startedAt", Instant.now().toString());
    params.put("targets", targets);
    params.put("scrapes", scrapes);
    params.put("senders", senders);
    params.put("samplesPerRequest", batch);
    params.put("seed", seed);
    params.put("receivers", only);
    params.put("cpus", Runtime.getRuntime().availableProcessors());
    params.put("vigilJavaOptions", vigilOpts);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now());
    Path file = Path.of(opts.get("results-dir", "bench/results"))
        .resolve("ingest-" + stamp + ".json");
    ShootoutReport.writeJson(file, ShootoutReport.json(params, w, results));
    log.println("results: " + file.toAbsolutePath());
  }

  private static final List<String> OPTIONS = List.of("targets", "scrapes", "only", "senders",
      "batch", "seed", "tmp", "keep-data", "results-dir", "vigil-jar", "prometheus",
      "victoria-metrics", "node-exporter", "help");

  static String usage() {
    return """
        usage: ./bench/run-ingest [--targets N] [--scrapes N]
                                  [--only prometheus,victoria-metrics,vigil] [options]
          --targets N        node_exporter copies (default: enough for 20,000 series, at least 20)
          --scrapes N        scrapes per target, 15 s apart (default 721 = 3 h)
          --only LIST        receivers to run, in order (default all three)
          --senders N        concurrent remote-write senders / shards (default 4)
          --batch N          samples per request (default 2000)
          --seed N           value-evolution seed (default 42)
          --keep-data        keep each receiver's data directory
          --tmp DIR          where data directories go (default java.io.tmpdir)
          --results-dir DIR  where the JSON goes (default bench/results)
          --vigil-jar PATH   (default server/target/vigil-server.jar; a comma-separated list
                             gives the 1st, 2nd, ... vigil of --only its own jar, for A/B);
                             JVM flags: VIGIL_JAVA_OPTS, else the launcher's scripts/jvm.options
          --prometheus PATH, --victoria-metrics PATH, --node-exporter PATH   peer binaries""";
  }
}
