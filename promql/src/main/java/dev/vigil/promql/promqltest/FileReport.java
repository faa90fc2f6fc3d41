package dev.vigil.promql.promqltest;

import java.util.List;

/**
 * What running one script gave. Counts are of {@code eval} commands; a script that cannot be read
 * or a {@code load} the store refuses counts as one failure.
 *
 * @param failed failed evals, including {@code failedNativeHistograms}
 * @param failedNativeHistograms failed evals that select or expect native histograms
 * @param skippedNativeHistograms evals not run because they select or expect native histograms
 *     and the runner was told not to load them
 * @param skippedStartTimestamps evals not run because they select series loaded with {@code @st}
 *     start timestamps and the runner was told not to load them
 * @param failures one line per failure: {@code FILE:LINE: <eval line>: <what differed>}
 * @param skipped one line per skipped eval: {@code FILE:LINE: <eval line>: skipped (<why>)}
 */
public record FileReport(
    String file,
    int passed,
    int failed,
    int failedNativeHistograms,
    int skippedNativeHistograms,
    int skippedStartTimestamps,
    List<String> failures,
    List<String> skipped) {
  public FileReport {
    failures = List.copyOf(failures);
    skipped = List.copyOf(skipped);
  }

  public int total() {
    return passed + failed + skippedNativeHistograms + skippedStartTimestamps;
  }
}
