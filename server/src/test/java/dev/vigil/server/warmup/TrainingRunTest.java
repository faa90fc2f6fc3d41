package dev.vigil.server.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
  @TempDir Path dir;

  @Test
  void trainingRunImportsServesAndAnswersEveryRequest() throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter log = new PrintWriter(text, true);
    int code = TrainingRun.run(dir.resolve("work"), Duration.ZERO, 1, log);
    assertThat(code).as(text.toString()).isZero();
    assertThat(text.toString()).contains("training: ").doesNotContain("failed");
    // the import cut blocks: queries of the first pass read blocks as well as the head
    try (var blocks = Files.list(dir.resolve("work/data"))) {
      assertThat(blocks.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).count())
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aFailedRequestFailsTheRun() throws Exception {
    StringWriter text = new StringWriter();
    TrainingClient client = new TrainingClient(1, new PrintWriter(text, true));
    client.get("/api/v1/query?query=1", java.util.List.of());
    assertThat(client.failures()).isEqualTo(1);
    assertThat(text.toString()).contains("/api/v1/query?query=1");
  }

  @Test
  void clientReadsSizedAndChunkedAnswersWithoutWaitingForTheServerToClose() throws Exception {
    String[] answers = {
        "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
            + "2;x=y\r\nde\r\n0\r\n\r\n",
        "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"};
    try (java.net.ServerSocket server = new java.net.ServerSocket(0)) {
      Thread t = Thread.ofVirtual().start(() -> {
        for (String a : answers) {
          try {
            java.net.Socket s = server.accept(); // left open: the client must not wait for EOF
            java.io.InputStream in = s.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
              head += (char) in.read();
            }
            s.getOutputStream().write(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      StringWriter text = new StringWriter();
      TrainingClient client = new TrainingClient(server.getLocalPort(), new PrintWriter(text));
      long t0 = System.nanoTime();
      client.get("/a", java.util.List.of("Accept-Encoding", "gzip"));
      client.get("/b", java.util.List.of());
      client.get("/c", java.util.List.of());
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
      assertThat(client.requests()).isEqualTo(3);
      assertThat(client.failures()).as(text.toString()).isEqualTo(1);
      assertThat(text.toString()).contains("/c answered 404");
      t.join();
    }
  }

  @Test
  void statusLines() {
    assertThat(TrainingClient.status("HTTP/1.1 200 OK\r\n".getBytes())).isEqualTo(200);
    assertThat(TrainingClient.status("HTTP/1.1 503 Service Unavailable".getBytes()))
        .isEqualTo(503);
    assertThat(TrainingClient.status("HTTP/1.1 2".getBytes())).isEqualTo(-1);
    assertThat(TrainingClient.status("garbage".getBytes())).isEqualTo(-1);
    assertThat(TrainingClient.status(new byte[0])).isEqualTo(-1);
  }

  @Test
  void everyPassAsksForBlocksAndHead() {
    TrainingData fleet = new TrainingData(7_200_000_000L, 3);
    assertThat(fleet.endMs()).isEqualTo(7_200_000_000L);
    assertThat(TrainingRun.paths(fleet, 7_203_600_000L))
        .contains("/api/v1/query?query=vector%281%29&time=7200000.000")
        .anyMatch(p -> p.startsWith("/api/v1/query_range?") && p.contains("end=7203600.000"))
        .anyMatch(p -> p.startsWith("/api/v1/query_range?") && p.contains("end=7200000.000"))
        .anyMatch(p -> p.startsWith("/api/v1/query?") && p.endsWith("time=7203600.000"));
  }

  @Test
  void theWorkloadEndsOnceTheCompilersAreQuiet() {
    // readings before passes 0..4: process CPU and compiler CPU, in ticks
    long[] cpu = {0, 100, 200, 300, 400};
    long[] busy = {0, 50, 90, 120, 140};
    long[] calm = {0, 50, 52, 53, 54};
    assertThat(TrainingRun.quiet(cpu, calm, 2)).as("too few passes to judge").isFalse();
    assertThat(TrainingRun.quiet(cpu, busy, 4)).as("70 of 300 ticks compiling").isFalse();
    assertThat(TrainingRun.quiet(cpu, calm, 4)).as("4 of 300 ticks compiling").isTrue();
    long[] unknown = {-1, -1, -1, -1, -1};
    assertThat(TrainingRun.quiet(cpu, unknown, 4)).as("no /proc: never quiet").isFalse();
    assertThat(TrainingRun.quiet(new long[5], new long[5], 4)).as("no CPU used").isFalse();
  }

  @Test
  void compilerLoadReadsTicksAfterTheThreadName() {
    String stat = "4242 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 170 30 0 0 20 0 1 0";
    assertThat(CompilerLoad.parse(stat)).isEqualTo(200);
    assertThat(CompilerLoad.parse("garbage")).isEqualTo(-1);
    assertThat(CompilerLoad.parse("1 (x) S 1 2")).isEqualTo(-1);
    CompilerLoad self = CompilerLoad.self();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")),
        "no /proc");
    assertThat(self.processTicks()).isGreaterThanOrEqualTo(0);
    assertThat(self.compilerTicks()).isBetween(0L, self.processTicks() + 1000);
  }

  @Test
  void everyQueryParsesAndEveryPartOfTheEngineIsAsked() {
    assertThat(TrainingQueries.ALL).hasSizeGreaterThan(40).doesNotHaveDuplicates();
    for (String q : TrainingQueries.ALL) {
      dev.vigil.promql.parser.Parser.parse(q, dev.vigil.promql.parser.ParserOptions.DEFAULT);
    }
    assertThat(String.join("\n", TrainingQueries.ALL))
        .contains("irate(", "increase(", "histogram_quantile(", "topk(", "[30m:1m]",
            "quantile_over_time(", " on (", " ignoring (", "group_left", " > bool ", " unless ",
            "=~", "!~", "!=");
  }
}
