package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.lifecycle.VigilServer;
import dev.vigil.testkit.MemoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil server --alertmanager.config.file}: start, state directory, invalid files. */
@Timeout(60)
class AlertmanagerFlagTest {
  @TempDir Path dir;

  record Result(int code, String err) {}

  Result run(AtomicReference<VigilServer> server, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCommand.run(args, o -> new MemoryStorage(), s -> {
      server.set(s);
      AlertingWiring.wire(s);
    }, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, err.toString());
  }

  @Test
  void invalidAlertmanagerConfigStopsStartup() throws Exception {
    Path am = dir.resolve("am.yml");
    Files.writeString(am, "route:\n  receiver: nobody\n");
    Result r = run(new AtomicReference<>(), "server", "--web.listen-address=127.0.0.1:0",
        "--log.level=error", "--storage.path=" + dir.resolve("data"),
        "--alertmanager.config.file=" + am);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("loading alertmanager config file").contains("nobody");
    r = run(new AtomicReference<>(), "server", "--web.listen-address=127.0.0.1:0",
        "--log.level=error", "--storage.path=" + dir.resolve("data"),
        "--alertmanager.config.file=" + dir.resolve("missing.yml"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("missing.yml").contains("no such file");
    r = run(new AtomicReference<>(), "server", "--alertmanager.history.retention=forever");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--alertmanager.history.retention");
  }

  @Test
  void serverRunsTheAlertmanagerWithStateInTheDataDirectory() throws Exception {
    Path am = dir.resolve("am.yml");
    Files.writeString(am, "route:\n  receiver: x\nreceivers:\n  - name: x\n");
    Files.writeString(dir.resolve("vigil.yml"), "global:\n  scrape_interval: 10s\n");
    AtomicReference<VigilServer> server = new AtomicReference<>();
    CompletableFuture<Result> done = CompletableFuture.supplyAsync(() -> run(server, "server",
        "--config.file=" + dir.resolve("vigil.yml"), "--web.listen-address=127.0.0.1:0",
        "--web.enable-lifecycle", "--log.level=error", "--storage.path=" + dir.resolve("data"),
        "--alertmanager.config.file=" + am));
    for (int i = 0; i < 1000 && (server.get() == null || !server.get().isReady()); i++) {
      Thread.sleep(10);
    }
    assertThat(server.get().isReady()).isTrue();
    String base = "http://127.0.0.1:" + server.get().port();
    var r = AmVigil.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/receivers")));
    assertThat(r.body()).isEqualTo("[{\"name\":\"x\"}]");
    r = AmVigil.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status/flags")));
    assertThat(r.body()).contains("\"alertmanager.config.file\":\"" + am + "\"");
    AmVigil.send(HttpRequest.newBuilder(URI.create(base + "/-/quit"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    Result res = done.get(30, TimeUnit.SECONDS);
    assertThat(res.code()).as(res.err()).isZero();
    assertThat(dir.resolve("data/alertmanager/silences")).exists();
    assertThat(dir.resolve("data/alertmanager/nflog")).exists();
    assertThat(dir.resolve("data/alertmanager/history")).isDirectory();
  }
}
