package dev.vigil.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The carriers of virtual threads are half the processors unless the operator chose, checked in
 * child JVMs told how many processors they have ({@code -XX:ActiveProcessorCount}), because the
 * JDK reads the setting once per JVM.
 */
@Timeout(120)
class CarrierThreadsTest {
  @Test
  void halfTheProcessorsAtLeastOne() {
    assertThat(CarrierThreads.forProcessors(1)).isEqualTo(1);
    assertThat(CarrierThreads.forProcessors(2)).isEqualTo(1);
    assertThat(CarrierThreads.forProcessors(3)).isEqualTo(1);
    assertThat(CarrierThreads.forProcessors(16)).isEqualTo(8);
  }

  @Test
  void fourProcessorsGetTwoCarriers() throws Exception {
    String[] out = child(4, null);
    assertThat(out[0]).isEqualTo("2");
    assertThat(Integer.parseInt(out[1])).isBetween(1, 2);
  }

  @Test
  void theOperatorsSettingWins() throws Exception {
    String[] out = child(4, "4");
    assertThat(out[0]).isEqualTo("4");
    // eight yielding busy threads spread over more than the two carriers the default allows
    assertThat(Integer.parseInt(out[1])).isGreaterThan(2);
  }

  private static String[] child(int processors, String parallelism) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-XX:ActiveProcessorCount=" + processors));
    if (parallelism != null) {
      cmd.add("-D" + CarrierThreads.PROPERTY + "=" + parallelism);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CarrierThreadsMain.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.exitValue()).as(out).isZero();
      return out.split(" ");
    } finally {
      p.destroyForcibly();
    }
  }
}
