package dev.vigil.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.junit.jupiter.api.io.TempDir;

class StartupLogConfiguratorTest {
  @Test
  void configuresLogfmtOnStderrAtInfoWithoutATestFile() {
    LoggerContext ctx = new LoggerContext();
    ExecutionStatus status = withContextLoader(new URLClassLoader(new URL[0], null),
        () -> new StartupLogConfigurator().configure(ctx));
    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("console")).isNotNull();
    assertThat(root.getAppender("console").isStarted()).isTrue();
  }

  @Test
  void cliCommandsLogForPeopleNotJson() {
    LoggerContext ctx = new LoggerContext();
    withContextLoader(new URLClassLoader(new URL[0], null),
        () -> new StartupLogConfigurator().configure(ctx));
    Logger logger = ctx.getLogger("dev.vigil.server.cli.ImportCommand");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
        "imported 3 blocks", null, null);
    event.addKeyValuePair(new KeyValuePair("series", 12));
    var appender = (ConsoleAppender<ILoggingEvent>) ctx.getLogger(Logger.ROOT_LOGGER_NAME)
        .getAppender("console");
    String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
    assertThat(line).doesNotStartWith("{")
        .contains("level=info logger=ImportCommand msg=\"imported 3 blocks\" series=12");
  }

  @Test
  void stepsAsideForALogbackTestFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(StartupLogConfigurator.TEST_FILE), "<configuration/>",
        StandardCharsets.UTF_8);
    LoggerContext ctx = new LoggerContext();
    ExecutionStatus status = withContextLoader(
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, null),
        () -> new StartupLogConfigurator().configure(ctx));
    assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNull();
  }

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(StartupLogConfigurator.class.getName());
  }

  private static ExecutionStatus withContextLoader(ClassLoader cl,
      Supplier<ExecutionStatus> body) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    t.setContextClassLoader(cl);
    try {
      return body.get();
    } finally {
      t.setContextClassLoader(old);
    }
  }
}
