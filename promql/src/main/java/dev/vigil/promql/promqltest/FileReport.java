package dev.vigil.promql.promqltest;

import java.util.List;

/**
 * What running one script gave. Counts are of {@code eval} commands; a script that cannot be read
 * or a {@code load} the store refuses counts as one failure.
 *
 * @param skippedNativeHistograms evals not run because they load, select or expect native
 *     histograms, which the store cannot hold yet
 * @param skippedStartTimestamps evals not run because they select series loaded with {@code @st}
 *     start timestamps, which the store cannot hold yet
 * @param failures one line per failure: {@code FILE:LINE: <eval line>: <what differed>}
 * @param skipped one line per skipped eval: {@code FILE:LINE: <eval line>: skipped (<why>)}
 */
public record FileReport(
    String file,
    int passed,
    int failed,
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
