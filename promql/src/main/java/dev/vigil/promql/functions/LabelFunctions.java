package dev.vigil.promql.functions;

import dev.vigil.model.GoRegexp;
import dev.vigil.model.LabelNames;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.SeriesMerge;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code label_replace} and {@code label_join}: they rewrite each series' labels once (labels do
 * not change between steps) and keep values and the metric name. Series that end up with equal
 * labels are merged, or fail the query where they overlap. Stateless.
 */
final class LabelFunctions {
  private LabelFunctions() {}

  /** label_replace(v, dst, replacement, src, regex): regex anchored at both ends. */
  static final VectorFunction LABEL_REPLACE = (call, args, grid, ctx) -> {
    List<StepSeries> in = Args.vector(args, 0);
    String dst = Args.string(args, 1);
    String repl = Args.string(args, 2);
    String src = Args.string(args, 3);
    String regex = Args.string(args, 4);
    Pattern p;
    try {
      p = GoRegexp.compileAnchored("(?s:" + regex + ")");
    } catch (IllegalArgumentException e) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid regular expression in label_replace(): " + regex);
    }
    if (!LabelNames.isValidLabelName(dst)) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid destination label name in label_replace(): " + dst);
    }
    Matcher m = p.matcher("");
    for (StepSeries s : in) {
      String value = s.labels.get(src);
      if (value == null) {
        value = "";
      }
      m.reset(value);
      if (!m.matches()) {
        continue; // no match: the series stays as it was
      }
      s.labels = s.labels.with(dst, GoRegexp.expand(repl, m, value));
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
    return SeriesMerge.sameLabels(SeriesMerge.withoutEmpty(in));
  };

  /** label_join(v, dst, separator, src...). */
  static final VectorFunction LABEL_JOIN = (call, args, grid, ctx) -> {
    List<StepSeries> in = Args.vector(args, 0);
    String dst = Args.string(args, 1);
    String sep = Args.string(args, 2);
    String[] srcs = new String[args.size() - 3];
    for (int i = 3; i < args.size(); i++) {
      String src = Args.string(args, i);
      if (!LabelNames.isValidLabelName(src)) {
        throw new PromqlException(ErrorType.EXECUTION,
            "invalid source label name in label_join(): " + src);
      }
      srcs[i - 3] = src;
    }
    if (!LabelNames.isValidLabelName(dst)) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid destination label name in label_join(): " + dst);
    }
    StringBuilder sb = new StringBuilder();
    for (StepSeries s : in) {
      sb.setLength(0);
      for (int i = 0; i < srcs.length; i++) {
        if (i > 0) {
          sb.append(sep);
        }
        String v = s.labels.get(srcs[i]);
        if (v != null) {
          sb.append(v);
        }
      }
      s.labels = s.labels.with(dst, sb.toString());
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
    return SeriesMerge.sameLabels(SeriesMerge.withoutEmpty(in));
  };
}
