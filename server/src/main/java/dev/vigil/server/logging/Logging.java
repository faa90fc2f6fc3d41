package dev.vigil.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the {@code --log.level} and {@code --log.format} flags, replacing any
 * file-based configuration: one console appender on stderr. Called once by the CLI before the
 * server starts; libraries never call it.
 */
public final class Logging {
  private Logging() {}

  /** @throws IllegalArgumentException for a level other than debug, info, warn, error */
  public static Level parseLevel(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARN;
      case "error" -> Level.ERROR;
      default -> throw new IllegalArgumentException(
          "invalid log level \"" + s + "\" (want debug, info, warn or error)");
    };
  }

  public static void configure(Level level, LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return; // another SLF4J backend (e.g. in an embedding test): leave it alone
    }
    configure(ctx, level, format);
  }

  /** As {@link #configure(Level, LogFormat)}, on a given context (Logback's start-up hook). */
  static void configure(LoggerContext ctx, Level level, LogFormat format) {
    ctx.reset();
    LogLayout layout = new LogLayout(format);
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(ctx);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setName("console");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    // Netty is chatty below INFO, and Armeria logs every flag default at INFO on start; neither
    // is an operator's need.
    if (level == Level.DEBUG) {
      ctx.getLogger("io.netty").setLevel(Level.INFO);
    }
    if (level.isGreaterOrEqual(Level.INFO)) {
      ctx.getLogger("com.linecorp.armeria.common.Flags").setLevel(Level.WARN);
      ctx.getLogger("com.linecorp.armeria.common.util.SystemInfo").setLevel(Level.WARN);
    }
    // Armeria asks Micrometer to bind metrics of the blocking-task executor; Vigil's starts a
    // virtual thread per task and has no pool to measure, and Micrometer warned so on every start.
    ctx.getLogger("io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics").setLevel(Level.ERROR);
  }
}
