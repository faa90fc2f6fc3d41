package dev.vigil.bench.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The query benchmark's tables (per store and Vigil's ratios) and its JSON. */
final class QueryReport {
  private QueryReport() {}

  /** Median wall milliseconds per query. */
  static String table(Map<String, List<QueryTiming>> results) {
    return table(results, "ms", QueryTiming::median);
  }

  /**
   * Server CPU milliseconds per query run: robust to other load on a shared machine (waiting for
   * a core is not counted), but coarse (clock ticks, usually 10 ms, over all timed runs) and it
   * counts the server's background threads (garbage collection, a JVM's compiler) too.
   */
  static String cpuTable(Map<String, List<QueryTiming>> results) {
    return table(results, "cpu ms", QueryTiming::cpuMillis, true);
  }

  /**
   * One column per store, then Vigil's ratio to each peer; with {@code jit}, a last column with
   * the part of Vigil's figure its JIT compiler threads took (C2 + C1), so compiling shows apart
   * from evaluating.
   */
  private static String table(Map<String, List<QueryTiming>> results, String unit,
      ToDoubleFunction<QueryTiming> metric) {
    return table(results, unit, metric, false);
  }

  private static String table(Map<String, List<QueryTiming>> results, String unit,
      ToDoubleFunction<QueryTiming> metric, boolean jit) {
    List<String> stores = new ArrayList<>(results.keySet());
    List<List<String>> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("query", "kind"));
    for (String s : stores) {
      head.add(s + " " + unit);
    }
    boolean vigil = stores.contains("vigil");
    for (String s : stores) {
      if (vigil && !s.equals("vigil")) {
        head.add("vigil/" + s);
      }
    }
    boolean jitColumn = jit && vigil;
    if (jitColumn) {
      head.add("vigil C2+C1 ms");
    }
    rows.add(head);
    StringBuilder failures = new StringBuilder();
    for (QuerySet.Query q : QuerySet.QUERIES) {
      for (String kind : List.of("instant", "range")) {
        List<String> row = new ArrayList<>(List.of(q.name(), kind));
        for (String s : stores) {
          QueryTiming t = find(results.get(s), q.name(), kind, failures, s);
          row.add(t == null ? "-" : String.format(Locale.ROOT, "%.2f", metric.applyAsDouble(t)));
        }
        QueryTiming v = vigil ? find(results.get("vigil"), q.name(), kind, null, null) : null;
        for (String s : stores) {
          if (vigil && !s.equals("vigil")) {
            QueryTiming p = find(results.get(s), q.name(), kind, null, null);
            row.add(v == null || p == null ? "-"
                : String.format(Locale.ROOT, "%.2fx",
                    metric.applyAsDouble(v) / metric.applyAsDouble(p)));
          }
        }
        if (jitColumn) {
          row.add(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v.jitCpuMillis()));
        }
        rows.add(row);
      }
    }
    return render(rows) + failures;
  }

  /**
   * Whether the stores answered every query with the same number of series: one line saying so,
   * otherwise one line per query whose counts differ. A {@code note:} when only
   * VictoriaMetrics differs: MetricsQL's {@code rate} and {@code increase} also use the last
   * sample before the window and do not extrapolate, so where a series' rank or a threshold is a
   * near tie ({@code topk}, {@code > 20}) it may pick other series than PromQL. A
   * {@code WARNING:} when PromQL stores differ among themselves: their timings then compare
   * different work. Stores or queries that failed are left out.
   */
  static String seriesCheck(Map<String, List<QueryTiming>> results) {
    StringBuilder out = new StringBuilder();
    int compared = 0;
    int agreed = 0;
    for (QuerySet.Query q : QuerySet.QUERIES) {
      for (String kind : List.of("instant", "range")) {
        StringBuilder counts = new StringBuilder();
        Set<Integer> all = new HashSet<>();
        Set<Integer> promql = new HashSet<>();
        for (Map.Entry<String, List<QueryTiming>> e : results.entrySet()) {
          QueryTiming t = find(e.getValue(), q.name(), kind, null, null);
          if (t == null) {
            continue;
          }
          counts.append(counts.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
              .append(t.seriesReturned());
          all.add(t.seriesReturned());
          if (!e.getKey().equals("victoria-metrics")) {
            promql.add(t.seriesReturned());
          }
        }
        if (counts.indexOf(",") < 0) {
          continue; // fewer than two stores answered
        }
        compared++;
        if (all.size() == 1) {
          agreed++;
        } else {
          out.append(promql.size() <= 1 ? "note: " : "WARNING: ").append(q.name()).append(' ')
              .append(kind).append(" returned different series counts: ").append(counts)
              .append(promql.size() <= 1 ? " (MetricsQL's rate)" : "").append('\n');
        }
      }
    }
    if (compared > 0) {
      out.insert(0, "series counts: the stores agree on " + agreed + " of " + compared
          + " queries\n");
    }
    return out.toString();
  }

  /** The timing of one query on one store; failures are noted once in {@code failures}. */
  private static QueryTiming find(List<QueryTiming> timings, String query, String kind,
      StringBuilder failures, String store) {
    for (QueryTiming t : timings) {
      boolean all = t.query().equals("*");
      if (all || (t.query().equals(query) && t.kind().equals(kind))) {
        if (!t.ok()) {
          if (failures != null && (!all || query.equals(QuerySet.QUERIES.get(0).name())
              && kind.equals("instant"))) {
            failures.append(store).append(": ").append(all ? "" : query + " " + kind + ": ")
                .append(t.error()).append('\n');
          }
          return null;
        }
        return t;
      }
    }
    return null;
  }

  private static String render(List<List<String>> rows) {
    int cols = rows.get(0).size();
    int[] width = new int[cols];
    for (List<String> r : rows) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> r : rows) {
      for (int c = 0; c < cols; c++) {
        String cell = r.get(c);
        out.append(c < 2 ? String.format("%-" + width[c] + "s", cell)
            : String.format("%" + width[c] + "s", cell));
        out.append(c + 1 < cols ? "  " : "\n");
      }
    }
    return out.toString();
  }

  static String json(QueryData data, List<String> stores, Map<String, List<QueryTiming>> results) {
    StringBuilder out = new StringBuilder("{\n  \"series\": ").append(data.series)
        .append(",\n  \"samples\": ").append(data.samples)
        .append(",\n  \"stores\": [");
    for (int i = 0; i < stores.size(); i++) {
      out.append(i == 0 ? "\"" : ", \"").append(stores.get(i)).append('"');
    }
    out.append("],\n  \"timings\": [");
    String sep = "\n";
    for (Map.Entry<String, List<QueryTiming>> e : results.entrySet()) {
      for (QueryTiming t : e.getValue()) {
        out.append(sep).append("    {\"store\": \"").append(e.getKey())
            .append("\", \"query\": \"").append(t.query()).append("\", \"kind\": \"")
            .append(t.kind()).append('"');
        if (t.ok()) {
          out.append(String.format(Locale.ROOT,
              ", \"medianMs\": %.3f, \"cpuMsPerRun\": %.3f, \"jitCpuMsPerRun\": %.3f,"
                  + " \"series\": %d",
              t.median(), t.cpuMillis(), t.jitCpuMillis(), t.seriesReturned()));
        } else {
          out.append(", \"error\": \"").append(t.error().replace("\\", "\\\\")
              .replace("\"", "\\\"").replace("\n", " ")).append('"');
        }
        out.append('}');
        sep = ",\n";
      }
    }
    return out.append("\n  ]\n}\n").toString();
  }
}
