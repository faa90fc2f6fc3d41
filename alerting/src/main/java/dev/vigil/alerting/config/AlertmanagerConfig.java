package dev.vigil.alerting.config;

import dev.vigil.alerting.timeinterval.TimeInterval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated {@code alertmanager.yml}. {@code original} is the file's text exactly as
 * given (served as {@code config.original} by the status API); {@code timeIntervals} holds both
 * {@code time_intervals} and the deprecated {@code mute_time_intervals} by name. Immutable.
 */
public record AlertmanagerConfig(
    GlobalConfig global,
    RouteConfig route,
    List<InhibitRuleConfig> inhibitRules,
    List<ReceiverConfig> receivers,
    List<String> templates,
    Map<String, List<TimeInterval>> timeIntervals,
    String original) {

  public AlertmanagerConfig {
    inhibitRules = List.copyOf(inhibitRules);
    receivers = List.copyOf(receivers);
    templates = List.copyOf(templates);
    timeIntervals = Map.copyOf(new LinkedHashMap<>(timeIntervals));
  }

  /** Parses YAML text. @throws ConfigException worded as Alertmanager's errors */
  public static AlertmanagerConfig parse(String yaml) {
    return new ConfigParser(yaml).parse();
  }

  /** Reads a file; relative template paths are resolved against the file's directory. */
  public static AlertmanagerConfig load(Path file) throws IOException {
    AlertmanagerConfig c = parse(Files.readString(file));
    Path dir = file.toAbsolutePath().getParent();
    List<String> templates = new ArrayList<>();
    for (String t : c.templates) {
      templates.add(t.isEmpty() || Path.of(t).isAbsolute() ? t : dir.resolve(t).toString());
    }
    return new AlertmanagerConfig(c.global, c.route, c.inhibitRules, c.receivers, templates,
        c.timeIntervals, c.original);
  }

  public ReceiverConfig receiver(String name) {
    for (ReceiverConfig r : receivers) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
