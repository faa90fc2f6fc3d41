package dev.vigil.server.warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this process and of its JIT compiler threads, from {@code /proc/self}: how a
 * {@link TrainingRun} tells that the JIT has compiled what the workload runs. CPU time rather
 * than the compilers' elapsed time ({@code CompilationMXBean}), which on a busy machine counts the
 * time compiler threads wait for a core. Readings are in clock ticks; where {@code /proc} is
 * missing (not Linux) both are -1 and the caller cannot judge. Not thread-safe (stateless).
 */
final class CompilerLoad {
  private final Path proc;

  CompilerLoad(Path proc) {
    this.proc = proc;
  }

  static CompilerLoad self() {
    return new CompilerLoad(Path.of("/proc/self"));
  }

  /** The process's user + system CPU ticks, or -1. */
  long processTicks() {
    return ticks(proc.resolve("stat"));
  }

  /**
   * The user + system CPU ticks of the live C1 and C2 compiler threads, or -1. Compiler threads
   * the JVM ended since are missing from the sum, so a difference of two readings can be too
   * small, never too large.
   */
  long compilerTicks() {
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      return tasks.mapToLong(t -> {
        try {
          String comm = Files.readString(t.resolve("comm")).strip();
          return comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
              ? Math.max(0, ticks(t.resolve("stat"))) : 0;
        } catch (IOException e) {
          return 0; // the thread ended
        }
      }).sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Fields 14 and 15 (utime, stime) of a {@code stat} file, counted after the command name's
   * closing parenthesis (a thread name may hold spaces); -1 when unreadable.
   */
  static long ticks(Path stat) {
    try {
      return parse(Files.readString(stat));
    } catch (IOException e) {
      return -1;
    }
  }

  static long parse(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 1).strip().split(" ");
    // f[0] is field 3 (state): utime is field 14, stime field 15
    if (f.length < 13) {
      return -1;
    }
    try {
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
