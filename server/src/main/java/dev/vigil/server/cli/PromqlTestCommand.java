package dev.vigil.server.cli;

import dev.vigil.promql.promqltest.PromqlTestRunner;
import dev.vigil.promql.promqltest.SuiteResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil promqltest [--enable-experimental] PATH...}: runs PromQL test scripts (Prometheus's
 * {@code promqltest} language) against Vigil's engine over an in-memory store, prints one line per
 * failed eval and closes with {@code N passed, N failed}. Exit status 0 when nothing failed, 1
 * otherwise, 2 for bad usage.
 */
@Command(name = "promqltest", mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Runs PromQL test scripts (.test files, or directories of them) against the "
        + "query engine.")
final class PromqlTestCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--enable-experimental",
      description = "Accept experimental PromQL syntax and functions, as Prometheus's "
          + "--enable-feature=promql-experimental-functions, promql-duration-expr, "
          + "promql-extended-range-selectors and promql-binop-fill-modifiers do")
  boolean experimental;

  @Option(names = "--skip-native-histograms",
      description = "Do not load native histograms; skip the evals that select or expect them")
  boolean skipNativeHistograms;

  @Option(names = "--show-skipped",
      description = "Also list the evals not run (start timestamps, which the store does not "
          + "keep, and skipped native histograms)")
  boolean showSkipped;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "test files or directories")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SuiteResult result;
    try {
      result = PromqlTestRunner.withPromqlEngine(experimental)
          .withNativeHistograms(!skipNativeHistograms).runAll(paths);
    } catch (IOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
    result.print(out, showSkipped);
    return result.failed() > 0 ? 1 : 0;
  }
}
