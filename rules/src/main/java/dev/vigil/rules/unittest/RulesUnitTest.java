package dev.vigil.rules.unittest;

import dev.vigil.rules.file.StrictYaml;
import dev.vigil.rules.unittest.UnitTestFile.TestGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code promtool test rules}: runs unit-test files for rule files and prints promtool's report
 * ({@code Unit Testing:  FILE}, then {@code SUCCESS} or {@code FAILED:} with every failure on the
 * error stream). Stateless; each file gets fresh storage and rules.
 */
public final class RulesUnitTest {
  private RulesUnitTest() {}

  /** Runs every file; the exit code is 1 when any failed, else 0. */
  public static int run(List<String> files, PrintWriter out, PrintWriter err) {
    boolean failed = false;
    for (String f : files) {
      List<String> errs = runFile(f, out, err);
      if (!errs.isEmpty()) {
        err.println("  FAILED:");
        for (String e : errs) {
          err.println(e);
          out.println();
        }
        failed = true;
      } else {
        out.println("  SUCCESS");
      }
      out.println();
    }
    out.flush();
    err.flush();
    return failed ? 1 : 0;
  }

  private static List<String> runFile(String filename, PrintWriter out, PrintWriter err) {
    out.println("Unit Testing:  " + filename);
    String text;
    try {
      text = Files.readString(Path.of(filename), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of("open " + filename + ": no such file or directory");
    } catch (IOException e) {
      return List.of(filename + ": " + e.getMessage());
    }
    UnitTestFile file;
    try {
      file = UnitTestFileParser.parse(text);
    } catch (StrictYaml.YamlException e) {
      return List.of(e.getMessage());
    }
    List<String> ruleFiles;
    try {
      ruleFiles = resolve(parentDir(filename), file.ruleFiles(), err);
    } catch (IOException e) {
      return List.of(String.valueOf(e.getMessage()));
    }
    long evalInterval = file.evaluationIntervalMs() == 0 ? 60_000 : file.evaluationIntervalMs();
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < file.groupEvalOrder().size(); i++) {
      String g = file.groupEvalOrder().get(i);
      if (order.putIfAbsent(g, i) != null) {
        return List.of("group name repeated in evaluation order: " + g);
      }
    }
    List<String> errs = new ArrayList<>();
    for (TestGroup tg : file.tests()) {
      errs.addAll(new TestGroupRunner(tg, evalInterval, order, ruleFiles).run());
    }
    return errs;
  }

  private static String parentDir(String filename) {
    Path p = Path.of(filename).getParent();
    return p == null ? "." : p.toString();
  }

  /** Go's filepath.Join then Glob: relative names against the test file's directory. */
  private static List<String> resolve(String baseDir, List<String> patterns, PrintWriter err)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (String rf : patterns) {
      String p = rf;
      if (!rf.isEmpty() && !Path.of(rf).isAbsolute()) {
        p = Path.of(baseDir).resolve(rf).normalize().toString();
        if (p.isEmpty()) {
          p = ".";
        }
      }
      List<String> m = glob(p);
      if (m.isEmpty()) {
        err.println("  WARNING: no file match pattern " + p);
      }
      out.addAll(m);
    }
    return out;
  }

  private static List<String> glob(String pattern) throws IOException {
    if (pattern.isEmpty()) {
      return List.of();
    }
    if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
      return Files.exists(Path.of(pattern)) ? List.of(pattern) : List.of();
    }
    Path p = Path.of(pattern);
    Path dir = p.getParent();
    String prefix = dir == null ? "" : dir + "/";
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
    List<String> out = new ArrayList<>();
    Path d = dir == null ? Path.of(".") : dir;
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path e : ds) {
        if (m.matches(e.getFileName())) {
          out.add(prefix + e.getFileName());
        }
      }
    }
    out.sort(null);
    return out;
  }
}
