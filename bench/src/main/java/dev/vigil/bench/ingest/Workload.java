package dev.vigil.bench.ingest;

import dev.vigil.bench.ingest.NodeExporterBody.Kind;
import dev.vigil.bench.ingest.NodeExporterBody.Line;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.ingest.remotewrite.WriteRequestEncoder;
import dev.vigil.model.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The remote-write traffic of {@code targets} node_exporters scraped {@code scrapes} times 15 s
 * apart, fully encoded before any receiver starts so that encoding cost stays out of the
 * measurements.
 *
 * <p>Series {@code j} is base series {@code j % base} of target {@code j / base}, labelled {@code
 * instance="host-<t>:9100", job="node"}. Traffic is split into {@code shards} streams the way
 * Prometheus's sender shards by series: every series belongs to one shard, and each shard's
 * requests are in time order, so sending each shard sequentially never reorders a series. Values
 * evolve like a real host's: counters grow at the rate implied by their value and the host's
 * uptime, a few idle counters tick now and then, about half the gauges hold still and the others
 * drift, and values keep the decimals they were exposed with (integral byte counts stay integral).
 * Targets scrape at staggered offsets within the interval; one scrape in ten is a few milliseconds
 * late, the others land on schedule as Prometheus's timestamp alignment makes them. Immutable after
 * {@link #build}.
 */
final class Workload {
  static final long INTERVAL_MS = 15_000;

  final int baseSeries;
  final int targets;
  final int scrapes;
  final long series;
  final long samples;
  final long firstTs;
  final long lastTs;
  final long rawBytes;
  final long compressedBytes;
  /** Per shard, the snappy-compressed requests in send order. */
  final List<List<byte[]>> shards;
  /** Per shard, the number of samples in each of its requests, in the same order. */
  final List<int[]> shardSamples;

  private Workload(int baseSeries, int targets, int scrapes, long samples, long firstTs,
      long lastTs, long rawBytes, List<List<byte[]>> shards, List<int[]> shardSamples) {
    this.baseSeries = baseSeries;
    this.targets = targets;
    this.scrapes = scrapes;
    this.series = (long) baseSeries * targets;
    this.samples = samples;
    this.firstTs = firstTs;
    this.lastTs = lastTs;
    this.rawBytes = rawBytes;
    this.shards = shards;
    this.shardSamples = shardSamples;
    long c = 0;
    for (List<byte[]> shard : shards) {
      for (byte[] r : shard) {
        c += r.length;
      }
    }
    this.compressedBytes = c;
  }

  int requests() {
    return shards.stream().mapToInt(List::size).sum();
  }

  /**
   * The in-process benchmarks' traffic: a real node_exporter scrape (run in {@code work})
   * replicated to at least 20,000 series, {@code scrapes} scrapes ending now, 4 shards of
   * 2,000-sample requests, encoded on every core.
   */
  static Workload defaultFleet(Path work, int scrapes) throws Exception {
    byte[] body = NodeExporterBody.scrape(Path.of("/usr/bin/prometheus-node-exporter"), work,
        PeerProcess.clockTicks());
    List<Line> base = NodeExporterBody.parse(body);
    int targets = Math.max(20, (20_000 + base.size() - 1) / base.size());
    return build(base, targets, scrapes, 4, 2000, System.currentTimeMillis(), 42,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Builds the traffic ending at {@code endMs}, encoding the shards in parallel on up to {@code
   * threads} threads.
   */
  static Workload build(List<Line> base, int targets, int scrapes, int shards, int batch,
      long endMs, long seed, int threads) {
    if (base.isEmpty() || targets < 1 || scrapes < 1 || shards < 1 || batch < 1) {
      throw new IllegalArgumentException("cannot build a workload of " + base.size()
          + " series x " + targets + " targets x " + scrapes + " scrapes in " + shards
          + " shards of " + batch + "-sample requests");
    }
    long start = (endMs - scrapes * INTERVAL_MS) / 1000 * 1000;
    long[][] scrapeTs = new long[scrapes][targets];
    SplittableRandom jitter = new SplittableRandom(seed);
    for (int s = 0; s < scrapes; s++) {
      for (int t = 0; t < targets; t++) {
        // Prometheus aligns scrape timestamps that are within 2 ms of the schedule
        // (a hidden 2.x default), so most land exactly on it; a loaded host sometimes
        // scrapes late.
        long late = jitter.nextDouble() < 0.9 ? 0 : jitter.nextInt(3, 40);
        scrapeTs[s][t] = start + s * INTERVAL_MS + t * INTERVAL_MS / targets + late;
      }
    }
    double uptime = uptimeSeconds(base);
    String[][] labelPairs = new String[base.size() * targets][];
    for (int t = 0; t < targets; t++) {
      for (int b = 0; b < base.size(); b++) {
        Labels l = base.get(b).labels().with("instance", "host-" + t + ":9100").with("job", "node");
        String[] kv = new String[l.size() * 2];
        for (int i = 0; i < l.size(); i++) {
          kv[2 * i] = l.name(i);
          kv[2 * i + 1] = l.value(i);
        }
        labelPairs[t * base.size() + b] = kv;
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, shards)));
    try {
      List<Future<ShardTraffic>> futures = new ArrayList<>();
      for (int k = 0; k < shards; k++) {
        int shard = k;
        futures.add(pool.submit(() -> new ShardTraffic(base, targets, shards, shard, batch,
            uptime, seed).encode(labelPairs, scrapeTs)));
      }
      List<List<byte[]>> out = new ArrayList<>();
      List<int[]> counts = new ArrayList<>();
      long samples = 0;
      long raw = 0;
      for (Future<ShardTraffic> f : futures) {
        ShardTraffic st = f.get();
        out.add(List.copyOf(st.requests));
        counts.add(st.requestSamples.stream().mapToInt(Integer::intValue).toArray());
        samples += st.samples;
        raw += st.rawBytes;
      }
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (long t : scrapeTs[0]) {
        first = Math.min(first, t);
      }
      for (long t : scrapeTs[scrapes - 1]) {
        last = Math.max(last, t);
      }
      return new Workload(
          base.size(), targets, scrapes, samples, first, last, raw, List.copyOf(out),
          List.copyOf(counts));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding the workload", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot encode the workload: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The exporter's uptime sets the counters' rates; a day when the body does not tell. */
  private static double uptimeSeconds(List<Line> base) {
    double now = Double.NaN;
    double boot = Double.NaN;
    for (Line l : base) {
      if (l.name().equals("node_time_seconds")) {
        now = l.value();
      } else if (l.name().equals("node_boot_time_seconds")) {
        boot = l.value();
      }
    }
    double up = now - boot;
    return Double.isFinite(up) && up > 0 ? Math.max(600, up) : 86_400;
  }

  /** Evolves and encodes the series of one shard. */
  private static final class ShardTraffic {
    private static final byte CONSTANT = 0;
    private static final byte GROWING = 1;
    private static final byte TICKING = 2;
    private static final byte DRIFTING = 3;

    private final int baseSize;
    private final int[] seriesIds;
    private final double[] value;
    private final double[] step;
    private final byte[] mode;
    private final byte[] decimals;
    private final SplittableRandom rnd;
    private final int batch;
    final List<byte[]> requests = new ArrayList<>();
    final List<Integer> requestSamples = new ArrayList<>();
    long samples;
    long rawBytes;

    ShardTraffic(List<Line> base, int targets, int shards, int shard, int batch, double uptime,
        long seed) {
      this.baseSize = base.size();
      this.batch = batch;
      this.rnd = new SplittableRandom(seed * 31 + shard + 1);
      int total = baseSize * targets;
      int n = (total - shard + shards - 1) / shards;
      seriesIds = new int[n];
      value = new double[n];
      step = new double[n];
      mode = new byte[n];
      decimals = new byte[n];
      for (int i = 0; i < n; i++) {
        int j = shard + i * shards;
        seriesIds[i] = j;
        init(i, base.get(j % baseSize), j / baseSize, uptime);
      }
    }

    private void init(int i, Line l, int target, double uptime) {
      double v = l.value();
      decimals[i] = (byte) decimalsOf(v);
      mode[i] = CONSTANT;
      if (!Double.isFinite(v)) {
        value[i] = v;
        return;
      }
      if (l.kind() == Kind.COUNTER) {
        if (v > 0 && rnd.nextDouble() < 0.85) {
          mode[i] = GROWING;
          step[i] = v / uptime * INTERVAL_MS / 1000 * (0.5 + rnd.nextDouble() * 1.5);
        } else if (v == 0 && rnd.nextDouble() < 0.05) {
          mode[i] = TICKING;
        }
      } else if (v != 0 && rnd.nextDouble() < 0.45) {
        mode[i] = DRIFTING;
        step[i] = Math.abs(v) * 0.002;
      }
      if (mode[i] != CONSTANT && target > 0) {
        v = round(v * (0.8 + 0.4 * rnd.nextDouble()), decimals[i]);
      }
      value[i] = v;
    }

    /** Like Prometheus's sender, each sample is its own TimeSeries carrying all its labels. */
    ShardTraffic encode(String[][] labelPairs, long[][] scrapeTs) {
      WriteRequestEncoder encoder = new WriteRequestEncoder();
      int count = 0;
      for (long[] targetTs : scrapeTs) {
        for (int i = 0; i < seriesIds.length; i++) {
          encoder.series(labelPairs[seriesIds[i]], new long[] {targetTs[seriesIds[i] / baseSize]},
              new double[] {value[i]}, List.of());
          if (++count == batch) {
            flush(encoder, count);
            count = 0;
          }
          advance(i);
        }
      }
      if (count > 0) {
        flush(encoder, count);
      }
      return this;
    }

    private void flush(WriteRequestEncoder encoder, int count) {
      byte[] raw = encoder.toProtobuf();
      requests.add(WriteRequestEncoder.snappy(raw));
      requestSamples.add(count);
      rawBytes += raw.length;
      samples += count;
      encoder.clear();
    }

    private void advance(int i) {
      switch (mode[i]) {
        case GROWING -> {
          double next = value[i] + step[i] * (0.5 + rnd.nextDouble());
          value[i] = decimals[i] < 0 ? next : floorRandomly(next, decimals[i]);
        }
        case TICKING -> {
          if (rnd.nextDouble() < 0.1) {
            value[i] += 1;
          }
        }
        case DRIFTING -> {
          if (rnd.nextDouble() < 0.7) {
            double next = round(value[i] + step[i] * rnd.nextGaussian(), decimals[i]);
            value[i] = value[i] >= 0 ? Math.max(0, next) : next;
          }
        }
        default -> {}
      }
    }

    /** Rounds to {@code d} decimals, up with the probability of the remainder. */
    private double floorRandomly(double v, int d) {
      double p = Math.pow(10, d);
      return Math.floor(v * p + rnd.nextDouble()) / p;
    }
  }

  /** The fewest decimals (0 to 6) that represent {@code v} exactly enough; -1 when none do. */
  static int decimalsOf(double v) {
    if (!Double.isFinite(v)) {
      return -1;
    }
    double p = 1;
    for (int d = 0; d <= 6; d++, p *= 10) {
      double scaled = v * p;
      if (Math.abs(scaled - Math.rint(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) {
        return d;
      }
    }
    return -1;
  }

  static double round(double v, int d) {
    if (d < 0) {
      return v;
    }
    double p = Math.pow(10, d);
    return Math.rint(v * p) / p;
  }
}
