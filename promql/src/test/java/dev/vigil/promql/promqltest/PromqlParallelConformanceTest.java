package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.testkit.MemoryStorage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance scripts of {@link PromqlConformanceTest} again, on an engine that shares every
 * node's per-series work with 3 helper threads from the first series on (parallelism 4, threshold
 * 1), so that blocks of series, the ordered fold of their results, annotations and errors are
 * exercised by every eval: the outcome must be the sequential engine's, eval for eval.
 */
@Timeout(300)
class PromqlParallelConformanceTest {
  private static PromqlTestRunner runner(boolean experimental, boolean parallel) {
    EngineOptions o = PromqlTestRunner.harnessOptions(experimental);
    if (parallel) {
      o = o.withParallelism(4, 1);
    }
    return new PromqlTestRunner(new PromqlEngine(o), o.parser(), MemoryStorage::new);
  }

  private static Path file(String name) {
    Path dir = PromqlConformanceTest.conformanceDir();
    Assumptions.assumeTrue(dir != null, "conformance data not found: no shared/conformance/promql"
        + " above " + Path.of("").toAbsolutePath() + "; skipping the parallel conformance run");
    Path file = dir.resolve(name + ".test");
    Assumptions.assumeTrue(Files.isRegularFile(file), "missing " + file);
    return file;
  }

  static List<String> requiredFiles() {
    return PromqlConformanceTest.requiredFiles().toList();
  }

  @ParameterizedTest(name = "{0}.test in parallel")
  @MethodSource("requiredFiles")
  void upstreamFilePassesInParallel(String name) throws IOException {
    FileReport r = runner(true, true).run(file(name));
    List<String> failures = r.failures().stream()
        .filter(l -> !l.endsWith("[native histograms]")).toList();
    assertThat(failures).as("failed evals in %s.test with parallelism 4", name).isEmpty();
    assertThat(r.passed()).isPositive();
  }

  @Test
  void nativeHistogramsFileFailsExactlyAsSequential() throws IOException {
    Path f = file("native_histograms");
    FileReport seq = runner(true, false).run(f);
    FileReport par = runner(true, true).run(f);
    assertThat(par.failures()).isEqualTo(seq.failures());
    assertThat(par.passed()).isEqualTo(seq.passed());
  }

  @Test
  void ownScriptsPassInParallel() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/promqltest").toURI());
    List<String> failures = new ArrayList<>();
    for (Path f : PromqlTestRunner.expand(List.of(dir))) {
      failures.addAll(runner(false, true).run(f).failures());
    }
    assertThat(failures).as("failures of the repository's own scripts in parallel").isEmpty();
  }
}
