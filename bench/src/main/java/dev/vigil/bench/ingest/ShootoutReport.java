package dev.vigil.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders the results: one column per receiver, one row per figure, then Vigil's ratios to each
 * peer; and the same as JSON. A ratio is Vigil's figure divided by the peer's, whatever the
 * direction of "better" (for samples per CPU-second higher is better, for the others lower is).
 */
final class ShootoutReport {
  private record Metric(
      String label, String key, ToDoubleFunction<RunResult> value, String format) {}

  private static final List<Metric> METRICS = List.of(
      new Metric("samples sent", "samples", r -> r.samplesSent(), "%,.0f"),
      new Metric("series expected", "seriesExpected", r -> r.seriesExpected(), "%,.0f"),
      new Metric("series counted", "seriesCounted",
          r -> r.seriesCounted() < 0 ? Double.NaN : r.seriesCounted(), "%,.0f"),
      new Metric("requests rejected (4xx)", "rejected", r -> r.rejected(), "%,.0f"),
      new Metric("requests failed (5xx)", "failed", r -> r.failed(), "%,.0f"),
      new Metric("wall s", "wallSeconds", RunResult::wallSeconds, "%,.1f"),
      new Metric("CPU s (ingest)", "cpuSeconds", RunResult::cpuSeconds, "%,.1f"),
      new Metric("CPU s (ingest + 5 s after)", "settledCpuSeconds",
          RunResult::settledCpuSeconds, "%,.1f"),
      new Metric("CPU s (steady state)", "steadyCpuSeconds", RunResult::steadyCpuSeconds,
          "%,.1f"),
      new Metric("samples / CPU-second", "samplesPerCpuSecond",
          RunResult::samplesPerCpuSecond, "%,.0f"),
      new Metric("samples / CPU-second (steady state)", "steadySamplesPerCpuSecond",
          RunResult::steadySamplesPerCpuSecond, "%,.0f"),
      new Metric("samples / wall-second", "samplesPerWallSecond",
          RunResult::samplesPerWallSecond, "%,.0f"),
      new Metric("RSS MiB (after ingest)", "rssMiB", r -> r.rssBytes() / 1048576.0, "%,.0f"),
      new Metric("peak RSS MiB", "peakRssMiB", r -> r.peakRssBytes() / 1048576.0, "%,.0f"),
      new Metric("RSS bytes / active series", "bytesPerSeries", RunResult::bytesPerSeries, "%,.0f"),
      new Metric("disk bytes (compacted)", "diskBytes", r -> r.diskBytes(), "%,.0f"),
      new Metric("disk bytes / sample", "bytesPerSample", RunResult::bytesPerSample, "%,.2f"),
      new Metric("CPU s (compaction)", "compactCpuSeconds", RunResult::compactCpuSeconds, "%,.1f"));

  /** The metrics whose Vigil/peer ratios are printed and stored. */
  private static final List<String> RATIO_KEYS = List.of("wallSeconds", "cpuSeconds",
      "settledCpuSeconds", "samplesPerCpuSecond", "steadySamplesPerCpuSecond", "rssMiB", "peakRssMiB", "bytesPerSeries",
      "diskBytes", "bytesPerSample");

  private ShootoutReport() {}

  static String table(List<RunResult> results) {
    List<RunResult> ran = results.stream().filter(RunResult::ran).toList();
    List<RunResult> vigil = ran.stream().filter(r -> r.receiver().equals("vigil")).toList();
    List<RunResult> peers = ran.stream().filter(r -> !r.receiver().equals("vigil")).toList();
    List<String> header = new ArrayList<>();
    header.add("");
    ran.forEach(r -> header.add(r.receiver()));
    if (!vigil.isEmpty()) {
      peers.forEach(p -> header.add("vigil/" + p.receiver()));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (Metric m : METRICS) {
      List<String> row = new ArrayList<>();
      row.add(m.label());
      ran.forEach(r -> row.add(format(m.format(), m.value().applyAsDouble(r))));
      if (!vigil.isEmpty()) {
        for (RunResult p : peers) {
          row.add(RATIO_KEYS.contains(m.key())
              ? ratioText(m.value().applyAsDouble(vigil.getFirst()), m.value().applyAsDouble(p))
              : "");
        }
      }
      rows.add(row);
    }
    StringBuilder out = new StringBuilder(ran.isEmpty() ? "" : render(rows));
    for (RunResult r : results) {
      if (!r.ran()) {
        out.append(r.receiver()).append(": not available (").append(r.unavailable()).append(")\n");
      } else {
        out.append(r.receiver()).append(" ").append(r.version()).append(": disk = ")
            .append(r.diskNote()).append("; series count from ").append(r.seriesCountedBy());
        if (r.firstError() != null) {
          out.append("; first error: ").append(r.firstError());
        }
        out.append('\n');
        if (r.seriesCounted() != r.seriesExpected() || r.rejected() + r.failed() > 0) {
          out.append("WARNING: ").append(r.receiver()).append(": ")
              .append(r.seriesCounted() < 0 ? "series could not be counted" : "counted "
                  + r.seriesCounted() + " series")
              .append(" (expected ").append(r.seriesExpected()).append("), ").append(r.rejected())
              .append(" requests rejected, ").append(r.failed()).append(" failed\n");
        }
      }
    }
    return out.toString();
  }

  private static String render(List<List<String>> rows) {
    int cols = rows.getFirst().size();
    int[] width = new int[cols];
    for (List<String> row : rows) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int c = 0; c < cols; c++) {
        String cell = row.get(c);
        out.append(c == 0 ? String.format("%-" + width[c] + "s", cell)
            : String.format("  %" + width[c] + "s", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String format(String format, double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
  }

  private static double ratio(double vigil, double peer) {
    return peer > 0 && Double.isFinite(vigil) ? vigil / peer : Double.NaN;
  }

  private static String ratioText(double vigil, double peer) {
    double r = ratio(vigil, peer);
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
  }

  /** The whole run as JSON: parameters, workload, one object per receiver, Vigil's ratios. */
  static String json(Map<String, Object> parameters, Workload w, List<RunResult> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("parameters", parameters);
    Map<String, Object> workload = new LinkedHashMap<>();
    workload.put("baseSeriesPerTarget", w.baseSeries);
    workload.put("targets", w.targets);
    workload.put("scrapes", w.scrapes);
    workload.put("series", w.series);
    workload.put("samples", w.samples);
    workload.put("requests", w.requests());
    workload.put("firstTimestampMs", w.firstTs);
    workload.put("lastTimestampMs", w.lastTs);
    workload.put("protobufBytes", w.rawBytes);
    workload.put("snappyBytes", w.compressedBytes);
    root.put("workload", workload);
    List<Object> receivers = new ArrayList<>();
    for (RunResult r : results) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("receiver", r.receiver());
      o.put("available", r.ran());
      if (!r.ran()) {
        o.put("unavailable", r.unavailable());
      } else {
        o.put("version", r.version());
        for (Metric m : METRICS) {
          o.put(m.key(), m.value().applyAsDouble(r));
        }
        o.put("retries", r.retries());
        o.put("firstError", r.firstError());
        o.put("seriesCountedBy", r.seriesCountedBy());
        o.put("rssLastBytes", r.rssLastBytes());
        o.put("diskTotalBytes", r.diskTotalBytes());
        o.put("walBytes", r.walBytes());
        o.put("diskNote", r.diskNote());
        o.put("cpuSecondsByThread", r.cpuByThread());
        o.put("steadySamples", r.steadySamples());
        o.put("steadyWallSeconds", r.steadyWallSeconds());
        o.put("steadyCpuSecondsByThread", r.steadyCpuByThread());
      }
      receivers.add(o);
    }
    root.put("receivers", receivers);
    RunResult vigil = results.stream()
        .filter(r -> r.ran() && r.receiver().equals("vigil"))
        .findFirst()
        .orElse(null);
    Map<String, Object> ratios = new LinkedHashMap<>();
    if (vigil != null) {
      for (RunResult p : results) {
        if (p.ran() && p != vigil) {
          Map<String, Object> per = new LinkedHashMap<>();
          for (Metric m : METRICS) {
            if (RATIO_KEYS.contains(m.key())) {
              per.put(m.key(), ratio(m.value().applyAsDouble(vigil), m.value().applyAsDouble(p)));
            }
          }
          ratios.put("vigil/" + p.receiver(), per);
        }
      }
    }
    root.put("ratios", ratios);
    StringBuilder out = new StringBuilder();
    write(out, root, "");
    return out.append('\n').toString();
  }

  static void writeJson(Path file, String json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
  }

  private static void write(StringBuilder out, Object v, String indent) {
    switch (v) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append("{");
        String sep = "\n";
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.append(sep).append(indent).append("  ");
          string(out, e.getKey().toString());
          out.append(": ");
          write(out, e.getValue(), indent + "  ");
          sep = ",\n";
        }
        out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
      }
      case List<?> list -> {
        out.append("[");
        String sep = "\n";
        for (Object e : list) {
          out.append(sep).append(indent).append("  ");
          write(out, e, indent + "  ");
          sep = ",\n";
        }
        out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
      }
      case Double d -> out.append(d.isNaN() || d.isInfinite() ? "null"
          : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
          : String.format(Locale.ROOT, "%.4f", d));
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> string(out, v.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
