package dev.vigil.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ShootoutReport}: the steady-state rows beside the whole-run ones, with their ratios. */
class ShootoutReportTest {
  private static RunResult result(String name, double cpu, long steadySamples, double steadyCpu) {
    return new RunResult(name, null, "1", 1_000_000, 500, 0, 0, 0, null, 100, 100, "count",
        10, cpu, cpu, 1 << 20, 1 << 20, 1 << 20, 1000, 1000, 0, "", 1, Map.of("x", cpu),
        steadySamples, 7, steadyCpu, Map.of("x", steadyCpu));
  }

  @Test
  void steadyStateRowFollowsTheWholeRunRowWithItsRatio() {
    String table = ShootoutReport.table(List.of(result("prometheus", 8, 750_000, 6),
        result("vigil", 2, 750_000, 1)));
    List<String> lines = table.lines().toList();
    int whole = indexOf(lines, "samples / CPU-second  ");
    int steady = indexOf(lines, "samples / CPU-second (steady state)");
    assertThat(whole).isNotNegative();
    assertThat(steady).isEqualTo(whole + 1);
    // 750,000 / 6 = 125,000 and 750,000 / 1: Vigil/Prometheus 6.00x; whole run 4.00x
    assertThat(lines.get(steady)).contains("125,000").contains("750,000").endsWith("6.00x");
    assertThat(lines.get(whole)).endsWith("4.00x");
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
