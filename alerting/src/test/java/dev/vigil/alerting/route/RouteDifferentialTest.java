package dev.vigil.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.config.AlertmanagerConfig;
import dev.vigil.model.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random routing trees and label sets, routed by Vigil and by {@code amtool config routes
 * test} (Alertmanager 0.25's own routing code); the receivers must agree.
 */
@Timeout(60)
class RouteDifferentialTest {
  private static final Path AMTOOL = Path.of("/usr/bin/amtool");
  private static final String[] NAMES = {"a", "b", "c"};
  private static final String[] VALUES = {"x", "y", "z", "xy"};
  @TempDir Path dir;

  private final List<String> receivers = new ArrayList<>();

  private String matcher(Random r) {
    String n = NAMES[r.nextInt(NAMES.length)];
    String v = VALUES[r.nextInt(VALUES.length)];
    return switch (r.nextInt(5)) {
      case 0 -> n + "=\"" + v + "\"";
      case 1 -> n + "!=\"" + v + "\"";
      case 2 -> n + "=~\"" + v + "|" + VALUES[r.nextInt(VALUES.length)] + "\"";
      case 3 -> n + "!~\"x.*\"";
      default -> n + "=~\".+\"";
    };
  }

  private void routes(StringBuilder sb, Random r, String indent, String path, int depth) {
    int n = depth == 0 ? 3 + r.nextInt(2) : r.nextInt(3);
    if (n == 0) {
      return;
    }
    sb.append(indent).append("routes:\n");
    for (int i = 0; i < n; i++) {
      String name = path + "_" + i;
      receivers.add(name);
      sb.append(indent).append("- receiver: ").append(name).append('\n');
      if (r.nextBoolean()) {
        sb.append(indent).append("  matchers: ['").append(matcher(r)).append("'");
        if (r.nextBoolean()) {
          sb.append(", '").append(matcher(r)).append("'");
        }
        sb.append("]\n");
      } else if (r.nextBoolean()) {
        sb.append(indent).append("  match: {").append(NAMES[r.nextInt(3)]).append(": ").append(VALUES[r.nextInt(4)]).append("}\n");
      } else {
        sb.append(indent).append("  match_re: {").append(NAMES[r.nextInt(3)]).append(": 'x|z'}\n");
      }
      if (r.nextInt(3) == 0) {
        sb.append(indent).append("  continue: true\n");
      }
      if (depth < 2) {
        routes(sb, r, indent + "  ", name, depth + 1);
      }
    }
  }

  private static String amtool(Path cfg, Labels labels) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "config", "routes", "test", "--config.file=" + cfg));
    labels.forEach((k, v) -> cmd.add(k + "=" + v));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("amtool timed out");
    }
    return out;
  }

  @Test
  void agreesWithAmtool() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(AMTOOL), "skipped: " + AMTOOL + " is not installed");
    long seed = new Random().nextLong();
    System.out.println("RouteDifferentialTest seed " + seed);
    Random r = new Random(seed);
    for (int tree = 0; tree < 4; tree++) {
      receivers.clear();
      receivers.add("root");
      StringBuilder sb = new StringBuilder("route:\n  receiver: root\n");
      routes(sb, r, "  ", "r", 0);
      sb.append("receivers:\n");
      receivers.forEach(n -> sb.append("- name: ").append(n).append('\n'));
      Path cfg = dir.resolve("tree" + tree + ".yml");
      Files.writeString(cfg, sb.toString());
      Route root = Route.tree(AlertmanagerConfig.parse(sb.toString()).route());
      for (int k = 0; k < 12; k++) {
        List<String> pairs = new ArrayList<>();
        for (String n : NAMES) {
          if (r.nextInt(4) > 0) {
            pairs.add(n);
            pairs.add(VALUES[r.nextInt(VALUES.length)]);
          }
        }
        if (pairs.isEmpty()) {
          pairs.addAll(List.of("a", "x"));
        }
        Labels labels = Labels.of(pairs.toArray(String[]::new));
        String want = amtool(cfg, labels);
        String got = String.join(",", root.match(labels).stream().map(x -> x.options().receiver()).toList());
        assertThat(got).as("seed %d, labels %s, config:\n%s", seed, labels, sb).isEqualTo(want);
      }
    }
  }
}
