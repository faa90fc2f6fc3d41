package dev.vigil.bench.ingest;

import java.util.Map;

/**
 * The measurements of one receiver, or why it did not run ({@code unavailable} non-null, every
 * figure 0). Times in seconds, memory and disk in bytes. {@code cpuByThread} splits the ingest CPU
 * time by thread group ({@link dev.vigil.bench.peer.ThreadCpu}), largest first. The
 * {@code steady*} figures cover only the requests after the first
 * {@value RemoteWriteSender#MARK_PERCENT} % (the samples they carry, the wall and CPU time from
 * that point to the last answer, and that CPU time by thread group): a long-running receiver's
 * cost, without a JVM's one-time warm-up.
 */
record RunResult(
    String receiver,
    String unavailable,
    String version,
    long samplesSent,
    long requests,
    long rejected,
    long failed,
    long retries,
    String firstError,
    long seriesExpected,
    long seriesCounted,
    String seriesCountedBy,
    double wallSeconds,
    double cpuSeconds,
    double settledCpuSeconds,
    long rssBytes,
    long rssLastBytes,
    long peakRssBytes,
    long diskBytes,
    long diskTotalBytes,
    long walBytes,
    String diskNote,
    double compactCpuSeconds,
    Map<String, Double> cpuByThread,
    long steadySamples,
    double steadyWallSeconds,
    double steadyCpuSeconds,
    Map<String, Double> steadyCpuByThread) {

  static RunResult unavailable(String receiver, String why) {
    return new RunResult(receiver, why, "", 0, 0, 0, 0, 0, null, 0, 0, "", 0, 0, 0, 0, 0, 0, 0,
        0, 0, "", 0, Map.of(), 0, 0, 0, Map.of());
  }

  boolean ran() {
    return unavailable == null;
  }

  double samplesPerCpuSecond() {
    return cpuSeconds > 0 ? samplesSent / cpuSeconds : 0;
  }

  /** Samples per CPU-second over the requests after the mark: NaN when there was no mark. */
  double steadySamplesPerCpuSecond() {
    return steadyCpuSeconds > 0 ? steadySamples / steadyCpuSeconds : Double.NaN;
  }

  double samplesPerWallSecond() {
    return wallSeconds > 0 ? samplesSent / wallSeconds : 0;
  }

  double bytesPerSeries() {
    return seriesExpected > 0 ? (double) rssBytes / seriesExpected : 0;
  }

  double bytesPerSample() {
    return samplesSent > 0 ? (double) diskBytes / samplesSent : 0;
  }
}
