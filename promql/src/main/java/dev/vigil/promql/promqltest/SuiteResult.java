package dev.vigil.promql.promqltest;

import java.io.PrintWriter;
import java.util.List;

/** The reports of several scripts and their totals. */
public record SuiteResult(List<FileReport> files) {
  public SuiteResult {
    files = List.copyOf(files);
  }

  public int passed() {
    return files.stream().mapToInt(FileReport::passed).sum();
  }

  public int failed() {
    return files.stream().mapToInt(FileReport::failed).sum();
  }

  public int failedNativeHistograms() {
    return files.stream().mapToInt(FileReport::failedNativeHistograms).sum();
  }

  public int skippedNativeHistograms() {
    return files.stream().mapToInt(FileReport::skippedNativeHistograms).sum();
  }

  public int skippedStartTimestamps() {
    return files.stream().mapToInt(FileReport::skippedStartTimestamps).sum();
  }

  /**
   * Prints every failure line, how many failures involve native histograms and the skipped
   * counts (when any), and the closing line {@code N passed, N failed}.
   */
  public void print(PrintWriter out) {
    print(out, false);
  }

  /** As {@link #print(PrintWriter)}, listing each skipped eval first when {@code showSkipped}. */
  public void print(PrintWriter out, boolean showSkipped) {
    for (FileReport f : files) {
      if (showSkipped) {
        f.skipped().forEach(out::println);
      }
      f.failures().forEach(out::println);
    }
    if (failedNativeHistograms() > 0) {
      out.println(failedNativeHistograms() + " of the failed involve native histograms");
    }
    if (skippedNativeHistograms() > 0) {
      out.println(skippedNativeHistograms() + " skipped (native histograms)");
    }
    if (skippedStartTimestamps() > 0) {
      out.println(skippedStartTimestamps() + " skipped (start timestamps)");
    }
    out.println(passed() + " passed, " + failed() + " failed");
    out.flush();
  }
}
