package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * amtool 0.25 against Vigil and against the real Alertmanager 0.25 given the same configuration
 * and the same commands: the printed output must be the same (silence ids and expiry times
 * normalized). Skips when either binary is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AmtoolTest {
  static final Path AMTOOL = Path.of("/usr/bin/amtool");
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  static final String CONFIG = """
      route:
        receiver: web
        group_by: [alertname]
        group_wait: 1h
        routes:
          - matchers: [severity="page"]
            receiver: pager
            continue: true
          - match_re:
              team: db|infra
            receiver: ops
            routes:
              - matchers: [severity=~"warn|info"]
                receiver: ops-low
      inhibit_rules:
        - source_matchers: [alertname="Outage"]
          target_matchers: [alertname="Slow"]
      receivers:
        - name: web
          webhook_configs:
            - url: http://127.0.0.1:1/hook
        - name: pager
        - name: ops
        - name: ops-low
      """;

  @TempDir static Path dir;
  AmVigil vigil;
  Process real;
  String vigilUrl;
  String realUrl;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(AMTOOL), "amtool not installed at " + AMTOOL);
    assumeTrue(Files.isExecutable(ALERTMANAGER), "alertmanager not installed at " + ALERTMANAGER);
    Path cfg = dir.resolve("am.yml");
    Files.writeString(cfg, CONFIG);
    vigil = AmVigil.start(dir.resolve("data"), cfg);
    vigilUrl = vigil.base();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    realUrl = "http://127.0.0.1:" + port;
    real = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + cfg,
        "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=").redirectErrorStream(true)
        .redirectOutput(dir.resolve("am.log").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try {
        if (AmVigil.send(HttpRequest.newBuilder(URI.create(realUrl + "/-/ready"))).status() == 200) {
          break;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() {
    if (real != null) {
      real.destroy();
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  record Run(int exit, String out, String err) {}

  static Run amtool(String url, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + url));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("amtool timed out: " + cmd);
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Runs on both; asserts the same exit code and (normalized) output; returns Vigil's run. */
  Run same(String... args) throws Exception {
    Run want = amtool(realUrl, args);
    Run got = amtool(vigilUrl, args);
    assertThat(got.exit()).as("exit of amtool %s; vigil stderr: %s; alertmanager stderr: %s",
        String.join(" ", args), got.err(), want.err()).isEqualTo(want.exit());
    assertThat(normalize(got.out())).as("amtool " + String.join(" ", args))
        .isEqualTo(normalize(want.out()));
    return got;
  }

  private static final java.util.regex.Pattern PRINTED_TIME =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
  private static final java.time.format.DateTimeFormatter PRINTED_FORMAT =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * Masks silence ids, and times within a minute of now: a silence starting in the past starts
   * (and is updated) when each server creates it, and the two creations may straddle a second.
   */
  static String normalize(String s) {
    String ids =
        s.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
    java.time.Instant now = java.time.Instant.now();
    return PRINTED_TIME.matcher(ids).replaceAll(m -> {
      java.time.Instant t = java.time.Instant.from(PRINTED_FORMAT.parse(m.group()));
      return Math.abs(java.time.Duration.between(t, now).toSeconds()) < 60 ? "<now>" : m.group();
    });
  }

  void both(String... args) throws Exception {
    assertThat(amtool(realUrl, args).exit()).isZero();
    Run r = amtool(vigilUrl, args);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void alertsSilencesAndRoutesPrintTheSame() throws Exception {
    String start = "--start=2026-01-01T00:00:00Z";
    String end = "--end=2099-01-01T00:00:00Z";
    both("alert", "add", "alertname=Test", "severity=page", "--annotation=summary=hello", start, end);
    both("alert", "add", "alertname=Disk", "team=db", "severity=warn", start, end,
        "--generator-url=http://prom/graph");
    both("alert", "add", "alertname=Outage", start, end);
    both("alert", "add", "alertname=Slow", "instance=a:1", start, end);
    same("alert", "query");
    same("alert", "query", "-o", "extended");
    same("alert", "query", "alertname=~\"T.*|D.*\"");
    same("alert", "query", "--receiver=ops.*");
    same("alert", "query", "-i");
    same("alert", "query", "bad matcher");

    Run id = same("silence", "add", "alertname=Test", "-a", "tester", "-c", "maintenance",
        "--start=2026-01-01T00:00:00Z", "--end=2099-01-01T00:00:00Z");
    same("silence", "query");
    same("silence", "query", "alertname=Test");
    same("silence", "query", "-o", "extended", "alertname=Test");
    same("alert", "query");
    same("alert", "query", "-s");
    same("alert", "query", "-a", "-s", "-i", "-o", "extended");

    Run realId = amtool(realUrl, "silence", "query", "-q");
    assertThat(amtool(realUrl, "silence", "expire", realId.out().strip()).exit()).isZero();
    Run expired = amtool(vigilUrl, "silence", "expire", id.out().strip());
    assertThat(expired.exit()).as(expired.err()).isZero();
    same("silence", "query");
    assertThat(amtool(vigilUrl, "silence", "query", "--expired", "-q").out().strip())
        .isEqualTo(id.out().strip());
    same("alert", "query");

    same("config", "routes", "show");
    same("config", "routes", "test", "severity=page");
    same("config", "routes", "test", "team=infra", "severity=info");
    same("config", "routes", "test", "--tree", "team=db");
    same("config", "routes", "test", "--verify.receivers=pager,ops", "severity=page", "team=db");
    same("config", "routes", "test", "--verify.receivers=web", "severity=page");
  }

  @Test
  void servedConfigPassesCheckConfig() throws Exception {
    String original = vigil.get("/api/v2/status").json().get("config").get("original").asText();
    Path f = dir.resolve("served.yml");
    Files.writeString(f, original);
    Process p = new ProcessBuilder(AMTOOL.toString(), "check-config", f.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS").contains("- 4 receivers");
  }
}
