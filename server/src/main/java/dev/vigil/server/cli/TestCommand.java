package dev.vigil.server.cli;

import dev.vigil.rules.unittest.RulesUnitTest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil test rules FILE...}: promtool's {@code test rules}, the unit tests of rule files,
 * with promtool's report and exit status (0 all passed, 1 any failed).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Unit testing.",
    subcommands = TestCommand.Rules.class)
final class TestCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  @Command(name = "rules", mixinStandardHelpOptions = true,
      versionProvider = VigilCommand.Version.class,
      description = "Unit tests for rules, in promtool's test file format.")
  static final class Rules implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "test-rule-file",
        description = "The unit test file.")
    List<String> files;

    @Override
    public Integer call() {
      return RulesUnitTest.run(files, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
