package dev.vigil.bench.query;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.engine.Query;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One query's evaluation on one thread against the same query on several ({@code
 * --query.max-parallelism}), in one JVM over the same store, the two engines taking turns query
 * by query so that a shared machine's load falls on both alike (the side-by-side harness runs
 * them minutes apart). Per run, medians of: wall time; CPU time of the query's own thread (what
 * an idle machine's wall time approaches when helpers take the rest); CPU time of the query's
 * thread and the engine's helper threads together; bytes allocated by the query's and helper
 * threads (MB 1, MB n: unlike the times, they do not depend on the machine's load). On a loaded machine whose scheduler shares
 * CPU per session (autogroup), a process gets the same share however many threads it runs, so
 * wall times hide the gain and the thread CPU times show it. Data as {@code
 * ./bench/run-query} makes it (20 services x 20 instances, 4 h at 30 s), imported with the server
 * jar.
 *
 * <p>{@code java -cp bench/target/classes:bench/target/lib/* dev.vigil.bench.query.ParallelQueryAb
 * [threads] [repeats] [kept-data-dir] [query-name-regex]} from the repository root, after {@code
 * ./bench/run-query --help} built it. With a data directory, the data is made there once and
 * kept, so that two builds compare on the same blocks (put a build's {@code target/classes}
 * before the jars to time it).
 */
public final class ParallelQueryAb {
  private static final int MIN_SERIES = EngineOptions.DEFAULT_PARALLEL_MIN_SERIES;

  private ParallelQueryAb() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 21;
    // A kept data directory (made on the first run) lets A/B runs of two builds read the same
    // blocks and skips the minute the import takes.
    Path kept = args.length > 2 ? Path.of(args[2]) : null;
    String only = args.length > 3 ? args[3] : "";
    Path work = kept != null ? kept : Files.createTempDirectory("vigil-parallel-ab-");
    Path dir = work.resolve("data");
    Path nowFile = work.resolve("now-ms");
    QueryData data;
    if (kept != null && Files.exists(nowFile)) {
      data = new QueryData(20, 20, 4, 30, Long.parseLong(Files.readString(nowFile).trim()));
    } else {
      Files.createDirectories(work);
      long now = System.currentTimeMillis();
      data = new QueryData(20, 20, 4, 30, now);
      Path om = work.resolve("data.om.txt");
      data.write(om, work.resolve("data.prom.txt"), 42);
      String java = ProcessHandle.current().info().command().orElse("java");
      QueryBackend.runTool(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
          Path.of("server/target/vigil-server.jar").toAbsolutePath().toString(), "import",
          "openmetrics", om.toString(), "--storage.path=" + dir), work.resolve("import.log"));
      Files.delete(om);
      Files.delete(work.resolve("data.prom.txt"));
      Files.writeString(nowFile, Long.toString(now));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
      PromqlEngine[] engines = {
          new PromqlEngine(EngineOptions.DEFAULT.withParallelism(1, MIN_SERIES)),
          new PromqlEngine(EngineOptions.DEFAULT.withParallelism(threads, MIN_SERIES))};
      long end = data.queryEndMs;
      long start = end - QuerySet.RANGE_HOURS * 3_600_000L;
      System.out.printf("%-20s %-7s %8s %8s %8s | %8s %8s %8s %6s %8s%n", "query", "kind",
          "wall 1", "cpu 1", "MB 1", "wall " + threads, "cpu own", "cpu all", "own/1",
          "MB " + threads);
      for (QuerySet.Query q : QuerySet.QUERIES) {
        if (!only.isEmpty() && !q.name().matches(only)) {
          continue;
        }
        for (String kind : List.of("instant", "range")) {
          List<List<Long>> wall = List.of(new ArrayList<>(), new ArrayList<>());
          List<List<Long>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
          List<List<Long>> total = List.of(new ArrayList<>(), new ArrayList<>());
          List<Long> alloc = new ArrayList<>();
          List<Long> allocAll = new ArrayList<>();
          for (int r = -5; r < repeats; r++) {
            for (int k = 0; k < 2; k++) {
              int e = (r & 1) == 0 ? k : 1 - k; // alternate which engine goes first
              Query query = kind.equals("instant")
                  ? engines[e].instantQuery(db::querier, q.promql(), end, QueryOptions.DEFAULT)
                  : engines[e].rangeQuery(db::querier, q.promql(), start, end, 30_000,
                      QueryOptions.DEFAULT);
              long a0 = allocated(mx);
              long ha0 = helperAllocated(mx);
              long h0 = helperCpu(mx);
              long c0 = mx.getCurrentThreadCpuTime();
              long t0 = System.nanoTime();
              query.exec();
              long t1 = System.nanoTime();
              long c1 = mx.getCurrentThreadCpuTime();
              long h1 = helperCpu(mx);
              long a1 = allocated(mx);
              long ha1 = helperAllocated(mx);
              if (r >= 0) {
                (e == 0 ? alloc : allocAll).add(a1 - a0 + ha1 - ha0);
              }
              if (r >= 0) {
                wall.get(e).add(t1 - t0);
                cpu.get(e).add(c1 - c0);
                total.get(e).add(c1 - c0 + h1 - h0);
              }
            }
          }
          double c0 = median(cpu.get(0));
          double c1 = median(cpu.get(1));
          System.out.printf("%-20s %-7s %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f %6.2f %8.2f%n",
              q.name(), kind, median(wall.get(0)), c0, median(alloc), median(wall.get(1)), c1,
              median(total.get(1)), c1 / c0, median(allocAll));
        }
      }
    }
    if (kept != null) {
      return;
    }
    try (var paths = Files.walk(work)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Bytes the current thread allocated so far. */
  private static long allocated(ThreadMXBean mx) {
    return mx instanceof com.sun.management.ThreadMXBean sun
        ? sun.getCurrentThreadAllocatedBytes() : 0;
  }

  /** Bytes the engine's helper threads allocated so far. */
  private static long helperAllocated(ThreadMXBean mx) {
    if (!(mx instanceof com.sun.management.ThreadMXBean sun)) {
      return 0;
    }
    long sum = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("vigil-query-worker-")) {
        sum += Math.max(0, sun.getThreadAllocatedBytes(t.getThreadId()));
      }
    }
    return sum;
  }

  /** CPU time of the engine's helper threads so far. */
  private static long helperCpu(ThreadMXBean mx) {
    long sum = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("vigil-query-worker-")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static double median(List<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2] / 1e6;
  }
}
