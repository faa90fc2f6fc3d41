package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.Annotations;
import dev.vigil.promql.engine.EvalContext;
import dev.vigil.promql.engine.StepGrid;
import dev.vigil.promql.engine.StepSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max}, {@code group}, {@code
 * stddev} or {@code stdvar} that folds its input series one by one as they are evaluated, instead
 * of over the whole input vector at the end: the input never exists as a whole, and each input
 * series can be reused for the next as soon as it is folded. Each group folds its members in
 * input order, as {@link Aggregations#aggregate} and Prometheus do, so float results are
 * bit-identical; groups come out in order of first appearance. A group's first member is kept
 * until a second one arrives (a group of one is rewritten in place, as in the batch path);
 * series the stream no longer reads go to the {@code release} callback.
 *
 * <p>Annotations from folding are buffered and added to the query's after the input's own, as
 * when the input is evaluated in full first. Not thread-safe: one query's thread feeds it.
 */
public final class AggregationStream {
  private final SimpleAggregation agg;
  private final Grouping grouping;
  private final EvalContext ctx;
  private final Consumer<StepSeries> release;
  private final Map<Labels, Group> groups = new LinkedHashMap<>();
  /** The same groups by {@link Grouping#valuesKey}. */
  private final Map<Object, Group> byValues = new HashMap<>();
  private final Annotations notes = new Annotations();

  /** A group's first member until a second arrives, then its fold. */
  private static final class Group {
    StepSeries first;
    SimpleAggregation.Fold fold;
  }

  private AggregationStream(
      Expr.AggregateExpr e, StepGrid grid, EvalContext ctx, Consumer<StepSeries> release) {
    this.agg = new SimpleAggregation(e, grid.count(), ctx);
    this.grouping = new Grouping(e.grouping(), e.without());
    this.ctx = ctx;
    this.release = release;
    agg.bufferAnnotations(notes);
  }

  /** Whether {@code e} can be folded series by series (its operator takes no parameter). */
  public static boolean supports(Expr.AggregateExpr e) {
    return switch (e.op()) {
      case SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR -> e.param() == null;
      default -> false;
    };
  }

  /**
   * @param release receives input series the stream will not read again
   * @throws IllegalArgumentException when {@link #supports} says no
   */
  public static AggregationStream of(
      Expr.AggregateExpr e, StepGrid grid, EvalContext ctx, Consumer<StepSeries> release) {
    if (!supports(e)) {
      throw new IllegalArgumentException("cannot stream aggregation " + e.op().text());
    }
    return new AggregationStream(e, grid, ctx, release);
  }

  /** Folds the next input series (in input order); the stream owns it from now on. */
  public void accept(StepSeries s) {
    Group g = group(s.labels);
    if (g.first == null && g.fold == null) {
      g.first = s; // the group's first member
      return;
    }
    if (g.fold == null) {
      g.fold = agg.new Fold();
      g.fold.member(g.first);
      release.accept(g.first);
      g.first = null;
    }
    g.fold.member(s);
    release.accept(s);
  }

  /**
   * The group of a series with labels {@code l}, new or not: found by the values of the {@code by}
   * labels where the grouping has them (a lookup by one or a few strings), else by the group's
   * label set, which has to be built and hashed for every series.
   */
  private Group group(Labels l) {
    Object k = grouping.valuesKey(l);
    if (k == null) {
      return groups.computeIfAbsent(grouping.groupLabels(l), x -> new Group());
    }
    Group g = byValues.get(k);
    if (g == null) {
      g = groups.computeIfAbsent(grouping.groupLabels(l), x -> new Group());
      byValues.put(k, g);
    }
    return g;
  }

  /** The result: one series per group with a sample, groups in order of first appearance. */
  public List<StepSeries> finish() {
    for (String w : notes.warnings()) {
      ctx.annotations().warn(w);
    }
    for (String i : notes.infos()) {
      ctx.annotations().info(i);
    }
    agg.restoreAnnotations();
    List<StepSeries> result = new ArrayList<>(groups.size());
    for (Map.Entry<Labels, Group> e : groups.entrySet()) {
      ctx.checkCancelled();
      Group g = e.getValue();
      StepSeries out;
      if (g.fold != null) {
        out = g.fold.result(e.getKey());
      } else if (g.first.histograms == null) {
        out = agg.single(e.getKey(), g.first);
      } else {
        SimpleAggregation.Fold f = agg.new Fold();
        f.member(g.first);
        out = f.result(e.getKey());
      }
      if (!out.isEmpty()) {
        result.add(out);
      }
    }
    return result;
  }
}
