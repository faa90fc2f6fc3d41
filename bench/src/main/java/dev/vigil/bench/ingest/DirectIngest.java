package dev.vigil.bench.ingest;

import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.ingest.remotewrite.RemoteWriteLimits;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiver;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.ingest.remotewrite.RemoteWriteResult;
import dev.vigil.model.Appender;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The remote-write path of {@code run-ingest} without HTTP, in one JVM: the same pre-encoded
 * requests (decompress, decode, append, commit to a real {@link Tsdb} with its WAL) from the same
 * number of threads, run twice on fresh stores so that the second, measured run is JIT-warm.
 * Prints CPU nanoseconds per sample of the writing threads, and the best of the warm runs (the
 * figure least disturbed by other processes). For A/B comparisons of the ingest
 * code on a shared machine, where the full shoot-out's process CPU is dominated by noise
 * (JIT compilation, HTTP). Usage: {@code DirectIngest [scrapes] [runs] [decode-only]}; {@code decode-only}
 * appends to a store that keeps nothing, to separate decoding from the store's cost.
 */
public final class DirectIngest {
  private DirectIngest() {}

  public static void main(String[] args) throws Exception {
    int scrapes = args.length > 0 ? Integer.parseInt(args[0]) : 240;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    if (runs < 2) {
      throw new IllegalArgumentException(
          "runs must be at least 2, got " + runs + ": the first run only warms the JIT up");
    }
    boolean noop = args.length > 2 && args[2].equals("decode-only");
    Path tmp = Files.createTempDirectory("vigil-direct-ingest");
    try {
      run(scrapes, runs, noop, tmp);
    } finally {
      ReceiverRun.deleteTree(tmp); // each run's store is ~250 MB
    }
  }

  private static void run(int scrapes, int runs, boolean noop, Path tmp) throws Exception {
    Workload w = Workload.defaultFleet(tmp, scrapes);
    System.out.printf("%,d series, %,d samples, %d requests%n", w.series, w.samples, w.requests());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    for (int run = 0; run < runs; run++) {
      Path dir = tmp.resolve("run" + run);
      TsdbOptions o = TsdbOptions.defaults(dir).withFsyncPolicy(FsyncPolicy.INTERVAL);
      try (Tsdb db = Tsdb.open(o)) {
        RemoteWriteReceiverPool pool =
            new RemoteWriteReceiverPool(RemoteWriteLimits.defaults(), Clock.systemUTC(), 65536, 16);
        AtomicLong cpu = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        for (List<byte[]> shard : w.shards) {
          threads.add(Thread.ofPlatform().start(() -> {
            long c0 = mx.getCurrentThreadCpuTime();
            for (byte[] req : shard) {
              Appender app = noop ? new KeepNothingAppender() : db.appender();
              RemoteWriteResult r = pool.write(req, RemoteWriteReceiver.CONTENT_TYPE_V1, "snappy",
                  app);
              if (r.commit()) {
                app.commit();
              } else {
                app.rollback();
              }
              if (!r.ok()) {
                failed.incrementAndGet();
              }
            }
            cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
          }));
        }
        for (Thread t : threads) {
          t.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (run > 0) {
          best = Math.min(best, cpu.get() / (double) w.samples);
        }
        System.out.printf("run %d: %.1f ns CPU/sample in writers, %.0f ms GC, %.1f s wall,"
                + " %d failed, %,d series%n", run, cpu.get() / (double) w.samples,
            (double) (gcMillis() - gc0), wall, failed.get(), db.head().numSeries());
      }
      ReceiverRun.deleteTree(dir);
    }
    System.out.printf("best of runs 1..%d: %.1f ns CPU/sample%n", runs - 1, best);
  }

  private static long gcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
