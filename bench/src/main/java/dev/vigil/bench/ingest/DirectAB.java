package dev.vigil.bench.ingest;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.model.Appender;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * A/B comparison of builds of the whole remote-write path (decoder and head, as {@link
 * DirectIngest} runs it) in one JVM: each variant's compiled {@code dev.vigil.ingest.remotewrite}
 * and {@code dev.vigil.tsdb} classes (a directory holding both, e.g. copies of {@code
 * ingest/target/classes} and {@code tsdb/target/classes} merged) load in a class loader of their
 * own, and one thread writes one shard of {@code run-ingest}'s requests into a fresh store of each
 * variant in turn, trial after trial. Why: on a machine shared with other work, separate runs of
 * {@code DirectIngest} differ by more than the changes being measured; alternating trials in one
 * process expose every variant to the same disturbances. Prints, per variant, the minimum, 25th
 * percentile and median CPU nanoseconds per sample over the last two thirds of the trials.
 *
 * <p>Usage: {@code DirectAB scrapes trials dirA dirB...}, with the bench classpath.
 */
public final class DirectAB {
  private DirectAB() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: DirectAB scrapes trials classesDir...");
    }
    int scrapes = Integer.parseInt(args[0]);
    int trials = Integer.parseInt(args[1]);
    int variants = args.length - 2;
    Path tmp = Files.createTempDirectory("vigil-direct-ab");
    try {
      run(scrapes, trials, variants, args, tmp);
    } finally {
      ReceiverRun.deleteTree(tmp);
    }
  }

  private static void run(int scrapes, int trials, int variants, String[] args, Path tmp)
      throws Throwable {
    Workload w = Workload.defaultFleet(tmp, scrapes);
    List<byte[]> shard = w.shards.get(0);
    long samples = w.samples / w.shards.size(); // shards are equal to within one series
    MethodHandle[] write = new MethodHandle[variants];
    MethodHandle[] ok = new MethodHandle[variants];
    MethodHandle[] commit = new MethodHandle[variants];
    Object[] pools = new Object[variants];
    Method[] open = new Method[variants];
    Method[] defaults = new Method[variants];
    Method[] fsync = new Method[variants];
    for (int v = 0; v < variants; v++) {
      ClassLoader l = new VariantClassLoader(Path.of(args[2 + v]),
          List.of("dev.vigil.ingest.remotewrite.", "dev.vigil.tsdb."),
          DirectAB.class.getClassLoader());
      Class<?> limits = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteLimits");
      Class<?> pool = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool");
      Class<?> result = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteResult");
      Class<?> tsdb = l.loadClass("dev.vigil.tsdb.Tsdb");
      Class<?> options = l.loadClass("dev.vigil.tsdb.TsdbOptions");
      pools[v] = pool.getConstructor(limits, InstantSource.class, int.class, int.class)
          .newInstance(limits.getMethod("defaults").invoke(null), Clock.systemUTC(), 65536, 16);
      write[v] = MethodHandles.publicLookup().unreflect(pool.getMethod("write", byte[].class,
          String.class, String.class, Appender.class));
      ok[v] = MethodHandles.publicLookup().unreflect(result.getMethod("commit"));
      commit[v] = MethodHandles.publicLookup().unreflect(Appender.class.getMethod("commit"));
      open[v] = tsdb.getMethod("open", options);
      defaults[v] = options.getMethod("defaults", Path.class);
      fsync[v] = options.getMethod("withFsyncPolicy", FsyncPolicy.class);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] ns = new double[variants][trials];
    for (int t = 0; t < trials; t++) {
      for (int v = 0; v < variants; v++) {
        Path dir = tmp.resolve("t" + t + "v" + v);
        Object o = fsync[v].invoke(defaults[v].invoke(null, dir), FsyncPolicy.INTERVAL);
        try (AutoCloseable db = (AutoCloseable) open[v].invoke(null, o)) {
          Method appender = db.getClass().getMethod("appender");
          long c0 = mx.getCurrentThreadCpuTime();
          for (byte[] req : shard) {
            Appender app = (Appender) appender.invoke(db);
            Object r = write[v].invoke(pools[v], req, "application/x-protobuf", "snappy", app);
            if (!(boolean) ok[v].invoke(r)) {
              throw new IllegalStateException(args[2 + v] + " refused a request: " + r);
            }
            app.commit();
          }
          ns[v][t] = (mx.getCurrentThreadCpuTime() - c0) / (double) samples;
        }
        ReceiverRun.deleteTree(dir);
      }
      System.out.printf("trial %d:%s%n", t, trialLine(ns, t));
    }
    for (int v = 0; v < variants; v++) {
      double[] warm = Arrays.copyOfRange(ns[v], trials / 3, trials);
      Arrays.sort(warm);
      System.out.printf("%-40s min %6.1f  p25 %6.1f  median %6.1f ns CPU/sample%n", args[2 + v],
          warm[0], warm[warm.length / 4], warm[warm.length / 2]);
    }
  }

  private static String trialLine(double[][] ns, int t) {
    StringBuilder sb = new StringBuilder();
    for (double[] a : ns) {
      sb.append(String.format(" %6.1f", a[t]));
    }
    return sb.toString();
  }
}
