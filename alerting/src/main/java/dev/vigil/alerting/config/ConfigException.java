package dev.vigil.alerting.config;

/**
 * An {@code alertmanager.yml} that Alertmanager would refuse. The message is worded as
 * Alertmanager words it (e.g. {@code undefined receiver "x" used in route}) so that operators and
 * tools comparing outputs see the same text.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
