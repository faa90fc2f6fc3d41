package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;

/**
 * Which native histogram with custom buckets {@code load_with_nhcb} derives from a classic
 * histogram series: {@code x_bucket{le="..."}}, {@code x_count} and {@code x_sum} all feed the
 * series {@code x} (without {@code le}). A bucket series whose {@code le} is missing is an error
 * in Prometheus; one whose {@code le} is not a number (or NaN) is ignored.
 */
final class NhcbSeries {
  private NhcbSeries() {}

  /** The derived series' labels, or null when {@code series} is not part of a classic histogram. */
  static Labels baseOf(Labels series) {
    String name = series.metricName();
    String base;
    if (name.endsWith("_bucket")) {
      String le = series.get("le");
      if (le == null || le.isEmpty()) {
        throw new ScriptException(0, "expected bucket label in metric " + series);
      }
      try {
        if (Double.isNaN(GoSyntax.parseFloat(le))) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
      base = name.substring(0, name.length() - "_bucket".length());
    } else if (name.endsWith("_count")) {
      base = name.substring(0, name.length() - "_count".length());
    } else if (name.endsWith("_sum")) {
      base = name.substring(0, name.length() - "_sum".length());
    } else {
      return null;
    }
    return series.toBuilder().delete("le").set(Labels.METRIC_NAME, base).build();
  }
}
