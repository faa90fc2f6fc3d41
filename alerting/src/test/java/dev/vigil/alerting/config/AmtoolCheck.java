package dev.vigil.alerting.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code amtool check-config} on a file, when amtool is installed. */
final class AmtoolCheck {
  static final Path AMTOOL = Path.of("/usr/bin/amtool");

  private AmtoolCheck() {}

  static boolean available() {
    return Files.isExecutable(AMTOOL);
  }

  /** amtool's verdict: null when the file passes, else its error text. */
  static String check(Path dir, String yaml) throws IOException, InterruptedException {
    Path f = Files.createTempFile(dir, "am", ".yml");
    Files.writeString(f, yaml);
    Process p = new ProcessBuilder(AMTOOL.toString(), "check-config", f.toString())
        .redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("amtool check-config timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() == 0) {
      return null;
    }
    int i = out.indexOf("FAILED: ");
    String msg = i < 0 ? out : out.substring(i + 8);
    int end = msg.indexOf("\n\n");
    return (end < 0 ? msg : msg.substring(0, end)).strip();
  }
}
