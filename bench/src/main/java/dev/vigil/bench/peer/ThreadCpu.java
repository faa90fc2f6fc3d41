package dev.vigil.bench.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of a process's threads, read from {@code /proc/<pid>/task/<tid>/stat}, and the
 * difference of two readings grouped by what the threads do. Why: a receiver's process CPU figure
 * alone does not say whether the time went to the request work, the HTTP event loop, the JIT
 * compilers or the garbage collector, and on a JVM the answer moves a lot between runs of a few
 * seconds. Threads are grouped by their name without its trailing number, and the JVM's and
 * Armeria's well-known names get a readable label ({@link #group}); Go receivers name every
 * thread after the binary, so they show as one group. Threads that exit between two readings take
 * their CPU time with them: what the process used beyond the listed threads is reported as
 * {@value #EXITED}. Stateless; thread-safe.
 */
public final class ThreadCpu {
  /** The group holding the CPU time of threads that exited between two readings. */
  public static final String EXITED = "threads that exited";
  /** The group of a JVM's C2 (optimising) JIT compiler threads. */
  public static final String C2 = "JIT compiler (C2)";
  /** The group of a JVM's C1 (quick) JIT compiler threads. */
  public static final String C1 = "JIT compiler (C1)";

  /** The group of a JVM's garbage collector and VM-operation threads. */
  public static final String GC = "GC and VM operations";

  /** One thread at one reading: its name and its user plus system CPU time in clock ticks. */
  public record Sample(String name, long ticks) {}

  private ThreadCpu() {}

  /** Every thread of process {@code pid} now, by thread id; empty when the process is gone. */
  public static Map<Long, Sample> read(long pid) {
    Map<Long, Sample> threads = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(tasks)) {
      dirs = s.toList();
    } catch (NoSuchFileException e) {
      return threads;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + tasks, e);
    }
    for (Path dir : dirs) {
      String stat;
      try {
        stat = Files.readString(dir.resolve("stat"));
      } catch (IOException e) {
        continue; // the thread exited while the directory was listed
      }
      Sample s = parse(stat);
      if (s != null) {
        threads.put(Long.parseLong(dir.getFileName().toString()), s);
      }
    }
    return threads;
  }

  /**
   * A thread's name and CPU ticks from its {@code stat} line, or null when the line is not one:
   * the name is field 2, in parentheses, and may hold spaces and parentheses itself; utime and
   * stime are fields 14 and 15.
   */
  static Sample parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > stat.length()) {
      return null;
    }
    String[] f = stat.substring(close + 2).trim().split(" ");
    if (f.length < 13) {
      return null;
    }
    return new Sample(stat.substring(open + 1, close),
        Long.parseLong(f[11]) + Long.parseLong(f[12]));
  }

  /**
   * CPU seconds per thread group between two readings, largest first. Threads that started
   * in between count from zero; {@code processSeconds} (the process's own figure over the same
   * interval) makes up the {@value #EXITED} group when it exceeds the threads' sum.
   */
  public static Map<String, Double> byGroup(Map<Long, Sample> before, Map<Long, Sample> after,
      double processSeconds, long clockTicks) {
    Map<String, Double> groups = new HashMap<>();
    double sum = 0;
    for (Map.Entry<Long, Sample> e : after.entrySet()) {
      Sample was = before.get(e.getKey());
      long ticks = e.getValue().ticks() - (was == null ? 0 : was.ticks());
      if (ticks <= 0) {
        continue;
      }
      double seconds = (double) ticks / clockTicks;
      groups.merge(group(e.getValue().name()), seconds, Double::sum);
      sum += seconds;
    }
    // a tick of rounding per thread is not an exited thread
    if (processSeconds - sum > (double) Math.max(2, after.size()) / clockTicks) {
      groups.put(EXITED, processSeconds - sum);
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : sorted) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The group of a thread name (Linux keeps the first 15 bytes of it). */
  static String group(String name) {
    if (name.startsWith("C2 CompilerThre")) {
      return C2;
    }
    if (name.startsWith("C1 CompilerThre")) {
      return C1;
    }
    if (name.startsWith("ForkJoinPool-")) {
      return "virtual-thread carriers";
    }
    if (name.startsWith("armeria-common") || name.startsWith("vigil-http-loop")) {
      return "HTTP event loops";
    }
    if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
        || name.startsWith("ZWorker") || name.startsWith("ZDriver")) {
      return GC;
    }
    String stripped = name.replaceAll("[-_ #]*[0-9]+$", "");
    return stripped.isEmpty() ? name : stripped;
  }

  /** The groups that used at least 1 % of {@code total}, as {@code name 1.2 s (34 %), ...}. */
  public static String describe(Map<String, Double> groups, double total) {
    StringBuilder sb = new StringBuilder();
    double rest = 0;
    for (Map.Entry<String, Double> e : groups.entrySet()) {
      double share = total > 0 ? e.getValue() / total : 0;
      if (share < 0.01) {
        rest += e.getValue();
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%s %.1f s (%.0f%%)", e.getKey(), e.getValue(), 100 * share));
    }
    if (rest > 0) {
      sb.append(String.format(Locale.ROOT, "%sother %.1f s", sb.isEmpty() ? "" : ", ", rest));
    }
    return sb.toString();
  }
}
