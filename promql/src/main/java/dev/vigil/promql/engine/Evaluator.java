package dev.vigil.promql.engine;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.functions.RangeFunction;
import dev.vigil.promql.functions.RangeFunctions;
import dev.vigil.promql.functions.VectorFunction;
import dev.vigil.promql.functions.VectorFunctions;
import dev.vigil.promql.operators.AggregationStream;
import dev.vigil.promql.operators.Aggregations;
import dev.vigil.promql.operators.BinaryOperators;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Evaluates a preprocessed expression over a {@link StepGrid}, one node at a time and each node
 * over all steps at once. An instant vector evaluates to a {@code List<StepSeries>}, a scalar to
 * a {@code double[]} (one value per step), a string to a {@code String} and a range vector (only
 * at the top of an instant query) to a {@code List<Value.SeriesPoints>}.
 *
 * <p>Step-invariant subtrees (literals, selectors with {@code @}, and what is built only from
 * them) are evaluated once, at the grid's first step, and copied to every step, as Prometheus's
 * {@code StepInvariantExpr} does. Samples held are accounted in the {@link EvalContext} after
 * every node: a node's output replaces the inputs it consumed. One evaluator serves one query on
 * one thread; the per-series work of selectors and range functions may be shared with helper
 * threads ({@link SeriesFanOut}), which see the evaluator's fields only as read-only.
 */
final class Evaluator {
  /** Functions whose result depends on the step even when their arguments do not. */
  private static final Set<String> AT_MODIFIER_UNSAFE = Set.of(
      "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month",
      "year", "predict_linear", "time", "timestamp");

  final EvalContext ctx;
  final long lookbackMs;
  final long defaultSubqueryStepMs;
  final boolean delayedNameRemoval;
  /** Helper threads for wide nodes, or null to evaluate everything on the query's thread. */
  QueryWorkers workers;
  /** The query's own grid: per-step statistics are counted only for it. */
  StepGrid queryGrid;
  /** The query's start, end and step (0 for an instant query), for start()/end()/range()/step(). */
  long queryStart;
  long queryEnd;
  long queryStep;
  private final Supplier<Querier> querier;
  private final Map<Expr, Boolean> invariant = new IdentityHashMap<>();
  final SelectorEvaluator selectors;
  final RangeEvaluator ranges;

  Evaluator(EvalContext ctx, Supplier<Querier> querier, long lookbackMs) {
    this.ctx = ctx;
    this.querier = querier;
    this.lookbackMs = lookbackMs;
    this.defaultSubqueryStepMs = ctx.options().defaultSubqueryStepMs();
    this.delayedNameRemoval = ctx.options().delayedNameRemoval();
    this.selectors = new SelectorEvaluator(this);
    this.ranges = new RangeEvaluator(this);
  }

  Querier querier() {
    return querier.get();
  }

  /** Evaluates {@code e} at every step of {@code g}. */
  Object eval(Expr e, StepGrid g) {
    ctx.checkCancelled();
    if (g.count() > 1 && isStepInvariant(e)
        && !(e instanceof Expr.NumberLiteral || e instanceof Expr.StringLiteral)) {
      StepGrid first = StepGrid.instant(g.start());
      long read = ctx.totalQueryableSamples();
      Object once = evalAccounted(e, first);
      if (g == queryGrid) {
        // As Prometheus: the samples read once count at every step that uses them.
        long n = ctx.totalQueryableSamples() - read;
        for (int i = 0; i < g.count(); i++) {
          ctx.countQueryableAtStep(i, n);
        }
      }
      return broadcast(once, g);
    }
    return evalAccounted(e, g);
  }

  private Object evalAccounted(Expr e, StepGrid g) {
    long before = ctx.currentSamples();
    long slotsBefore = ctx.slots();
    Object v = evalNode(e, g);
    ctx.releaseSamples(ctx.currentSamples() - before);
    ctx.acquireSamples(samples(v));
    ctx.settleSlots(slotsBefore + slots(v));
    return v;
  }

  private Object evalNode(Expr e, StepGrid g) {
    return switch (e) {
      case Expr.NumberLiteral n -> filled(n.value(), g.count());
      case Expr.StringLiteral s -> s.value();
      case Expr.ParenExpr p -> eval(p.expr(), g);
      case Expr.UnaryExpr u -> unary(u, g);
      case Expr.VectorSelector vs -> selectors.vector(vs, g, false);
      case Expr.MatrixSelector ms -> ranges.matrixValue(ms, g);
      case Expr.SubqueryExpr sq -> ranges.matrixValue(sq, g);
      case Expr.Call c -> call(c, g);
      case Expr.AggregateExpr a -> aggregate(a, g);
      case Expr.BinaryExpr b -> binary(b, g);
    };
  }

  /** True when {@code e} has the same value at every step (Prometheus's preprocessing rule). */
  boolean isStepInvariant(Expr e) {
    Boolean known = invariant.get(e);
    if (known != null) {
      return known;
    }
    boolean r = switch (e) {
      case Expr.NumberLiteral n -> true;
      case Expr.StringLiteral s -> true;
      case Expr.VectorSelector vs -> vs.at() != null;
      case Expr.MatrixSelector ms -> ms.selector().at() != null;
      case Expr.SubqueryExpr sq -> sq.at() != null;
      case Expr.ParenExpr p -> isStepInvariant(p.expr());
      case Expr.UnaryExpr u -> isStepInvariant(u.expr());
      // Prometheus looks only at the aggregated expression, not at the parameter.
      case Expr.AggregateExpr a -> isStepInvariant(a.expr());
      case Expr.BinaryExpr b -> isStepInvariant(b.lhs()) & isStepInvariant(b.rhs());
      case Expr.Call c -> {
        boolean all = !AT_MODIFIER_UNSAFE.contains(c.func().name());
        for (Expr a : c.args()) {
          all &= isStepInvariant(a);
        }
        yield all;
      }
    };
    invariant.put(e, r);
    return r;
  }

  @SuppressWarnings("unchecked")
  private Object broadcast(Object once, StepGrid g) {
    int n = g.count();
    if (once instanceof double[] d) {
      return filled(d[0], n);
    }
    if (once instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof StepSeries)) {
      List<StepSeries> in = (List<StepSeries>) list;
      List<StepSeries> out = new ArrayList<>(in.size());
      for (StepSeries s : in) {
        if (!s.has(0)) {
          continue;
        }
        ctx.acquireSamples(n);
        ctx.reserveSlots(n);
        StepSeries b = new StepSeries(s.labels, n);
        b.dropName = s.dropName;
        if (s.isHistogram(0)) {
          for (int i = 0; i < n; i++) {
            b.setHistogram(i, s.histograms[0]);
          }
        } else {
          for (int i = 0; i < n; i++) {
            b.set(i, s.values[0]);
          }
        }
        out.add(b);
      }
      return out;
    }
    return once; // strings and range vectors do not depend on the step
  }

  static double[] filled(double v, int n) {
    double[] d = new double[n];
    java.util.Arrays.fill(d, v);
    return d;
  }

  /** Step slots a value holds (allocated memory, whether or not steps have samples). */
  static long slots(Object v) {
    if (v instanceof double[] d) {
      return d.length;
    }
    long n = 0;
    if (v instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof StepSeries s) {
          n += s.steps();
        }
      }
    }
    return n;
  }

  /** Samples a value holds, for the sample limit. */
  static long samples(Object v) {
    if (v instanceof double[] d) {
      return d.length;
    }
    if (v instanceof List<?> list) {
      long n = 0;
      for (Object o : list) {
        if (o instanceof StepSeries s) {
          n += s.count();
        } else if (o instanceof Value.SeriesPoints p) {
          n += p.fts().length + p.hts().length;
        }
      }
      return n;
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  List<StepSeries> vector(Object v, Expr e) {
    if (v instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof StepSeries)) {
      return (List<StepSeries>) list;
    }
    throw new PromqlException(ErrorType.EXECUTION,
        "expected instant vector, got " + describe(v) + " from " + e.type().apiName());
  }

  static double[] scalar(Object v, Expr e) {
    if (v instanceof double[] d) {
      return d;
    }
    throw new PromqlException(ErrorType.EXECUTION,
        "expected scalar, got " + describe(v) + " from " + e.type().apiName());
  }

  private static String describe(Object v) {
    return v == null ? "nothing" : v.getClass().getSimpleName();
  }

  private Object unary(Expr.UnaryExpr u, StepGrid g) {
    Object v = eval(u.expr(), g);
    if (!u.negate()) {
      return v;
    }
    if (v instanceof double[] d) {
      double[] r = new double[d.length];
      for (int i = 0; i < d.length; i++) {
        r[i] = -d[i];
      }
      return r;
    }
    List<StepSeries> in = vector(v, u.expr());
    for (StepSeries s : in) {
      for (int i = 0; i < s.steps(); i++) {
        if (s.isHistogram(i)) {
          s.setHistogram(i, negate(s.histograms[i]));
        } else if (s.has(i)) {
          s.values[i] = -s.values[i];
        }
      }
      dropName(s);
    }
    return delayedNameRemoval ? in : mergeSameLabels(in);
  }

  /** A negated histogram can only be a gauge (Prometheus marks it so). */
  private static FloatHistogram negate(FloatHistogram h) {
    return new FloatHistogram(FloatHistogram.CounterResetHint.GAUGE, h.schema(), h.zeroThreshold(),
        -h.zeroCount(), -h.count(), -h.sum(), h.positiveSpans(), negated(h.positiveBuckets()),
        h.negativeSpans(), negated(h.negativeBuckets()), h.customValues());
  }

  private static double[] negated(double[] a) {
    if (a == null) {
      return null;
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = -a[i];
    }
    return r;
  }

  /** Marks (delayed removal) or removes {@code __name__} from a function or operator result. */
  void dropName(StepSeries s) {
    if (delayedNameRemoval) {
      s.dropName = true;
    } else {
      s.labels = withoutName(s.labels);
    }
  }

  static Labels withoutName(Labels l) {
    if (!l.has(Labels.METRIC_NAME) && !l.has("__type__") && !l.has("__unit__")) {
      return l;
    }
    return l.without(Labels.METRIC_NAME, "__type__", "__unit__");
  }

  private Object binary(Expr.BinaryExpr b, StepGrid g) {
    Object l = eval(b.lhs(), g);
    Object r = eval(b.rhs(), g);
    boolean ls = b.lhs().type() == ValueKind.SCALAR;
    boolean rs = b.rhs().type() == ValueKind.SCALAR;
    if (ls && rs) {
      return BinaryOperators.scalarScalar(b.op(), scalar(l, b.lhs()), scalar(r, b.rhs()));
    }
    if (ls) {
      return BinaryOperators.vectorScalar(b, vector(r, b.rhs()), scalar(l, b.lhs()), true, g, ctx);
    }
    if (rs) {
      return BinaryOperators.vectorScalar(b, vector(l, b.lhs()), scalar(r, b.rhs()), false, g,
          ctx);
    }
    return BinaryOperators.vectorVector(b, vector(l, b.lhs()), vector(r, b.rhs()), g, ctx);
  }

  private Object aggregate(Expr.AggregateExpr a, StepGrid g) {
    if (streamable(a, g)) {
      return streamAggregate(a, g);
    }
    Object param = null;
    if (a.param() != null) {
      Object p = eval(a.param(), g);
      param = p instanceof String ? p : scalar(p, a.param());
    }
    List<StepSeries> in = vector(eval(a.expr(), g), a.expr());
    return Aggregations.aggregate(a, in, param, g, ctx);
  }

  /**
   * Whether {@code a} may fold its input as the input's series are evaluated ({@link
   * #streamAggregate}): a parameterless simple aggregation of a selector, or of a range function
   * over a selector of one metric name (whose results can never share a label set, so the
   * merge of equal label sets a materialised input goes through would do nothing).
   */
  private boolean streamable(Expr.AggregateExpr a, StepGrid g) {
    if (!AggregationStream.supports(a)) {
      return false;
    }
    Expr in = a.expr();
    if (g.count() > 1 && isStepInvariant(in)) {
      return false;
    }
    if (in instanceof Expr.VectorSelector) {
      return true;
    }
    return in instanceof Expr.Call c && streamableCall(c) >= 0;
  }

  /** The matrix argument of a range-function call whose results stream, or -1. */
  private static int streamableCall(Expr.Call c) {
    String name = c.func().name();
    if (name.equals("absent_over_time") || RangeFunctions.get(name) == null) {
      return -1;
    }
    for (int i = 0; i < c.args().size(); i++) {
      Expr arg = c.args().get(i);
      if (arg.type() == ValueKind.MATRIX) {
        return arg instanceof Expr.MatrixSelector ms && oneName(ms.selector()) ? i : -1;
      }
    }
    return -1;
  }

  private static boolean oneName(Expr.VectorSelector vs) {
    for (Matcher m : vs.matchers()) {
      if (m.type() == Matcher.Type.EQ && m.name().equals(Labels.METRIC_NAME)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A streamable aggregation: the input node's series are folded in input order as they are
   * evaluated (on helper threads too), and reused for later ones once folded. The input node is
   * accounted as if it had been held whole, as {@link #evalAccounted} accounts it, so sample
   * limits and statistics are those of the materialised evaluation.
   */
  private Object streamAggregate(Expr.AggregateExpr a, StepGrid g) {
    Expr in = a.expr();
    ctx.checkCancelled();
    long before = ctx.currentSamples();
    long slotsBefore = ctx.slots();
    SeriesRecycler recycler = new SeriesRecycler(g.count());
    AggregationStream stream = AggregationStream.of(a, g, ctx, recycler::give);
    long[] held = new long[2]; // samples and step slots the input would hold
    Consumer<StepSeries> sink = s -> {
      held[0] += s.count();
      held[1] += s.steps();
      stream.accept(s);
    };
    if (in instanceof Expr.VectorSelector vs) {
      selectors.vector(vs, g, SelectorEvaluator.Mode.VALUE, sink, recycler);
    } else {
      Expr.Call c = (Expr.Call) in;
      String name = c.func().name();
      ranges.call(c, streamableCall(c), RangeFunctions.get(name), g, !keepsName(name),
          groupsWithoutName(a), sink, recycler);
    }
    ctx.releaseSamples(ctx.currentSamples() - before);
    ctx.acquireSamples(held[0]);
    ctx.settleSlots(slotsBefore + held[1]);
    return stream.finish();
  }

  /**
   * Whether an aggregation's groups never depend on its input's {@code __name__} (nor on the
   * {@code __type__} and {@code __unit__} labels dropped with it): a {@code by} list without them.
   */
  private static boolean groupsWithoutName(Expr.AggregateExpr a) {
    if (a.without()) {
      return false;
    }
    for (String l : a.grouping()) {
      if (l.equals(Labels.METRIC_NAME) || l.equals("__type__") || l.equals("__unit__")) {
        return false;
      }
    }
    return true;
  }

  private Object call(Expr.Call c, StepGrid g) {
    String name = c.func().name();
    switch (name) {
      case "timestamp" -> {
        return SpecialFunctions.timestamp(this, c, g);
      }
      case "start_timestamp" -> {
        return SpecialFunctions.startTimestamp(this, c, g);
      }
      case "absent" -> {
        return SpecialFunctions.absent(this, c, g);
      }
      case "absent_over_time" -> {
        return SpecialFunctions.absentOverTime(this, c, g);
      }
      case "info" -> {
        return InfoFunction.evaluate(this, c, g);
      }
      case "start", "end", "range", "step" -> {
        if (c.args().isEmpty()) {
          long ms = switch (name) {
            case "start" -> queryStart;
            case "end" -> queryEnd;
            case "range" -> queryEnd - queryStart;
            default -> queryStep;
          };
          return filled(ms / 1000.0, g.count());
        }
      }
      default -> {}
    }
    int matrixArg = -1;
    for (int i = 0; i < c.args().size(); i++) {
      if (c.args().get(i).type() == ValueKind.MATRIX) {
        matrixArg = i;
        break;
      }
    }
    if (matrixArg >= 0) {
      RangeFunction rf = RangeFunctions.get(name);
      if (rf == null) {
        throw new PromqlException(ErrorType.EXECUTION, "function \"" + name
            + "\" over a range vector is not implemented");
      }
      return mergeSameLabels(ranges.call(c, matrixArg, rf, g, !keepsName(name)));
    }
    VectorFunction vf = VectorFunctions.get(name);
    if (vf == null) {
      throw new PromqlException(ErrorType.EXECUTION,
          "function \"" + name + "\" is not implemented");
    }
    List<Object> args = new ArrayList<>(c.args().size());
    for (Expr a : c.args()) {
      args.add(eval(a, g));
    }
    Object r = vf.apply(c, args, g, ctx);
    if (c.type() == ValueKind.VECTOR) {
      return mergeSameLabels(vector(r, c));
    }
    return r;
  }

  /** Range-vector functions that return a sample of the input keep its name, as Prometheus. */
  static boolean keepsName(String function) {
    return function.equals("last_over_time") || function.equals("first_over_time");
  }

  /** See {@link SeriesMerge#sameLabels}. */
  List<StepSeries> mergeSameLabels(List<StepSeries> in) {
    return SeriesMerge.sameLabels(in);
  }

  /** Index of step {@code i} of {@code g} in the query grid for per-step statistics, or -1. */
  int stepIndexInQueryGrid(StepGrid g, int i) {
    return g == queryGrid ? i : -1;
  }
}
