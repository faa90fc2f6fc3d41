package dev.vigil.bench.ingest;

import dev.vigil.model.Appender;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * A/B comparison of builds of the remote-write decoder in one JVM: each variant's compiled
 * {@code dev.vigil.ingest.remotewrite} classes (a directory, e.g. a copy of {@code
 * ingest/target/classes}) load in a class loader of their own, and one thread decodes the same
 * pre-encoded requests (a quarter of {@code run-ingest}'s workload, to a store that keeps
 * nothing) with each variant in turn, trial after trial. Why: on a machine shared with other
 * work, separate runs differ by more than the changes being measured; alternating trials in one
 * process expose every variant to the same disturbances. Prints, per variant, the minimum, 25th
 * percentile and median CPU nanoseconds per sample over the last two thirds of the trials.
 *
 * <p>Usage: {@code DecodeAB scrapes trials dirA dirB...}, with the bench classpath (the ingest
 * jar on it supplies the encoder; each variant's classes override it in their own loader).
 */
public final class DecodeAB {
  private DecodeAB() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: DecodeAB scrapes trials classesDir...");
    }
    int scrapes = Integer.parseInt(args[0]);
    int trials = Integer.parseInt(args[1]);
    int variants = args.length - 2;
    Path tmp = Files.createTempDirectory("vigil-decode-ab");
    Workload w = Workload.defaultFleet(tmp, scrapes);
    ReceiverRun.deleteTree(tmp); // held only the node_exporter scrape
    List<byte[]> shard = w.shards.get(0);
    long samples = w.samples / w.shards.size(); // shards are equal to within one series
    Appender keepNothing = new KeepNothingAppender();
    MethodHandle[] write = new MethodHandle[variants];
    MethodHandle[] ok = new MethodHandle[variants];
    Object[] pools = new Object[variants];
    for (int v = 0; v < variants; v++) {
      ClassLoader l = new VariantClassLoader(Path.of(args[2 + v]),
          List.of("dev.vigil.ingest.remotewrite."), DecodeAB.class.getClassLoader());
      Class<?> limits = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteLimits");
      Class<?> pool = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool");
      Class<?> result = l.loadClass("dev.vigil.ingest.remotewrite.RemoteWriteResult");
      pools[v] = pool.getConstructor(limits, InstantSource.class, int.class, int.class)
          .newInstance(limits.getMethod("defaults").invoke(null), Clock.systemUTC(), 65536, 16);
      write[v] = MethodHandles.publicLookup().unreflect(pool.getMethod("write", byte[].class,
          String.class, String.class, Appender.class));
      ok[v] = MethodHandles.publicLookup().unreflect(result.getMethod("ok"));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] ns = new double[variants][trials];
    for (int t = 0; t < trials; t++) {
      for (int v = 0; v < variants; v++) {
        long c0 = mx.getCurrentThreadCpuTime();
        for (byte[] req : shard) {
          Object r = write[v].invoke(pools[v], req, "application/x-protobuf", "snappy",
              keepNothing);
          if (!(boolean) ok[v].invoke(r)) {
            throw new IllegalStateException(args[2 + v] + " refused a request: " + r);
          }
        }
        ns[v][t] = (mx.getCurrentThreadCpuTime() - c0) / (double) samples;
      }
    }
    for (int v = 0; v < variants; v++) {
      double[] warm = Arrays.copyOfRange(ns[v], trials / 3, trials);
      Arrays.sort(warm);
      System.out.printf("%-40s min %6.1f  p25 %6.1f  median %6.1f ns CPU/sample%n", args[2 + v],
          warm[0], warm[warm.length / 4], warm[warm.length / 2]);
    }
  }
}
