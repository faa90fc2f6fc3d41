package dev.vigil.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration, found through {@code META-INF/services}: INFO as logfmt lines
 * on stderr. It is what every command but {@code vigil server} logs with ({@code vigil import},
 * {@code vigil promqltest}: a person reads those at a terminal, so not JSON), and what the server
 * logs with until it applies its {@code --log.level} and {@code --log.format} flags (JSON by
 * default, for log collectors), or when code embeds it.
 *
 * <p>Why not a {@code logback.xml}: reading one loads Logback's XML configurator and the JDK's XML
 * parser, about 450 classes (~3 MiB of class metadata in every server process) for a
 * configuration the CLI replaces a moment later. A {@code logback-test.xml} on the class path
 * (tests) or the {@code logback.configurationFile} property still wins: then this configurator
 * steps aside and Logback reads the file as usual.
 *
 * <p>Thread-safety: Logback calls it once, while it initialises.
 */
public final class StartupLogConfigurator extends ContextAwareBase implements Configurator {
  /** The file Logback reads before {@code logback.xml}, used by tests. */
  static final String TEST_FILE = "logback-test.xml";
  /** The system property naming a configuration file, read by Logback itself. */
  static final String FILE_PROPERTY = "logback.configurationFile";

  /** The format before (and without) the server's {@code --log.format}: for people, not parsers. */
  static final LogFormat FORMAT = LogFormat.LOGFMT;

  /** For the service loader. */
  public StartupLogConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (System.getProperty(FILE_PROPERTY) != null || hasResource(TEST_FILE)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logging.configure(ctx, Level.INFO, FORMAT);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean hasResource(String name) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = StartupLogConfigurator.class.getClassLoader();
    }
    return cl != null && cl.getResource(name) != null;
  }
}
