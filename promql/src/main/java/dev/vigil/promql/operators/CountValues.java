package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.StepSeries;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code count_values("label", v)}: counts the samples of each distinct value per group, the value
 * (formatted as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, or the histogram's text form)
 * becoming a label. Values change from step to step, so the result series are keyed per sample;
 * the label set of a series is reused while its value does not change.
 */
final class CountValues {
  private CountValues() {}

  static List<StepSeries> run(Expr.AggregateExpr e, List<StepSeries> input, String label,
      int steps, EvalContext ctx) {
    if (!validLabelName(label)) {
      throw new PromqlException(ErrorType.EXECUTION, "invalid label name " + goQuote(label));
    }
    List<String> grouping = new ArrayList<>(e.grouping());
    if (!e.without()) {
      grouping.add(label);
    }
    Grouping g = new Grouping(grouping, e.without());
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    for (StepSeries s : input) {
      ctx.checkCancelled();
      long lastBits = 0;
      Labels lastKey = null;
      for (int i = 0; i < steps; i++) {
        if (!s.has(i)) {
          continue;
        }
        Labels key;
        if (s.isHistogram(i)) {
          key = g.groupLabels(s.labels.with(label, HistogramText.format(s.histograms[i])));
          lastKey = null;
        } else {
          long bits = Double.doubleToRawLongBits(s.values[i]);
          if (lastKey == null || bits != lastBits) {
            lastKey = g.groupLabels(s.labels.with(label, GoFloats.formatPlain(s.values[i])));
            lastBits = bits;
          }
          key = lastKey;
        }
        StepSeries o = out.computeIfAbsent(key, k -> new StepSeries(k, steps));
        o.set(i, o.has(i) ? o.values[i] + 1 : 1);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** A valid UTF-8 label name is non-empty; the parser turns invalid bytes into lone surrogates. */
  static boolean validLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code %q}: invalid bytes (carried as U+DC80+b) print as {@code \xNN}. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF) {
        sb.append(String.format("\\x%02x", c - 0xDC00));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
