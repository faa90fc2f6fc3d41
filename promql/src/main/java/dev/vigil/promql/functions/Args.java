package dev.vigil.promql.functions;

import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.SeriesMerge;
import dev.vigil.promql.engine.StepSeries;
import java.util.List;

/** Typed access to evaluated function arguments and the name-dropping rule. Stateless. */
final class Args {
  private Args() {}

  @SuppressWarnings("unchecked")
  static List<StepSeries> vector(List<Object> args, int i) {
    return (List<StepSeries>) args.get(i);
  }

  static double[] scalar(List<Object> args, int i) {
    return (double[]) args.get(i);
  }

  static String string(List<Object> args, int i) {
    return (String) args.get(i);
  }

  /**
   * A function's result no longer is the named metric: the name (and the type and unit metadata
   * labels) go now, or at the end of evaluation with delayed name removal.
   */
  static void dropName(StepSeries s, EvalContext ctx) {
    s.dropName = true;
    if (!ctx.options().delayedNameRemoval()) {
      s.labels = withoutMetadata(s.labels);
    }
  }

  static Labels withoutMetadata(Labels l) {
    if (!l.has(Labels.METRIC_NAME) && !l.has("__type__") && !l.has("__unit__")) {
      return l;
    }
    return l.without(Labels.METRIC_NAME, "__type__", "__unit__");
  }

  /**
   * The result of a function that dropped names: empty series go, and without delayed name
   * removal series that now collide are merged (or the query fails, see {@link SeriesMerge}).
   */
  static List<StepSeries> finish(List<StepSeries> out, EvalContext ctx) {
    if (ctx.options().delayedNameRemoval()) {
      return SeriesMerge.withoutEmpty(out);
    }
    return SeriesMerge.sameLabels(SeriesMerge.withoutEmpty(out));
  }
}
