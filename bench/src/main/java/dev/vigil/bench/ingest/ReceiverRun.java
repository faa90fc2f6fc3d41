package dev.vigil.bench.ingest;

import dev.vigil.bench.peer.LocalHttp;
import dev.vigil.bench.peer.PeerProcess;
import dev.vigil.bench.peer.ThreadCpu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one receiver through the benchmark: fresh data directory, start, wait until ready, probe
 * the write path, send the workload while reading the process's CPU time, sample its memory, count
 * its series, compact and measure its disk, stop, clean up. Only one receiver runs at a time.
 */
final class ReceiverRun {
  private static final byte[] EMPTY_WRITE_REQUEST = {0}; // snappy block of 0 bytes: no series
  private static final Pattern BUILD_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern APP_VERSION =
      Pattern.compile("vm_app_version\\{[^}]*version=\"([^\"]+)\"");

  private final Workload workload;
  private final Path tmpRoot;
  private final boolean keepData;
  private final long clockTicks;
  private final PrintStream log;

  ReceiverRun(Workload workload, Path tmpRoot, boolean keepData, long clockTicks, PrintStream log) {
    this.workload = workload;
    this.tmpRoot = tmpRoot;
    this.keepData = keepData;
    this.clockTicks = clockTicks;
    this.log = log;
  }

  /** The receiver's CPU time, whole process and per thread, at the steady-state mark. */
  private record CpuMark(double cpuSeconds, Map<Long, ThreadCpu.Sample> threads) {}

  RunResult run(Receiver receiver) throws IOException, InterruptedException {
    String name = receiver.name();
    String why = receiver.unavailable();
    if (why != null) {
      return RunResult.unavailable(name, why);
    }
    Path work = Files.createTempDirectory(tmpRoot, "vigil-ingest-" + name + "-");
    Path data = work.resolve("data");
    Files.createDirectories(data);
    int port = PeerProcess.freePort();
    List<String> command = receiver.command(data, port, work);
    log.printf("%s: starting on 127.0.0.1:%d, data in %s%n", name, port, data);
    try (PeerProcess process =
            PeerProcess.start(name, command, work.resolve(name + ".log"), clockTicks);
        LocalHttp http = new LocalHttp(port)) {
      String notReady = awaitReady(receiver, process, http, Duration.ofMinutes(2));
      if (notReady != null) {
        return RunResult.unavailable(name, notReady);
      }
      LocalHttp.Answer probe =
          http.remoteWrite(receiver.writePath(), EMPTY_WRITE_REQUEST, Duration.ofSeconds(30));
      if (probe.status() == 404 || probe.status() == 405 || probe.status() < 0) {
        return RunResult.unavailable(name, ("POST " + receiver.writePath() + " answered "
            + probe.status() + " " + LocalHttp.abbreviate(probe.body(), 200)).strip());
      }
      String version = version(http, receiver.debianPackage());
      Thread.sleep(2000); // let start-up work settle before the CPU reading
      Map<Long, ThreadCpu.Sample> threads0 = ThreadCpu.read(process.pid());
      double cpu0 = process.cpuSeconds();
      log.printf("%s: ready (%s), sending %,d requests with %d senders%n", name, version,
          workload.requests(), workload.shards.size());
      // the steady-state reading: once the first quarter of the requests is answered (the JVM's
      // warm-up is behind it by then), read the process's and its threads' CPU time again
      AtomicReference<CpuMark> mark = new AtomicReference<>();
      RemoteWriteSender.Outcome sent = RemoteWriteSender.send(http, receiver.writePath(), workload,
          () -> mark.set(new CpuMark(process.cpuSeconds(), ThreadCpu.read(process.pid()))));
      double cpuEnd = process.cpuSeconds();
      Map<Long, ThreadCpu.Sample> threadsEnd = ThreadCpu.read(process.pid());
      double cpu = cpuEnd - cpu0;
      Map<String, Double> byThread = ThreadCpu.byGroup(threads0, threadsEnd, cpu, clockTicks);
      CpuMark m = mark.get();
      double steadyCpu = m == null ? Double.NaN : cpuEnd - m.cpuSeconds();
      Map<String, Double> steadyByThread = m == null ? Map.of()
          : ThreadCpu.byGroup(m.threads(), threadsEnd, steadyCpu, clockTicks);
      log.printf("%s: sent in %.1f s, %.1f CPU s; %d rejected, %d failed, %d retries%s%n", name,
          sent.wallSeconds(), cpu, sent.rejected(), sent.failed(), sent.retries(),
          sent.firstError() == null ? "" : "; first error: " + sent.firstError());
      log.printf("%s: CPU by thread: %s%n", name, ThreadCpu.describe(byThread, cpu));
      log.printf("%s: steady state (last %d %% of requests, %,d samples, %.1f s): %.1f CPU s; by"
              + " thread: %s%n", name, 100 - RemoteWriteSender.MARK_PERCENT,
          sent.samplesAfterMark(), sent.wallSecondsAfterMark(), steadyCpu,
          ThreadCpu.describe(steadyByThread, steadyCpu));
      long rssMax = 0;
      long rssLast = 0;
      for (int i = 0; i < 5; i++) {
        rssLast = process.rssBytes();
        rssMax = Math.max(rssMax, rssLast);
        Thread.sleep(1000);
      }
      long peak = process.peakRssBytes();
      // Receivers that buffer (VictoriaMetrics) finish some of the work after answering.
      double settledCpu = process.cpuSeconds() - cpu0;
      StringBuilder how = new StringBuilder();
      long counted = http.seriesCount(workload.firstTs, workload.lastTs, how);
      log.printf("%s: %,d series counted (%s), %,d expected; compacting%n", name, counted, how,
          workload.series);
      double cpuBefore = process.cpuSeconds();
      Receiver.DiskUsage disk = receiver.compactAndMeasure(http, process, data);
      double compactCpu = process.alive() ? process.cpuSeconds() - cpuBefore : Double.NaN;
      return new RunResult(name, null, version, workload.samples,
          workload.requests(), sent.rejected(), sent.failed(), sent.retries(), sent.firstError(),
          workload.series, counted, how.toString(), sent.wallSeconds(), cpu, settledCpu, rssMax,
          rssLast, peak,
          disk.compactedBytes(), disk.totalBytes(), disk.walBytes(), disk.note(), compactCpu,
          byThread, sent.samplesAfterMark(), sent.wallSecondsAfterMark(), steadyCpu,
          steadyByThread);
    } finally {
      if (!keepData) {
        deleteTree(work);
      } else {
        log.printf("%s: kept %s%n", name, work);
      }
    }
  }

  /** Null once ready; otherwise why not (exited, or no readiness within {@code max}). */
  private static String awaitReady(Receiver receiver, PeerProcess process, LocalHttp http,
      Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    LocalHttp.Answer last = null;
    while (System.nanoTime() < deadline) {
      if (!process.alive()) {
        return "exited during start-up: " + LocalHttp.abbreviate(process.logTail(5), 600);
      }
      last = http.get(receiver.readyPath(), Duration.ofSeconds(5));
      // A server without a readiness path (404) is up once it answers; the write probe decides.
      if (last.ok() || last.status() == 404) {
        return null;
      }
      Thread.sleep(250);
    }
    return "not ready within " + max.toSeconds() + " s (last answer " + (last == null ? "none"
        : last.status() + " " + LocalHttp.abbreviate(last.body(), 200)) + "): "
        + LocalHttp.abbreviate(process.logTail(5), 600);
  }

  /**
   * Prometheus-style build info, else VictoriaMetrics' {@code vm_app_version} metric, else the
   * Debian package's version (Debian's VictoriaMetrics build reports an empty version).
   */
  private static String version(LocalHttp http, String debianPackage) {
    LocalHttp.Answer a = http.get("/api/v1/status/buildinfo", Duration.ofSeconds(10));
    Matcher m = BUILD_VERSION.matcher(a.ok() ? a.body() : "");
    if (m.find()) {
      return m.group(1);
    }
    LocalHttp.Answer metrics = http.get("/metrics", Duration.ofSeconds(10));
    m = APP_VERSION.matcher(metrics.ok() ? metrics.body() : "");
    if (m.find() && !m.group(1).isEmpty()) {
      return m.group(1);
    }
    if (debianPackage != null) {
      try {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", debianPackage)
            .redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() == 0 && !v.isEmpty()) {
          return v + " (Debian)";
        }
      } catch (IOException e) {
        // no dpkg: the version stays unknown
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return "unknown";
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
