package dev.vigil.bench.query;

import dev.vigil.bench.peer.VigilJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One store under test: how its data is loaded before it starts (backfill into blocks) or after
 * (import over HTTP), how it is started, and how query URLs are spelled for it.
 */
sealed interface QueryBackend {
  String name();

  /** Why this store cannot run here (binary missing), or null. */
  String unavailable();

  /** Loads {@code data} into {@code dataDir} before start; a no-op for stores importing later. */
  void backfill(Path openMetrics, Path dataDir, Path work) throws IOException, InterruptedException;

  List<String> command(Path dataDir, int port, Path work) throws IOException;

  /** Loads over HTTP after start (VictoriaMetrics); false when nothing to do. */
  default boolean importsOverHttp() {
    return false;
  }

  /** Extra query parameters (VictoriaMetrics: bypass its rollup cache for fair timings). */
  default String extraParams() {
    return "";
  }

  static String missing(Path binary) {
    return Files.isExecutable(binary) ? null : binary + " not installed";
  }

  /** Runs a loader process to completion, failing with its output when it fails. */
  static void runTool(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n"
          + Files.readString(log));
    }
  }

  record Prometheus(Path binary, Path promtool) implements QueryBackend {
    public String name() {
      return "prometheus";
    }

    public String unavailable() {
      String m = missing(binary);
      return m != null ? m : missing(promtool);
    }

    public void backfill(Path openMetrics, Path dataDir, Path work)
        throws IOException, InterruptedException {
      runTool(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
          openMetrics.toString(), dataDir.toString()), work.resolve("promtool.log"));
    }

    public List<String> command(Path dataDir, int port, Path work) throws IOException {
      Path config = work.resolve("prometheus.yml");
      Files.writeString(config, "scrape_configs: []\n");
      return List.of(binary.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dataDir, "--storage.tsdb.retention.time=100y",
          "--web.listen-address=127.0.0.1:" + port);
    }
  }

  record VictoriaMetrics(Path binary) implements QueryBackend {
    public String name() {
      return "victoria-metrics";
    }

    public String unavailable() {
      return missing(binary);
    }

    public void backfill(Path openMetrics, Path dataDir, Path work) {}

    public List<String> command(Path dataDir, int port, Path work) {
      return List.of(binary.toString(), "-storageDataPath=" + dataDir, "-retentionPeriod=100y",
          "-httpListenAddr=127.0.0.1:" + port, "-search.latencyOffset=0s",
          "-search.disableCache");
    }

    @Override
    public boolean importsOverHttp() {
      return true;
    }

    @Override
    public String extraParams() {
      return "&nocache=1";
    }
  }

  /** @param serverArgs extra {@code vigil server} flags (e.g. {@code --query.max-parallelism=1}) */
  record Vigil(Path java, Path jar, List<String> jvmOptions, List<String> serverArgs)
      implements QueryBackend {
    Vigil(Path java, Path jar, List<String> jvmOptions) {
      this(java, jar, jvmOptions, List.of());
    }

    public String name() {
      return "vigil";
    }

    public String unavailable() {
      return Files.isRegularFile(jar) ? null : jar + " missing (build the server module)";
    }

    public void backfill(Path openMetrics, Path dataDir, Path work)
        throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(java.toString()));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-jar", jar.toString(), "import", "openmetrics", openMetrics.toString(),
          "--storage.path=" + dataDir));
      runTool(cmd, work.resolve("vigil-import.log"));
    }

    public List<String> command(Path dataDir, int port, Path work) throws IOException {
      Path config = work.resolve("vigil.yml");
      Files.writeString(config, "scrape_configs: []\n");
      // the launcher's environment (scripts/jvm.env) too, so the server runs as ./vigil runs it
      List<String> cmd = new ArrayList<>(VigilJvmOptions.command(java,
          Path.of("").toAbsolutePath(), System.getenv()));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-jar", jar.toString(), "server", "--config.file=" + config,
          "--storage.path=" + dataDir, "--storage.tsdb.retention.time=100y",
          "--web.listen-address=127.0.0.1:" + port, "--otlp.grpc.listen-address=",
          "--otlp.http.listen-address="));
      cmd.addAll(serverArgs);
      return cmd;
    }
  }
}
