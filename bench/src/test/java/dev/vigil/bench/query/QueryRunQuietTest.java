package dev.vigil.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link QueryRun#quiet}: the warm-up ends on a quiet window of passes, not one lucky pass. */
class QueryRunQuietTest {
  private static List<double[]> passes(double... cpuAndJit) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < cpuAndJit.length; i += 2) {
      out.add(new double[] {cpuAndJit[i], cpuAndJit[i + 1]});
    }
    return out;
  }

  @Test
  void oneQuietPassAfterBusyOnesIsNotEnough() {
    // the pattern of a JIT still compiling a few methods per pass: 0.01 of 0.73 s is under 5 %
    assertThat(QueryRun.quiet(passes(0.96, 0.20, 0.93, 0.25, 0.73, 0.01))).isFalse();
  }

  @Test
  void threeQuietPassesTogetherAreWarm() {
    assertThat(QueryRun.quiet(passes(0.96, 0.20, 0.60, 0.02, 0.55, 0.03, 0.53, 0.02))).isTrue();
    // one pass a little over the share is fine when the window is under it
    assertThat(QueryRun.quiet(passes(0.60, 0.01, 0.55, 0.04, 0.53, 0.00))).isTrue();
  }

  @Test
  void fewerPassesThanTheWindowAreNotWarm() {
    assertThat(QueryRun.quiet(passes(0.60, 0.01, 0.55, 0.01))).isFalse();
  }

  @Test
  void aStoreWithoutCompilerThreadsIsWarmAtOnce() {
    assertThat(QueryRun.quiet(passes(0.40, 0.0))).isTrue();
    assertThat(QueryRun.quiet(passes(0.40, 0.0, 0.30, 0.0))).isTrue();
  }

  @Test
  void aJvmPassWithoutCompilationEarlyOnIsNotWarm() {
    // the first pass compiled; a later pass at zero ticks does not end the warm-up alone
    assertThat(QueryRun.quiet(passes(4.8, 2.4, 0.7, 0.0))).isFalse();
  }
}
