package dev.vigil.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags a benchmark starts Vigil with: {@code VIGIL_JAVA_OPTS} when set, as the {@code
 * ./vigil} launcher does, else the launcher's own defaults from {@code scripts/jvm.options}, so
 * that memory and CPU figures are those of the JVM a user gets; native access is always enabled,
 * as the launcher does.
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
      readFile(root.resolve("scripts/jvm.options"), words);
    }
    if (!words.contains(NATIVE_ACCESS)) {
      words.add(NATIVE_ACCESS); // as the launcher: memory-mapped chunks need it
    }
    return words;
  }

  private static void readFile(Path file, List<String> words) {
    try {
      for (String line : Files.readAllLines(file)) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!text.isEmpty()) {
          words.addAll(List.of(text.split("\\s+")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launcher's jvm options " + file, e);
    }
  }
}
