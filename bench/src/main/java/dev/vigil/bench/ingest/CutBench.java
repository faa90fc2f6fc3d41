package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.ThreadCpu;
import dev.vigil.common.wal.FsyncPolicy;
import dev.vigil.common.wal.WalOptions;
import dev.vigil.ingest.remotewrite.RemoteWriteLimits;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiver;
import dev.vigil.ingest.remotewrite.RemoteWriteReceiverPool;
import dev.vigil.ingest.remotewrite.RemoteWriteResult;
import dev.vigil.model.Appender;
import dev.vigil.model.Querier;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.block.BlockMeta;
import dev.vigil.tsdb.block.BlockWriter;
import dev.vigil.tsdb.head.Head;
import dev.vigil.tsdb.head.HeadOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The first 2 h block cut of {@code run-ingest}, in isolation: the bench's traffic (3 hours by
 * default) is appended to a bare {@link Head} (no maintenance thread, so nothing is cut while
 * appending), then the head's first aligned 2 h range is written as a block {@code runs} times
 * by the same code path the store's cut takes ({@code head.querier(a, b - 1).select(...)} into a
 * {@link BlockWriter}). Per write: CPU of the writing thread, bytes it allocated, C1/C2 CPU in
 * the meantime, and the block's bytes per sample. The first write is the one that matters for
 * the shoot-out (the JIT meets the block-writing code there for the first time); the later ones
 * show the compiled cost. Usage: {@code CutBench [scrapes] [runs]}.
 */
public final class CutBench {
  private CutBench() {}

  public static void main(String[] args) throws Exception {
    int scrapes = args.length > 0 ? Integer.parseInt(args[0]) : 721;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path tmp = Files.createTempDirectory("vigil-cut-bench");
    try {
      run(scrapes, runs, tmp);
    } finally {
      ReceiverRun.deleteTree(tmp);
    }
  }

  private static void run(int scrapes, int runs, Path tmp) throws Exception {
    Workload w = Workload.defaultFleet(tmp, scrapes);
    System.out.printf("%,d series, %,d samples, %d requests%n", w.series, w.samples, w.requests());
    TsdbOptions o = TsdbOptions.defaults(tmp.resolve("db")).withFsyncPolicy(FsyncPolicy.INTERVAL);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (Head head = Head.open(new HeadOptions(o.dir(), new WalOptions(o.walSegmentSize(), o.fsyncPolicy(), o.fsyncInterval()), o.blockRangeMs(),
        o.outOfOrderTimeWindowMs(), o.maxExemplars(), o.headChunkFileSize()))) {
      RemoteWriteReceiverPool pool =
          new RemoteWriteReceiverPool(RemoteWriteLimits.defaults(), Clock.systemUTC(), 65536, 16);
      long c0 = mx.getCurrentThreadCpuTime();
      // the shards' requests interleaved, as the 4 senders of run-ingest send them: one shard
      // after another would leave the later shards' oldest samples below the head's floor
      int most = w.shards.stream().mapToInt(List::size).max().orElse(0);
      for (int i = 0; i < most; i++) {
        for (List<byte[]> shard : w.shards) {
          if (i >= shard.size()) {
            continue;
          }
          Appender app = head.appender();
          RemoteWriteResult r =
              pool.write(shard.get(i), RemoteWriteReceiver.CONTENT_TYPE_V1, "snappy", app);
          if (r.commit()) {
            app.commit();
          } else {
            app.rollback();
          }
        }
      }
      System.out.printf("ingest: %.1f s CPU, head %,d series%n",
          (mx.getCurrentThreadCpuTime() - c0) / 1e9, head.numSeries());
      long range = o.blockRangeMs();
      // a full block range from the oldest sample (the shoot-out's cut ends at an aligned
      // boundary, so how much it holds depends on the time of day; this is its largest case)
      long a = head.minTime();
      long b = a + range;
      long pid = ProcessHandle.current().pid();
      long ticks = PeerProcess.clockTicks();
      for (int run = 0; run < runs; run++) {
        Path out = tmp.resolve("blocks" + run);
        Files.createDirectories(out);
        System.out.println("cut " + run + " starts"); // a mark among -XX:+PrintCompilation's lines
        Map<Long, ThreadCpu.Sample> before = ThreadCpu.read(pid);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        Optional<BlockMeta> meta;
        try (Querier q = head.querier(a, b - 1)) {
          meta = new BlockWriter(out).write(q.select(true, null, List.of()), a, b);
        }
        long wall = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long alloc = mx.getCurrentThreadAllocatedBytes() - alloc0;
        Map<String, Double> groups = ThreadCpu.byGroup(before, ThreadCpu.read(pid), 0, ticks);
        long bytes = dirBytes(out);
        long samples = meta.map(m -> m.stats().numSamples()).orElse(0L);
        System.out.printf("cut %d: %.0f ms CPU, %.0f ms wall, %.1f MB allocated, C2 %.2f s, C1 "
                + "%.2f s, %,d samples, %,d chunks, %,d bytes (%.3f B/sample)%n", run, cpu / 1e6,
            wall / 1e6, alloc / 1e6, groups.getOrDefault(ThreadCpu.C2, 0.0),
            groups.getOrDefault(ThreadCpu.C1, 0.0), samples,
            meta.map(m -> m.stats().numChunks()).orElse(0L), bytes, bytes / (double) samples);
        ReceiverRun.deleteTree(out);
      }
    }
  }

  private static long dirBytes(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      long sum = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }
}
