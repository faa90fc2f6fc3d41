package dev.vigil.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags a benchmark starts Vigil with: {@code VIGIL_JAVA_OPTS} when set, as the {@code
 * ./vigil} launcher does, else the launcher's own defaults from {@code scripts/jvm.options}, so
 * that memory and CPU figures are those of the JVM a user gets; native access is always enabled,
 * as the launcher does. The launcher's environment ({@code scripts/jvm.env}) applies too: {@link
 * #command} starts the JVM through {@code env} with it. So does the launcher's AOT cache ({@link
 * #aotCache}).
 */
public final class VigilJvmOptions {
  private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  private VigilJvmOptions() {}

  /** The flags as words; {@code root} is the repository root holding {@code scripts/}. */
  public static List<String> resolve(Path root, Map<String, String> env) {
    List<String> words = new ArrayList<>();
    String fromEnv = env.get("VIGIL_JAVA_OPTS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      words.addAll(List.of(fromEnv.strip().split("\\s+")));
    } else {
      for (String line : settingLines(root.resolve("scripts/jvm.options"))) {
        words.addAll(List.of(line.split("\\s+")));
      }
    }
    if (!words.contains(NATIVE_ACCESS)) {
      words.add(NATIVE_ACCESS); // as the launcher: memory-mapped chunks need it
    }
    words.addAll(aotCache(root, words));
    return words;
  }

  /**
   * The flags that start the server jar from the launcher's AOT cache for these options, as
   * {@code ./vigil server} does: {@code scripts/aot-cache --train} makes the cache first when the
   * jar was rebuilt (a training run of some seconds, reported on standard error) and prints
   * nothing when there is none ({@code VIGIL_AOT=off}, a failed training, no script).
   */
  public static List<String> aotCache(Path root, List<String> options) {
    Path script = root.resolve("scripts/aot-cache");
    if (!Files.isExecutable(script)) {
      return List.of();
    }
    List<String> cmd = new ArrayList<>(List.of(script.toString(), "--train"));
    cmd.addAll(options);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
      // the launcher's environment (VIGIL_AOT may be set there), and the cache is for the JDK
      // the benchmark starts Vigil with: its own
      pb.environment().putAll(environment(root, System.getenv()));
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0 || out.isEmpty()) {
        return List.of();
      }
      return List.of(out.split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /**
   * The variables of {@code scripts/jvm.env} that {@code env} does not set already, as the
   * launcher applies them.
   */
  public static Map<String, String> environment(Path root, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    Path file = root.resolve("scripts/jvm.env");
    if (!Files.isRegularFile(file)) {
      return out;
    }
    for (String line : settingLines(file)) {
      String text = line.replaceAll("\\s", "");
      int eq = text.indexOf('=');
      if (eq > 0 && !env.containsKey(text.substring(0, eq))) {
        out.put(text.substring(0, eq), text.substring(eq + 1));
      }
    }
    return out;
  }

  /**
   * The start of a command that runs {@code java} as the launcher does: {@code env NAME=value ...
   * java} when {@code scripts/jvm.env} adds variables ({@code env} execs java, so the process id
   * stays the JVM's), else just {@code java}.
   */
  public static List<String> command(Path java, Path root, Map<String, String> env) {
    List<String> words = new ArrayList<>();
    Map<String, String> add = environment(root, env);
    if (!add.isEmpty()) {
      words.add("env");
      add.forEach((k, v) -> words.add(k + "=" + v));
    }
    words.add(java.toString());
    return words;
  }

  /** The lines of a launcher settings file without comments ({@code #} to the end) or blanks. */
  private static List<String> settingLines(Path file) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!text.isEmpty()) {
          out.add(text);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launcher's settings " + file, e);
    }
  }
}
