package dev.vigil.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.ast.Expr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parses every expression of every {@code eval} in Prometheus's own engine tests (the conformance
 * data in {@code ../shared/conformance/promql}) and requires that each one parses, prints and
 * parses back to the same tree, except for evals that expect failure (which may fail at parse or
 * evaluation time, but only with a {@link ParseException}).
 *
 * <p>Core files are parsed with only the experimental functions on (Prometheus's own harness
 * enables them for every file; core files use {@code sort_by_label}, {@code mad_over_time} ...):
 * this proves core files need no other experimental syntax. The experimental files get every
 * feature. Native-histogram trim operators ({@code </}, {@code >/}) are not supported and are
 * counted separately.
 */
class ConformanceParseTest {
  private static final Set<String> EXPERIMENTAL_FILES = Set.of("duration_expression.test",
      "extended_vectors.test", "fill-modifier.test", "info.test", "limit.test",
      "start_timestamps.test", "type_and_unit.test");
  private static final ParserOptions CORE = new ParserOptions(true, false, false, false);
  private static final Pattern INSTANT =
      Pattern.compile("^eval(?:_(\\w+))?\\s+instant\\s+at\\s+\\S+\\s+(.+)$");
  private static final Pattern RANGE = Pattern.compile(
      "^eval(?:_(\\w+))?\\s+range\\s+from\\s+\\S+\\s+to\\s+\\S+\\s+step\\s+\\S+\\s+(.+)$");

  record Eval(String file, int line, String expr, boolean expectFail) {}

  static Path conformanceDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/conformance/promql");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  static List<Eval> evals(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Eval> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = INSTANT.matcher(line);
      if (!m.matches()) {
        m = RANGE.matcher(line);
        if (!m.matches()) {
          continue;
        }
      }
      boolean fail = "fail".equals(m.group(1));
      for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank()
          && Character.isWhitespace(lines.get(j).charAt(0)); j++) {
        if (lines.get(j).strip().startsWith("expect fail")) {
          fail = true;
        }
      }
      out.add(new Eval(file.getFileName().toString(), i + 1, m.group(2).strip(), fail));
    }
    return out;
  }

  @Test
  void everyConformanceExpressionParses() throws IOException {
    Path dir = conformanceDir();
    Assumptions.assumeTrue(dir != null, "conformance data (../shared/conformance) absent: skipped");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    int parsed = 0;
    int expectedFailures = 0;
    int failedAsExpected = 0;
    int trimOperators = 0;
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      ParserOptions options =
          EXPERIMENTAL_FILES.contains(name) ? ParserOptions.ALL_EXPERIMENTAL : CORE;
      for (Eval ev : evals(f)) {
        String where = name + ":" + ev.line() + " " + ev.expr();
        if (ev.expectFail()) {
          expectedFailures++;
        }
        if (ev.expr().contains("</") || ev.expr().contains(">/")) {
          trimOperators++;
          continue;
        }
        Expr e;
        try {
          e = Parser.parse(ev.expr(), options);
        } catch (ParseException ex) {
          if (ev.expectFail()) {
            failedAsExpected++;
          } else {
            problems.add(where + " -> " + ex.getMessage());
          }
          continue;
        } catch (RuntimeException ex) {
          problems.add(where + " -> crashed: " + ex);
          continue;
        }
        parsed++;
        String printed = Printer.print(e);
        try {
          Expr again = Parser.parse(printed, ParserOptions.ALL_EXPERIMENTAL);
          if (!Positions.strip(again).equals(Positions.strip(e))) {
            problems.add(where + " -> round trip differs: " + printed);
          }
        } catch (ParseException ex) {
          problems.add(where + " -> printed form " + printed + " fails: " + ex.getMessage());
        }
      }
    }
    System.out.printf(
        "conformance parse: %d files, %d parsed and round-tripped, %d expect-fail evals of which "
            + "%d failed at parse time, %d trim-operator evals skipped, %d problems%n",
        files.size(), parsed, expectedFailures, failedAsExpected, trimOperators, problems.size());
    problems.forEach(p -> System.out.println("  " + p));
    assertThat(problems).isEmpty();
    assertThat(parsed).isGreaterThan(1000);
  }
}
