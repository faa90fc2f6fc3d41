package dev.vigil.bench.rules;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.bench.peer.Options;
import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.rules.eval.AlertState;
import dev.vigil.rules.eval.AlertingRule;
import dev.vigil.rules.eval.EvalEnvironment;
import dev.vigil.rules.eval.Group;
import dev.vigil.rules.eval.GroupContext;
import dev.vigil.rules.eval.GroupLoader;
import dev.vigil.rules.eval.Rule;
import dev.vigil.rules.eval.RuleHealth;
import dev.vigil.rules.eval.RuleQuery;
import dev.vigil.rules.notify.Notifier;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The rule-evaluation benchmark: a generated fleet ({@link RuleFleet}) is appended into a real
 * {@link Tsdb} in a temporary directory, a generated rule file ({@link RuleSet}, 10,000 rules by
 * default) is loaded with the server's {@link GroupLoader}, and every group is evaluated with
 * {@link Group#eval} over the real PromQL engine for N consecutive 15 s intervals at simulated
 * timestamps at the end of the data, as fast as it goes, groups spread over a pool of threads as
 * the server runs them concurrently. Prints per-interval wall time, CPU time, recorded samples and
 * active alerts, and writes JSON under {@code bench/results}. Run through
 * {@code ./bench/run-rules}; a benchmark, not a test.
 */
public final class RuleBench {
  private static final long INTERVAL_MS = 15_000;
  private static final List<String> OPTIONS = List.of("services", "instances", "hours", "rules",
      "group-size", "intervals", "warmups", "threads", "seed", "tmp", "results-dir", "help");

  private RuleBench() {}

  record IntervalResult(long ts, double wallMs, double cpuMs, long recorded, long alertSeries,
      int pending, int firing, int failedRules) {}

  public static void main(String[] args) throws Exception {
    Options opts = Options.parse(args, OPTIONS, Set.of("help"), usage());
    if (opts.has("help")) {
      System.out.println(usage());
      return;
    }
    PrintStream log = System.out;
    int threads = opts.positive("threads", Runtime.getRuntime().availableProcessors());
    int intervals = opts.positive("intervals", 30);
    int warmups = Integer.parseInt(opts.get("warmups", "4"));
    if (warmups < 0 || warmups >= intervals) {
      throw new IllegalArgumentException("--warmups " + warmups + " must be in [0, --intervals "
          + intervals + ")");
    }
    int points = (int) (opts.positive("hours", 2) * 3600_000L / INTERVAL_MS);
    long end = System.currentTimeMillis() / INTERVAL_MS * INTERVAL_MS;
    RuleFleet fleet = new RuleFleet(opts.positive("services", 200), opts.positive("instances", 10),
        INTERVAL_MS, end - (long) (points - 1) * INTERVAL_MS, points);
    RuleSet ruleSet = new RuleSet(opts.positive("rules", 10_000), opts.positive("group-size", 100),
        fleet.services);

    Path tmp = Path.of(opts.get("tmp", System.getProperty("java.io.tmpdir")));
    Path work = Files.createTempDirectory(tmp, "vigil-rules-bench-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
    TsdbOptions d = TsdbOptions.defaults(work.resolve("data"));
    TsdbOptions tsdbOpts = new TsdbOptions(d.dir(), d.walSegmentSize(), FsyncPolicy.NEVER,
        d.fsyncInterval(), 0, d.maxExemplars(), d.blockRangeMs(), d.retentionMs(), 0,
        d.headChunkFileSize(), Duration.ZERO);
    try (Tsdb tsdb = Tsdb.open(tsdbOpts)) {
      long t0 = System.nanoTime();
      fleet.fill(tsdb, Long.parseLong(opts.get("seed", "42")));
      log.printf("data: %,d series (%d services x %d instances x %d) x %d points = %,d samples"
              + " at 15 s, appended in %.1f s%n", fleet.series(), fleet.services, fleet.instances,
          RuleFleet.SERIES_PER_INSTANCE, points, fleet.samples(), (System.nanoTime() - t0) / 1e9);

      Path ruleFile = work.resolve("rules.yml");
      Files.writeString(ruleFile, ruleSet.yaml());
      List<Group> groups = new GroupLoader(ParserOptions.DEFAULT)
          .load(List.of(ruleFile.toString()), INTERVAL_MS, 0);
      log.printf("rules: %,d (%,d recording, %,d alerting) in %d groups of %d, %d KiB of YAML%n",
          ruleSet.total, ruleSet.recording, ruleSet.alerting, groups.size(), ruleSet.perGroup,
          Files.size(ruleFile) >> 10);
      // A fresh start with nothing to restore: the server's restore pass marks every rule
      // restored, after which alerting rules write ALERTS and ALERTS_FOR_STATE.
      groups.stream().flatMap(g -> g.rules().stream()).filter(r -> r instanceof AlertingRule)
          .forEach(r -> ((AlertingRule) r).setRestored(true));

      LongAdder recorded = new LongAdder();
      LongAdder alertSeries = new LongAdder();
      PromqlEngine engine = new PromqlEngine(EngineOptions.DEFAULT);
      GroupContext ctx = new GroupContext(
          new EvalEnvironment(RuleQuery.of(engine, tsdb::querier), Labels.EMPTY,
              "http://localhost:9090"),
          () -> new CountingAppender(tsdb.appender(), recorded, alertSeries), tsdb::querier,
          Notifier.NONE, GroupContext.DEFAULT_RESEND_DELAY_MS,
          GroupContext.DEFAULT_OUTAGE_TOLERANCE_MS, GroupContext.DEFAULT_FOR_GRACE_PERIOD_MS);

      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      List<IntervalResult> results = new ArrayList<>();
      log.printf("evaluating %d intervals (%d warm-up) on %d threads, %d cores%n", intervals,
          warmups, threads, Runtime.getRuntime().availableProcessors());
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        for (int k = 0; k < intervals; k++) {
          long ts = end - (long) (intervals - 1 - k) * INTERVAL_MS;
          recorded.reset();
          alertSeries.reset();
          long cpu0 = os.getProcessCpuTime();
          long w0 = System.nanoTime();
          List<Future<?>> done = new ArrayList<>();
          for (Group g : groups) {
            done.add(pool.submit(() -> g.eval(ts, ctx)));
          }
          for (Future<?> f : done) {
            f.get();
          }
          double wallMs = (System.nanoTime() - w0) / 1e6;
          double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
          int pending = 0;
          int firing = 0;
          int failed = 0;
          for (Group g : groups) {
            for (Rule r : g.rules()) {
              if (r.health() == RuleHealth.ERR) {
                failed++;
              }
              if (r instanceof AlertingRule ar) {
                for (var a : ar.alerts()) {
                  if (a.state() == AlertState.PENDING) {
                    pending++;
                  } else if (a.state() == AlertState.FIRING) {
                    firing++;
                  }
                }
              }
            }
          }
          IntervalResult r = new IntervalResult(ts, wallMs, cpuMs, recorded.sum(),
              alertSeries.sum(), pending, firing, failed);
          results.add(r);
          log.printf("  interval %2d%s: %8.0f ms wall, %8.0f ms CPU, %,6d recorded, %,5d pending,"
                  + " %,5d firing, %d failing rules%n", k + 1, k < warmups ? " (warm-up)" : "",
              wallMs, cpuMs, r.recorded(), pending, firing, failed);
        }
      }
      String firstError = groups.stream().flatMap(g -> g.rules().stream())
          .filter(r -> r.health() == RuleHealth.ERR).map(r -> r.name() + ": " + r.lastError())
          .findFirst().orElse(null);
      List<IntervalResult> measured = results.subList(warmups, results.size());
      log.println();
      log.print(RuleBenchReport.table(ruleSet, measured, threads));
      log.println("firing at the end, by alert shape: " + firingByShape(groups));
      if (firstError != null) {
        log.println("first failing rule: " + firstError);
      }
      String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
          .format(Instant.now());
      Path file = Path.of(opts.get("results-dir", "bench/results")).resolve("rules-" + stamp
          + ".json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, RuleBenchReport.json(fleet, ruleSet, threads, warmups, results));
      log.println("results: " + file.toAbsolutePath());
    }
  }

  /** Firing alerts per alert name with its numbering stripped ({@code HighErrorRatio3} counts as
   * {@code HighErrorRatio}), so a reader can see the firing alerts are the expected ones. */
  private static java.util.Map<String, Integer> firingByShape(List<Group> groups) {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    for (Group g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar) {
          int n = (int) ar.alerts().stream().filter(a -> a.state() == AlertState.FIRING).count();
          if (n > 0) {
            out.merge(r.name().replaceAll("(_?\\d+)?(_r\\d+)?$", ""), n, Integer::sum);
          }
        }
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // Best effort: the directory lives under the temporary directory.
    }
  }

  static String usage() {
    return """
        usage: ./bench/run-rules [--rules N] [--services N] [--instances N] [--intervals N] [options]
          --rules N          rules in the generated file (default 10000; half recording, half alerting)
          --group-size N     rules per group (default 100)
          --services N       services in the generated fleet (default 200)
          --instances N      instances per service (default 10); 15 series per instance
          --hours N          hours of data at 15 s; the intervals evaluated are its last ones (default 2)
          --intervals N      consecutive 15 s intervals evaluated (default 30)
          --warmups N        of those, the first N are left out of the statistics (default 4)
          --threads N        groups evaluated concurrently (default: available processors)
          --seed N           data seed (default 42)
          --tmp DIR          where the store goes (default java.io.tmpdir; deleted at exit)
          --results-dir DIR  where the JSON goes (default bench/results)
        """;
  }
}
