package dev.vigil.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link QueryReport#seriesCheck}: agreement, MetricsQL notes and PromQL warnings. */
class QueryReportTest {
  /** Every query of the set with 20 series, except those in {@code odd} ("name kind"). */
  private static List<QueryTiming> timings(Map<String, Integer> odd) {
    List<QueryTiming> out = new ArrayList<>();
    for (QuerySet.Query q : QuerySet.QUERIES) {
      for (String kind : List.of("instant", "range")) {
        int n = odd.getOrDefault(q.name() + " " + kind, 20);
        out.add(new QueryTiming(q.name(), kind, new double[] {1}, 1, 0, n, null));
      }
    }
    return out;
  }

  @Test
  void agreementIsOneLine() {
    Map<String, List<QueryTiming>> r = new LinkedHashMap<>();
    r.put("prometheus", timings(Map.of()));
    r.put("vigil", timings(Map.of()));
    assertThat(QueryReport.seriesCheck(r))
        .isEqualTo("series counts: the stores agree on 20 of 20 queries\n");
  }

  @Test
  void victoriaMetricsAloneDifferingIsANoteAndPromqlStoresDifferingAWarning() {
    Map<String, List<QueryTiming>> r = new LinkedHashMap<>();
    r.put("prometheus", timings(Map.of("topk-rate range", 146)));
    r.put("victoria-metrics", timings(Map.of("topk-rate range", 136)));
    r.put("vigil", timings(Map.of("topk-rate range", 146, "raw-selector instant", 7)));
    String check = QueryReport.seriesCheck(r);
    assertThat(check).startsWith("series counts: the stores agree on 18 of 20 queries\n")
        .contains("note: topk-rate range returned different series counts: prometheus 146,"
            + " victoria-metrics 136, vigil 146 (MetricsQL's rate)")
        .contains("WARNING: raw-selector instant returned different series counts");
    assertThat(check).doesNotContain("WARNING: topk-rate");
  }
}
