package dev.vigil.server.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeapTrimmerTest {
  private static final Pattern RESULT = Pattern.compile("committed (\\d+) trims (\\d+) peak (\\d+)");

  @Test
  void thresholdFollowsLiveDataAboveAFloor() {
    assertThat(HeapTrimmer.thresholdFor(0, -1)).isEqualTo(HeapTrimmer.FLOOR_BYTES);
    assertThat(HeapTrimmer.thresholdFor(100L << 20, -1)).isEqualTo(125L << 20);
    assertThat(HeapTrimmer.thresholdFor(100L << 20, 110L << 20)).isEqualTo(110L << 20);
  }

  @Test
  void trimsAreSpacedByTheirCost() {
    assertThat(HeapTrimmer.minInterval(10_000_000L, 5_000_000_000L, 0.02))
        .isEqualTo(5_000_000_000L);
    assertThat(HeapTrimmer.minInterval(200_000_000L, 5_000_000_000L, 0.02))
        .isEqualTo(10_000_000_000L); // 200 ms at most 2 % of the time
  }

  @Test
  void aTrimCostsItsCpuTimeWhenThatIsKnownAndLess() {
    assertThat(HeapTrimmer.cost(400_000_000L, 100_000_000L)).isEqualTo(100_000_000L);
    assertThat(HeapTrimmer.cost(100_000_000L, 150_000_000L)).isEqualTo(100_000_000L);
    assertThat(HeapTrimmer.cost(400_000_000L, -1)).isEqualTo(400_000_000L);
  }

  @Test
  void aTrimMustBeExpectedToFreeAtLeastMinFree() {
    assertThat(HeapTrimmer.thresholdFor(28L << 20, -1)).isEqualTo(36L << 20); // 28 + 8, not 35
    assertThat(HeapTrimmer.thresholdFor(64L << 20, -1)).isEqualTo(80L << 20);
  }

  /** Live data growing 1 MiB/s between full collections moves the trim threshold with it. */
  @Test
  void trimsWaitForGarbageRatherThanForLiveGrowth() {
    long s = 1_000_000_000L;
    long[] clock = {0};
    HeapTrimmer t = new HeapTrimmer(null, () -> clock[0], 1, 0.5);
    t.observeLive(28L << 20, 0, -1); // first full collection: no growth known yet
    assertThat(t.due(37L << 20, 5 * s, -1)).isTrue();
    assertThat(t.due(35L << 20, 5 * s, -1)).isFalse();
    t.observeLive(38L << 20, 10 * s, -1); // 10 MiB more live in 10 s
    assertThat(HeapTrimmer.predictedLive(38L << 20, 1 << 20, 5 * s)).isEqualTo(43L << 20);
    // 48 MiB 5 s later is 1.25x the 38 MiB live then, but only 5 MiB above the 43 expected now
    assertThat(t.due(48L << 20, 15 * s, -1)).isFalse();
    assertThat(t.due(54L << 20, 15 * s, -1)).isTrue();
    // the extrapolation stops after MAX_PREDICTION_NANOS
    assertThat(t.due(61L << 20, 10 * s + HeapTrimmer.MAX_PREDICTION_NANOS * 5, -1)).isTrue();
    t.observeLive(30L << 20, 20 * s, -1); // shrank: no growth
    assertThat(t.due(39L << 20, 30 * s, -1)).isTrue();
    assertThat(HeapTrimmer.liveGrowth(30, 20, s)).isZero();
  }

  @Test
  void inertWithoutASerialOldGeneration() {
    HeapTrimmer t = new HeapTrimmer(null, System::nanoTime, 1, 0.5);
    t.start();
    t.stop();
    assertThat(t.active()).isFalse();
  }

  /** Two child JVMs on the serial collector churn promoted garbage, one with a trimmer. */
  @Test
  void keepsTheSerialOldGenerationNearTheLiveData() throws Exception {
    long[] off = probe("off");
    long[] on = probe("on");
    assertThat(off[1]).isZero();
    assertThat(on[1]).as("trims").isPositive();
    // 16 MiB live: the untrimmed old generation grows with every promoted buffer; the trimmed
    // one is back near the live data once promotion stops
    assertThat(off[2]).as("untrimmed old generation, peak").isGreaterThan(150L << 20);
    assertThat(on[0]).as("trimmed old generation").isLessThan(100L << 20);
  }

  private static long[] probe(String mode) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xms16m", "-Xmx1g",
        "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:-ShrinkHeapInSteps",
        "-cp", System.getProperty("java.class.path"), HeapTrimmerProbe.class.getName(), mode))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Matcher m = RESULT.matcher(out);
    assertThat(m.find()).as("probe output: %s", out).isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3))};
  }
}
