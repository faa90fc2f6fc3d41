package dev.vigil.promql.operators;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test notation for step series: {@code s("a{x=\"1\"}", "1 _ 3")}, and a sorted dump. */
final class Vec {
  private Vec() {}

  static final PosRange POS = PosRange.NONE;

  static EvalContext ctx() {
    return new EvalContext("", EngineOptions.DEFAULT, () -> false);
  }

  static EvalContext delayedCtx() {
    EngineOptions d = EngineOptions.DEFAULT;
    return new EvalContext("", new EngineOptions(d.lookbackDeltaMs(), d.maxSamples(), d.timeout(),
        d.maxConcurrent(), d.defaultSubqueryStepMs(), d.parser(), true), () -> false);
  }

  /** Parses {@code name{a="b", c="d"}} (no escapes). */
  static Labels labels(String text) {
    String name = text.contains("{") ? text.substring(0, text.indexOf('{')) : text;
    List<String> kv = new ArrayList<>();
    if (!name.isEmpty()) {
      kv.add(Labels.METRIC_NAME);
      kv.add(name);
    }
    if (text.contains("{")) {
      String body = text.substring(text.indexOf('{') + 1, text.lastIndexOf('}')).trim();
      if (!body.isEmpty()) {
        for (String pair : body.split(",")) {
          String[] p = pair.split("=", 2);
          kv.add(p[0].trim());
          kv.add(p[1].trim().replace("\"", ""));
        }
      }
    }
    return Labels.of(kv.toArray(new String[0]));
  }

  /** Values separated by spaces, {@code _} for no sample, {@code h} for a small histogram. */
  static StepSeries s(String labels, String values) {
    String[] v = values.trim().split("\\s+");
    StepSeries s = new StepSeries(labels(labels), v.length);
    for (int i = 0; i < v.length; i++) {
      switch (v[i]) {
        case "_" -> { }
        case "h" -> s.setHistogram(i, histogram(10, 5));
        default -> s.set(i, Double.parseDouble(v[i].replace("Inf", "Infinity")));
      }
    }
    return s;
  }

  static FloatHistogram histogram(double count, double sum) {
    return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 0, count, sum,
        new int[] {0, 2}, new double[] {count / 2, count / 2}, new int[0], new double[0], null);
  }

  static List<StepSeries> list(StepSeries... s) {
    return new ArrayList<>(List.of(s));
  }

  /** One line per series, sorted: {@code {a="b"} 1 _ 3}, with {@code !} for dropName. */
  static String dump(List<StepSeries> series) {
    List<String> lines = new ArrayList<>();
    for (StepSeries s : series) {
      StringBuilder sb = new StringBuilder(SeriesLabels.format(s.labels));
      if (s.dropName) {
        sb.append('!');
      }
      for (int i = 0; i < s.steps(); i++) {
        sb.append(' ');
        if (!s.has(i)) {
          sb.append('_');
        } else if (s.isHistogram(i)) {
          sb.append("h").append(GoFloats.formatG(s.histograms[i].count()));
        } else {
          sb.append(GoFloats.formatG(s.values[i]));
        }
      }
      lines.add(sb.toString());
    }
    lines.sort(Comparator.naturalOrder());
    return String.join("\n", lines);
  }

  /** Like {@link #dump} but in result order. */
  static String dumpOrdered(List<StepSeries> series) {
    List<String> lines = new ArrayList<>();
    for (StepSeries s : series) {
      lines.add(dump(List.of(s)));
    }
    return String.join("\n", lines);
  }
}
