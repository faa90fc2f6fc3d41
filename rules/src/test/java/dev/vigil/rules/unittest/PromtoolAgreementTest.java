package dev.vigil.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every {@code promtool test rules} input of the shared conformance directory through both
 * promtool and {@link RulesUnitTest} and requires the same exit code, standard output and error
 * output. Inputs are the files with a top-level {@code tests:} key; the others there are rule
 * files and Prometheus configs for {@code check}/{@code lint}. Skips when promtool or the
 * directory is absent.
 */
class PromtoolAgreementTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  @Timeout(120)
  void agreesWithPromtoolOnEveryConformanceFile() throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at " + PROMTOOL);
    Path dir = conformanceDir();
    assumeTrue(dir != null, "conformance/rules directory not found above " + Path.of("").toAbsolutePath());
    List<Path> inputs = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        if (p.toString().endsWith(".yml") && isTestFile(p)) {
          inputs.add(p.toAbsolutePath());
        }
      }
    }
    assertThat(inputs).isNotEmpty();
    List<String> disagreements = new ArrayList<>();
    for (Path p : inputs) {
      Result want = promtool(p);
      Result got = vigil(p);
      if (!want.equals(got)) {
        disagreements.add(p.getFileName() + ":\n promtool " + want + "\n vigil    " + got);
      }
    }
    System.out.println("promtool agreement: " + (inputs.size() - disagreements.size()) + " of "
        + inputs.size() + " test rules inputs");
    assertThat(disagreements).isEmpty();
  }

  private static boolean isTestFile(Path p) throws IOException {
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      if (line.startsWith("tests:")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The result with the series list of "found duplicate series" errors sorted: promtool prints
   * that list in Go map order, which differs from run to run.
   */
  record Result(int code, String out, String err) {
    Result {
      err = sortDuplicateSeries(err);
    }
  }

  private static final java.util.regex.Pattern DUPLICATES =
      java.util.regex.Pattern.compile("(on the (?:left|right) hand-side of the operation: )\\[(.*?)\\];");

  static String sortDuplicateSeries(String s) {
    java.util.regex.Matcher m = DUPLICATES.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      List<String> series = new ArrayList<>(List.of(m.group(2).split("(?<=\\}), (?=\\{)")));
      series.sort(null);
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(
          m.group(1) + "[" + String.join(", ", series) + "];"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * Runs promtool with a temporary directory of its own: its test storage
   * ({@code $TMPDIR/test_storage*}) is left behind by some inputs, and goes with that directory.
   * Its errors go to a file there, so that neither output pipe can fill while the other is read.
   */
  private static Result promtool(Path file) throws Exception {
    Path tmp = Files.createTempDirectory("promtool-agreement");
    try {
      Path errFile = tmp.resolve("stderr");
      ProcessBuilder pb = new ProcessBuilder(PROMTOOL.toString(), "test", "rules",
          file.toString()).directory(file.getParent().toFile()).redirectError(errFile.toFile());
      pb.environment().put("TMPDIR", tmp.toString());
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          Files.readString(errFile));
    } finally {
      try (Stream<Path> all = Files.walk(tmp)) {
        all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Result vigil(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
      code = RulesUnitTest.run(List.of(file.toString()), o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Path conformanceDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolve("shared/conformance/rules");
      if (Files.isDirectory(c)) {
        return c;
      }
      Path c2 = d.resolve("../shared/conformance/rules").normalize();
      if (Files.isDirectory(c2)) {
        return c2;
      }
    }
    return null;
  }
}
