package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.server.lifecycle.StorageFactory;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.testkit.MemoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line: version, usage errors (exit 2), and a server run ended by /-/quit. */
@Timeout(60)
class VigilCommandTest {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(StorageFactory storage, java.util.function.Consumer<VigilServer> w,
      String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCommand.run(args, storage, w, new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static Result run(String... args) {
    return run(o -> new MemoryStorage(), s -> { }, args);
  }

  @Test
  void version() {
    Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("vigil, version ").contains("(branch: ", "revision: ",
        "build date:", "java version:     " + Runtime.version());
  }

  @Test
  void usageErrorsExitWithTwo() {
    Result none = run();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("Usage: vigil");

    Result unknown = run("server", "--bogus");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");

    Result duration = run("server", "--storage.tsdb.retention.time=5x", "--log.level=error");
    assertThat(duration.code()).isEqualTo(2);
    assertThat(duration.err()).contains("--storage.tsdb.retention.time: not a valid duration "
        + "string: \"5x\"");

    Result size = run("server", "--storage.tsdb.retention.size=lots", "--log.level=error");
    assertThat(size.code()).isEqualTo(2);
    assertThat(size.err()).contains("invalid byte size \"lots\"");

    Result level = run("server", "--log.level=loud");
    assertThat(level.code()).isEqualTo(2);
    assertThat(level.err()).contains("invalid log level \"loud\"");

    Result address = run("server", "--web.listen-address=nowhere", "--log.level=error");
    assertThat(address.code()).isEqualTo(2);
    assertThat(address.err()).contains("--web.listen-address: address nowhere: missing port");

    Result fsync = run("server", "--storage.tsdb.wal-fsync=sometimes", "--log.level=error");
    assertThat(fsync.code()).isEqualTo(2);
    assertThat(fsync.err()).contains("want always, interval or never");

    Result timeout = run("server", "--query.timeout=soon", "--log.level=error");
    assertThat(timeout.code()).isEqualTo(2);
    assertThat(timeout.err()).contains("--query.timeout: ");
    Result concurrency = run("server", "--query.max-concurrency=0", "--log.level=error");
    assertThat(concurrency.code()).isEqualTo(2);
    assertThat(concurrency.err()).contains("max concurrency must be at least 1, got 0");
    Result parallelism = run("server", "--query.max-parallelism=-1", "--log.level=error");
    assertThat(parallelism.code()).isEqualTo(2);
    assertThat(parallelism.err()).contains("max parallelism must not be negative, got -1");
    Result maintenance = run("server", "--storage.tsdb.maintenance-interval=0s",
        "--log.level=error");
    assertThat(maintenance.code()).isEqualTo(2);
    assertThat(maintenance.err())
        .contains("--storage.tsdb.maintenance-interval: must be positive, got \"0s\"");
  }

  @Test
  void invalidConfigFileExitsWithOne() throws Exception {
    Path cfg = dir.resolve("bad.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: soon\n");
    Result r = run("server", "--config.file=" + cfg, "--web.listen-address=127.0.0.1:0",
        "--log.level=error", "--storage.path=" + dir.resolve("data"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not a valid duration string: \"soon\"");
  }

  @Test
  void serverRunsUntilQuit() throws Exception {
    Path cfg = dir.resolve("vigil.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: 10s\n");
    AtomicReference<VigilServer> server = new AtomicReference<>();
    AtomicReference<dev.vigil.server.lifecycle.StorageOptions> opened = new AtomicReference<>();
    CompletableFuture<Result> done = CompletableFuture.supplyAsync(() -> run(o -> {
      opened.set(o);
      return new MemoryStorage();
    }, server::set, "server", "--config.file=" + cfg, "--web.listen-address=127.0.0.1:0",
        "--web.enable-lifecycle", "--log.level=error", "--storage.path=" + dir.resolve("data"),
        "--storage.tsdb.retention.time=30d", "--storage.tsdb.retention.size=512MB",
        "--storage.tsdb.wal-fsync=always", "--enable-feature=a,b", "--enable-feature=c",
        "--otlp.grpc.listen-address=", "--query.max-samples=1234", "--query.timeout=30s",
        "--query.max-concurrency=3", "--query.lookback-delta=2m", "--query.max-parallelism=3",
        "--enable-feature=promql-experimental-functions,promql-delayed-name-removal"));
    for (int i = 0; i < 1000 && (server.get() == null || !server.get().isReady()); i++) {
      Thread.sleep(10);
    }
    assertThat(server.get().isReady()).isTrue();
    EngineOptions engine = server.get().settings().engine();
    assertThat(engine).isEqualTo(new EngineOptions(120_000, 1234, Duration.ofSeconds(30), 3,
        EngineOptions.DEFAULT.defaultSubqueryStepMs(), new ParserOptions(true, false, false, false),
        true).withParallelism(3, EngineOptions.DEFAULT_PARALLEL_MIN_SERIES));
    String base = "http://127.0.0.1:" + server.get().port();
    HttpClient http = HttpClient.newHttpClient();
    String flags = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status/flags"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(flags).contains("\"storage.tsdb.retention.size\":\"512MB\"",
        "\"enable-feature\":\"a,b,c,promql-experimental-functions,promql-delayed-name-removal\"",
        "\"query.max-samples\":\"1234\"", "\"otlp.grpc.listen-address\":\"\"",
        "\"web.enable-lifecycle\":\"true\"", "\"storage.tsdb.path\"");
    String runtime = http.send(HttpRequest.newBuilder(URI.create(base
        + "/api/v1/status/runtimeinfo")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(runtime).contains("\"storageRetention\":\"30d or 512MiB\"");
    assertThat(opened.get().retentionBytes()).isEqualTo(512L << 20);
    assertThat(opened.get().walFsync()).isEqualTo(dev.vigil.server.lifecycle.WalFsync.ALWAYS);

    HttpResponse<String> quit = http.send(HttpRequest.newBuilder(URI.create(base + "/-/quit"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(quit.statusCode()).isEqualTo(200);
    Result r = done.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(server.get().isReady()).isFalse();
    assertThat(server.get().awaitShutdownRequest(Duration.ZERO)).isTrue();
  }
}
