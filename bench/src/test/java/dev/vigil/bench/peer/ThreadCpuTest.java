package dev.vigil.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadCpu}: stat lines with awkward thread names, grouping, threads that start or exit
 * between two readings, and a reading of this very JVM.
 */
class ThreadCpuTest {
  @Test
  void parsesNamesWithSpacesAndParentheses() {
    String rest = " S 1 2 3 4 5 6 7 8 9 10 120 35 0 0 20 0";
    assertThat(ThreadCpu.parse("42 (C2 CompilerThre)" + rest))
        .isEqualTo(new ThreadCpu.Sample("C2 CompilerThre", 155));
    assertThat(ThreadCpu.parse("43 (odd) name (x)" + rest))
        .isEqualTo(new ThreadCpu.Sample("odd) name (x", 155));
    assertThat(ThreadCpu.parse("garbage")).isNull();
    assertThat(ThreadCpu.parse("44 (short) S 1 2")).isNull();
  }

  @Test
  void groupsKnownThreadsAndStripsNumbers() {
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT compiler (C2)");
    assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("JIT compiler (C1)");
    assertThat(ThreadCpu.group("ForkJoinPool-1-")).isEqualTo("virtual-thread carriers");
    assertThat(ThreadCpu.group("armeria-common-")).isEqualTo("HTTP event loops");
    assertThat(ThreadCpu.group("VM Thread")).isEqualTo("GC and VM operations");
    assertThat(ThreadCpu.group("wal-fsync-12")).isEqualTo("wal-fsync");
    assertThat(ThreadCpu.group("victoria-metric")).isEqualTo("victoria-metric");
    assertThat(ThreadCpu.group("7")).isEqualTo("7");
  }

  @Test
  void differenceCountsNewThreadsFromZeroAndExitedOnesAsTheRest() {
    Map<Long, ThreadCpu.Sample> before = Map.of(
        1L, new ThreadCpu.Sample("C2 CompilerThre", 100),
        2L, new ThreadCpu.Sample("armeria-common-", 50),
        3L, new ThreadCpu.Sample("ForkJoinPool-1-", 10)); // exits before the second reading
    Map<Long, ThreadCpu.Sample> after = Map.of(
        1L, new ThreadCpu.Sample("C2 CompilerThre", 400),
        2L, new ThreadCpu.Sample("armeria-common-", 150),
        4L, new ThreadCpu.Sample("ForkJoinPool-1-", 190), // started in between
        5L, new ThreadCpu.Sample("armeria-common-", 100));
    // the process used 10.4 s: 3 + 1 + 1.9 + 1 by the threads still there, 3.5 by exited ones
    Map<String, Double> g = ThreadCpu.byGroup(before, after, 10.4, 100);
    assertThat(List.copyOf(g.keySet())).containsExactly(ThreadCpu.EXITED,
        "JIT compiler (C2)", "HTTP event loops", "virtual-thread carriers");
    assertThat(g.get("JIT compiler (C2)")).isCloseTo(3.0, within(1e-9));
    assertThat(g.get("HTTP event loops")).isCloseTo(2.0, within(1e-9));
    assertThat(g.get("virtual-thread carriers")).isCloseTo(1.9, within(1e-9));
    assertThat(g.get(ThreadCpu.EXITED)).isCloseTo(3.5, within(1e-9));
    assertThat(ThreadCpu.describe(g, 10.4))
        .isEqualTo("threads that exited 3.5 s (34%), JIT compiler (C2) 3.0 s (29%), "
            + "HTTP event loops 2.0 s (19%), virtual-thread carriers 1.9 s (18%)");
    // within rounding of the threads' ticks, nothing is attributed to exited threads
    assertThat(ThreadCpu.byGroup(before, after, 6.92, 100)).doesNotContainKey(ThreadCpu.EXITED);
  }

  @Test
  void readsThisProcess() {
    long pid = ProcessHandle.current().pid();
    Map<Long, ThreadCpu.Sample> now = ThreadCpu.read(pid);
    assertThat(now).containsKey(pid); // the main thread's id is the process id
    assertThat(now.values()).allSatisfy(s -> assertThat(s.ticks()).isNotNegative());
    assertThat(ThreadCpu.read(Long.MAX_VALUE)).isEmpty();
  }
}
