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
    TrainingRun.TrainingClient client =
        new TrainingRun.TrainingClient("http://127.0.0.1:1", new PrintWriter(text, true));
    client.get("/api/v1/query?query=1", java.util.List.of());
    assertThat(client.failures()).isEqualTo(1);
    assertThat(text.toString()).contains("/api/v1/query?query=1");
  }

  @Test
  void everyPassAsksForBlocksAndHead() {
    TrainingData fleet = new TrainingData(7_200_000_000L, 3);
    assertThat(fleet.endMs()).isEqualTo(7_200_000_000L);
    assertThat(TrainingRun.paths(fleet, 7_203_600_000L))
        .contains("/api/v1/query?query=vector(1)")
        .anyMatch(p -> p.startsWith("/api/v1/query_range?") && p.contains("end=7200000.000"))
        .anyMatch(p -> p.startsWith("/api/v1/query?") && p.endsWith("time=7203600.000"));
  }
}
