package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.MemoryStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil promqltest}: closing line, failure lines, exit codes, directories. */
@Timeout(60)
class PromqlTestCommandTest {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCommand.run(args, o -> new MemoryStorage(), s -> { },
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void scriptsWithoutFailuresExitZero() throws Exception {
    Path f = Files.writeString(dir.resolve("a.test"), "load 1m\n  foo 1 2\n\nclear\n");
    Result r = run("promqltest", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("0 passed, 0 failed\n");
  }

  @Test
  void failuresAreListedAndExitOne() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.test"), "load 1m\n  foo 1\n\nwhat is this\n");
    Files.writeString(dir.resolve("ignored.txt"), "not a script\n");
    Result r = run("promqltest", "--enable-experimental", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(dir.resolve("sub/b.test") + ":4: what is this: "
        + "invalid command \"what is this\"\n0 passed, 1 failed\n");
  }

  @Test
  void showSkippedListsEvalsTheStoreCannotServe() throws Exception {
    Path f = Files.writeString(dir.resolve("h.test"),
        "load 1m\n  h {{schema:0 sum:1 count:1}}\n\neval instant at 0 h\n");
    Result r = run("promqltest", "--skip-native-histograms", "--show-skipped", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(f + ":4: eval instant at 0 h: skipped (native histograms)\n"
        + "1 skipped (native histograms)\n0 passed, 0 failed\n");
  }

  @Test
  void nativeHistogramsAreLoadedAndRun() throws Exception {
    Path f = Files.writeString(dir.resolve("h.test"), "load 1m\n  h {{schema:0 sum:1 count:1}}\n\n"
        + "eval instant at 0 h\n  h {{schema:0 sum:1 count:1}}\n");
    Result r = run("promqltest", f.toString());
    assertThat(r.out()).isEqualTo("1 passed, 0 failed\n");
    assertThat(r.code()).isZero();
  }

  @Test
  void missingPathsAndNoPaths() {
    Result missing = run("promqltest", dir.resolve("nope.test").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file or directory");
    assertThat(run("promqltest").code()).isEqualTo(2);
  }
}
