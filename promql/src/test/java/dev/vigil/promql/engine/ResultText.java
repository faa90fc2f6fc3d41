package dev.vigil.promql.engine;

/** Renders a query result bit for bit, so that tests can compare two evaluations as text. */
final class ResultText {
  private ResultText() {}

  /** Every value bit, label, annotation and statistic of a result, as text. */
  static String render(QueryResult r) {
    StringBuilder b = new StringBuilder();
    switch (r.value()) {
      case Value.Matrix m -> {
        for (Value.SeriesPoints s : m.series()) {
          b.append(s.labels()).append(':');
          for (int i = 0; i < s.fts().length; i++) {
            b.append(s.fts()[i]).append('=')
                .append(Long.toHexString(Double.doubleToRawLongBits(s.fvs()[i]))).append(',');
          }
          b.append('\n');
        }
      }
      case Value.Vector v -> {
        for (Value.Sample s : v.samples()) {
          b.append(s.labels()).append(s.t()).append('=')
              .append(Long.toHexString(Double.doubleToRawLongBits(s.f()))).append('\n');
        }
      }
      default -> b.append(r.value());
    }
    b.append("warnings ").append(r.warnings()).append("\ninfos ").append(r.infos());
    QueryStats st = r.stats();
    b.append("\nstats ").append(st.totalQueryableSamples()).append(' ').append(st.peakSamples())
        .append(' ').append(st.perStepSamples() == null ? "-"
            : java.util.Arrays.toString(st.perStepSamples()));
    return b.toString();
  }
}
