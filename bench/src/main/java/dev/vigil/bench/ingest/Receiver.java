package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.VigilJvmOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A remote-write receiver under test: how to start it on a fresh data directory, where it answers,
 * and how to bring its data to a compacted state and measure it on disk. Implementations are
 * stateless values.
 */
sealed interface Receiver {
  /** Bytes on disk once compacted: the figure compared, the whole directory, and the WAL part. */
  record DiskUsage(long compactedBytes, long totalBytes, long walBytes, String note) {}

  /** Short name used by {@code --only}, tables and JSON. */
  String name();

  /** Why this receiver cannot run here, or null when it can. */
  String unavailable();

  /** The {@link #unavailable()} answer for a peer that is one executable. */
  static String notInstalled(Path binary) {
    return Files.isExecutable(binary) ? null : binary + " is not installed";
  }

  List<String> command(Path dataDir, int port, Path workDir) throws IOException;

  /** A GET path that answers 200 once the receiver accepts writes. */
  String readyPath();

  default String writePath() {
    return "/api/v1/write";
  }

  /** The Debian package the binary comes from, to name the version when the API does not. */
  default String debianPackage() {
    return null;
  }

  /**
   * Compacts the ingested data and measures it. May stop the process (Vigil is measured after a
   * graceful stop); the caller reads CPU and memory before calling this.
   */
  DiskUsage compactAndMeasure(LocalHttp http, PeerProcess process, Path dataDir)
      throws IOException;

  /** Prometheus 2.x with its remote-write receiver; disk is a snapshot (head written as blocks). */
  record Prometheus(Path binary) implements Receiver {
    private static final Pattern SNAPSHOT = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    @Override
    public String name() {
      return "prometheus";
    }

    @Override
    public String unavailable() {
      return notInstalled(binary);
    }

    @Override
    public List<String> command(Path dataDir, int port, Path workDir) throws IOException {
      Path config = workDir.resolve("prometheus.yml");
      Files.writeString(config,
          "# no scrape targets: data arrives by remote write only\nscrape_configs: []\n");
      return List.of(binary.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dataDir, "--web.listen-address=127.0.0.1:" + port,
          "--web.enable-remote-write-receiver", "--web.enable-admin-api",
          "--storage.tsdb.retention.time=100y");
    }

    @Override
    public String readyPath() {
      return "/-/ready";
    }

    @Override
    public String debianPackage() {
      return "prometheus";
    }

    @Override
    public DiskUsage compactAndMeasure(LocalHttp http, PeerProcess process, Path dataDir)
        throws IOException {
      LocalHttp.Answer a = http.post("/api/v1/admin/tsdb/snapshot", Duration.ofMinutes(5));
      Matcher m = SNAPSHOT.matcher(a.body());
      if (!a.ok() || !m.find()) {
        throw new IOException(
            "snapshot answered " + a.status() + ": " + LocalHttp.abbreviate(a.body(), 300));
      }
      long snapshot = sizeOf(dataDir.resolve("snapshots").resolve(m.group(1)), List.of());
      long total = sizeOf(dataDir, List.of("snapshots"));
      long wal = sizeOf(dataDir.resolve("wal"), List.of());
      return new DiskUsage(snapshot, total, wal,
          "snapshot of all blocks + head as blocks (no WAL); the data dir holds " + mib(total)
              + " incl. " + mib(wal) + " of WAL");
    }
  }

  /** VictoriaMetrics single-node; disk is the data dir without caches after flush + merge. */
  record VictoriaMetrics(Path binary) implements Receiver {
    @Override
    public String name() {
      return "victoria-metrics";
    }

    @Override
    public String unavailable() {
      return notInstalled(binary);
    }

    @Override
    public List<String> command(Path dataDir, int port, Path workDir) {
      return List.of(binary.toString(), "-storageDataPath=" + dataDir,
          "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y");
    }

    @Override
    public String readyPath() {
      return "/health";
    }

    @Override
    public String debianPackage() {
      return "victoria-metrics";
    }

    @Override
    public DiskUsage compactAndMeasure(LocalHttp http, PeerProcess process, Path dataDir)
        throws IOException {
      List<String> steps = new ArrayList<>();
      for (String path : List.of("/internal/force_flush", "/internal/force_merge")) {
        LocalHttp.Answer a = http.get(path, Duration.ofMinutes(5));
        steps.add(path + " " + a.status());
      }
      // force_merge runs in the background: wait until the directory stops changing.
      long size = waitForStableSize(dataDir, List.of("cache"), 5, Duration.ofMinutes(3));
      return new DiskUsage(size, sizeOf(dataDir, List.of()), 0,
          "data dir without cache/ after " + String.join(", ", steps)
              + " (no WAL: VM buffers in memory)");
    }
  }

  /** Vigil's server jar; disk is the data dir after a graceful stop (SIGTERM). */
  record Vigil(Path java, Path jar, List<String> javaOptions) implements Receiver {
    @Override
    public String name() {
      return "vigil";
    }

    @Override
    public String unavailable() {
      return Files.isRegularFile(jar) ? null : "no server jar at " + jar;
    }

    /**
     * Like Prometheus here, Vigil gets an empty scrape configuration: by default it scrapes itself,
     * and those wall-clock samples would move the head's appendable window past the workload.
     */
    @Override
    public List<String> command(Path dataDir, int port, Path workDir) throws IOException {
      Path config = workDir.resolve("vigil.yml");
      Files.writeString(config,
          "# no scrape targets: data arrives by remote write only\nscrape_configs: []\n");
      List<String> c = new ArrayList<>(VigilJvmOptions.command(java,
          Path.of("").toAbsolutePath(), System.getenv())); // with the launcher's environment
      c.addAll(javaOptions);
      c.addAll(List.of("-jar", jar.toString(), "server", "--config.file=" + config,
          "--storage.path=" + dataDir, "--web.enable-admin-api",
          "--web.listen-address=127.0.0.1:" + port, "--otlp.grpc.listen-address=",
          "--otlp.http.listen-address="));
      return c;
    }

    @Override
    public String readyPath() {
      return "/-/ready";
    }

    /**
     * Uses the Prometheus snapshot API when Vigil answers it (blocks only, like Prometheus);
     * otherwise stops Vigil gracefully and measures its whole data directory, WAL included.
     */
    @Override
    public DiskUsage compactAndMeasure(LocalHttp http, PeerProcess process, Path dataDir)
        throws IOException {
      LocalHttp.Answer a = http.post("/api/v1/admin/tsdb/snapshot", Duration.ofMinutes(5));
      Matcher m = Prometheus.SNAPSHOT.matcher(a.body());
      Path snapshotDir =
          a.ok() && m.find() ? dataDir.resolve("snapshots").resolve(m.group(1)) : null;
      if (snapshotDir != null && Files.isDirectory(snapshotDir)) {
        long snapshot = sizeOf(snapshotDir, List.of());
        long total = sizeOf(dataDir, List.of("snapshots"));
        long wal = walBytes(dataDir);
        return new DiskUsage(snapshot, total, wal, "snapshot (POST /api/v1/admin/tsdb/snapshot);"
            + " the data dir holds " + mib(total) + " incl. " + mib(wal) + " of WAL");
      }
      boolean clean = process.stop(120);
      long total = sizeOf(dataDir, List.of());
      long wal = walBytes(dataDir);
      long headChunks = sizeOf(dataDir.resolve("chunks_head"), List.of());
      String how = clean ? "a graceful stop" : "SIGKILL (did not stop in 120 s)";
      return new DiskUsage(total, total, wal, "data dir after " + how + " (snapshot API answered "
          + a.status() + "): " + mib(wal) + " WAL, " + mib(headChunks) + " head chunks, "
          + mib(total - wal - headChunks) + " blocks and the rest");
    }

    private static long walBytes(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        long n = 0;
        for (Path p : s.filter(p -> p.getFileName().toString().equalsIgnoreCase("wal")).toList()) {
          n += sizeOf(p, List.of());
        }
        return n;
      }
    }
  }

  /**
   * Bytes the regular files under {@code dir} occupy, skipping the named top-level entries: per
   * file the smaller of its length and its allocated blocks, so that preallocated sparse segment
   * files count what is written rather than what is reserved, and small files are not rounded up
   * to whole blocks. Reads {@code find -printf}; falls back to file lengths without it.
   */
  static long sizeOf(Path dir, List<String> skipTopLevel) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try {
      Process p = new ProcessBuilder(
              "find", dir.toString(), "-type", "f", "-printf", "%P\\t%s\\t%b\\n")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      long total = 0;
      for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .split("\n")) {
        String[] f = line.split("\t");
        if (f.length == 3 && !skipTopLevel.contains(f[0].split("/")[0])) {
          total += Math.min(Long.parseLong(f[1]), Long.parseLong(f[2]) * 512);
        }
      }
      p.waitFor(); // find exits non-zero when a file vanishes mid-walk (merges): still usable
      return total;
    } catch (IOException | NumberFormatException e) {
      return lengthsOf(dir, skipTopLevel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return lengthsOf(dir, skipTopLevel);
    }
  }

  private static long lengthsOf(Path dir, List<String> skipTopLevel) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.equals(dir)
              || !skipTopLevel.contains(dir.relativize(p).getName(0).toString()))
          .filter(Files::isRegularFile)
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0; // a file merged away while walking
            }
          })
          .sum();
    } catch (UncheckedIOException e) {
      return lengthsOf(dir, skipTopLevel); // a directory vanished during the walk: walk again
    }
  }

  private static long waitForStableSize(Path dir, List<String> skip, int stableSeconds,
      Duration max) throws IOException {
    long deadline = System.nanoTime() + max.toNanos();
    long last = -1;
    int stable = 0;
    while (System.nanoTime() < deadline) {
      long now = sizeOf(dir, skip);
      stable = now == last ? stable + 1 : 0;
      if (stable >= stableSeconds) {
        return now;
      }
      last = now;
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return last;
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
