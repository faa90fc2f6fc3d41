package dev.vigil.server.cli;

import dev.vigil.server.build.BuildInfo;
import dev.vigil.server.lifecycle.StorageFactory;
import dev.vigil.server.lifecycle.VigilServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command: {@code --version}, {@code --help} and the {@code server},
 * {@code import}, {@code promqltest} and {@code test} subcommands. Exit codes: 0 success, 1 runtime failure, 2 bad usage (unknown flag, bad value).
 */
@Command(name = "vigil", mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Vigil: metrics, alerting, logs and traces in one process.")
public final class VigilCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * Runs the command line.
   *
   * @param storage how {@code vigil server} opens its store
   * @param wiring called with the server before it starts, to add components and routes
   */
  public static int run(String[] args, StorageFactory storage, Consumer<VigilServer> wiring,
      PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new VigilCommand());
    cl.addSubcommand("server", new ServerCommand(storage, wiring));
    cl.addSubcommand("import", ImportCommand.commandLine());
    cl.addSubcommand("promqltest", new PromqlTestCommand());
    cl.addSubcommand("test", new TestCommand());
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** Version text shaped like Prometheus's {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildInfo.load().versionText().split("\n");
    }
  }
}
