package dev.vigil.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process the benchmark started (a receiver or node_exporter), with its output in a log
 * file and its resource use read from {@code /proc/<pid>}. Stopping sends SIGTERM, waits, and only
 * then kills. Not thread-safe; {@link #stop} may be called more than once.
 */
public final class PeerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final long clockTicks;

  private PeerProcess(String name, Process process, Path log, long clockTicks) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.clockTicks = clockTicks;
  }

  public static PeerProcess start(String name, List<String> command, Path log, long clockTicks) {
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      return new PeerProcess(name, p, log, clockTicks);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /** Clock ticks per second, as {@code getconf CLK_TCK} reports (100 on Linux when unknown). */
  public static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** User plus system CPU seconds the process has used so far (fields 14 and 15 of stat). */
  public double cpuSeconds() {
    String[] f = statFields();
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return (double) ticks / clockTicks;
  }

  /**
   * Page faults so far, {minor, major} (fields 10 and 12 of stat): major faults read a page from
   * disk, e.g. a memory-mapped block file the kernel had evicted from the page cache.
   */
  public long[] pageFaults() {
    String[] f = statFields();
    return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])};
  }

  /** The fields of {@code /proc/<pid>/stat} from field 3 (state) on: index i is field i + 3. */
  private String[] statFields() {
    String stat = read("stat");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** Resident set size now (VmRSS), in bytes. */
  public long rssBytes() {
    return statusKb("VmRSS:") * 1024;
  }

  /** Peak resident set size so far (VmHWM), in bytes. */
  public long peakRssBytes() {
    return statusKb("VmHWM:") * 1024;
  }

  private long statusKb(String key) {
    for (String line : read("status").split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no " + key + " in /proc/" + pid() + "/status of " + name);
  }

  private String read(String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid()), file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid() + "/" + file + " of " + name
          + " (exited: " + !alive() + ")", e);
    }
  }

  /** The last lines of the process's output, for error messages. */
  public String logTail(int lines) {
    try (Stream<String> s = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> all = s.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then up to {@code graceSeconds} for a clean exit, then SIGKILL. */
  public boolean stop(int graceSeconds) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    try {
      if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public void close() {
    stop(30);
  }
}
