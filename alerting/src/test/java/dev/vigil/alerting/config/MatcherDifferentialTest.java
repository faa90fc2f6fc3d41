package dev.vigil.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random matcher strings in a route's {@code matchers}: Vigil and Alertmanager 0.25 (via
 * amtool) must accept the same ones, print the accepted ones identically and refuse the others
 * with the same message.
 */
@Timeout(60)
class MatcherDifferentialTest {
  private static final String[] PIECES = {"a", "b", "x", "_", "=", "!=", "=~", "!~", "\"", "\\", ",", " ", "{", "}",
      "n", ".*", "|", "1", "é", "'", "(", ")"};
  @TempDir Path dir;

  private static String randomMatchers(Random r) {
    StringBuilder sb = new StringBuilder();
    if (r.nextInt(3) == 0) {
      sb.append('{');
    }
    int parts = 1 + r.nextInt(2);
    for (int p = 0; p < parts; p++) {
      if (p > 0) {
        sb.append(r.nextBoolean() ? ", " : ",");
      }
      sb.append(new String[] {"a", "b", "job", "x_1", " c"}[r.nextInt(5)]);
      sb.append(new String[] {"=", "!=", "=~", "!~", " = "}[r.nextInt(5)]);
      boolean quoted = r.nextBoolean();
      if (quoted) {
        sb.append('"');
      }
      int n = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        sb.append(PIECES[r.nextInt(PIECES.length)]);
      }
      if (quoted && r.nextInt(5) > 0) {
        sb.append('"');
      }
    }
    if (r.nextInt(3) == 0) {
      sb.append('}');
    }
    return sb.toString();
  }

  private String amtoolTree(Path cfg) throws Exception {
    Process p = new ProcessBuilder(AmtoolCheck.AMTOOL.toString(), "config", "routes", "--config.file=" + cfg)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void agreesWithAlertmanager() throws Exception {
    Assumptions.assumeTrue(AmtoolCheck.available(), "skipped: amtool is not installed");
    long seed = new Random().nextLong();
    System.out.println("MatcherDifferentialTest seed " + seed);
    Random r = new Random(seed);
    for (int i = 0; i < 40; i++) {
      String m = randomMatchers(r);
      String yaml = "route:\n  receiver: r\n  routes:\n  - matchers: ['" + m.replace("'", "''") + "']\n    receiver: r\n"
          + "receivers:\n- name: r\n";
      String want = AmtoolCheck.check(dir, yaml);
      String got;
      AlertmanagerConfig c = null;
      try {
        c = AlertmanagerConfig.parse(yaml);
        got = null;
      } catch (ConfigException e) {
        got = e.getMessage();
      }
      if (want != null && want.startsWith("error parsing regexp") && got != null) {
        // Go and Java word regex errors differently; agreeing on the refusal is what matters.
        assertThat(got).as("seed %d matcher %s", seed, m).startsWith("error parsing regexp");
        continue;
      }
      assertThat(got == null ? null : got.strip()).as("seed %d matcher %s", seed, m).isEqualTo(want);
      if (c != null) {
        Path f = dir.resolve("m" + i + ".yml");
        Files.writeString(f, yaml);
        String tree = amtoolTree(f);
        String printed = c.route().routes().get(0).matchers().toString();
        assertThat(tree).as("seed %d matcher %s", seed, m).contains("── " + printed + "  receiver: r");
      }
    }
  }
}
