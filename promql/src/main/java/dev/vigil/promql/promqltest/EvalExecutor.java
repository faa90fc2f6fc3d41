package dev.vigil.promql.promqltest;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.Selectors;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.Query;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.promqltest.Command.Eval;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs one {@code eval} the way Prometheus's harness does ({@code execEval}): a range eval once;
 * an instant eval at its time and then at each {@link AtModifierCases} case, each of those also
 * as a range query from t-1m to t+1m step 1m whose middle step must give the same result (unless
 * the eval expects a string or range vector, is ordered, or the expression calls {@code start()},
 * {@code end()}, {@code range()} or {@code step()}). Annotations are checked only where expect
 * lines (or {@code eval_warn}/{@code eval_info}) ask for them; unexpected ones are otherwise
 * allowed, as in the harness.
 */
final class EvalExecutor {
  enum Kind {
    PASSED, FAILED, SKIPPED_NATIVE_HISTOGRAMS, SKIPPED_START_TIMESTAMPS
  }

  /** @param histograms the eval expects or selects native histograms */
  record Outcome(Kind kind, String message, boolean histograms) {
    static Outcome of(String err, boolean histograms) {
      return new Outcome(err == null ? Kind.PASSED : Kind.FAILED, err, histograms);
    }
  }

  private static final Pattern QUERY_CONTEXT_FUNCS = Pattern.compile("(start|end|range|step)\\(\\)");

  private final QueryEngine engine;
  private final ExprSyntax syntax;
  private final boolean skipHistograms;

  /**
   * @param skipHistograms native-histogram evals are skipped (their samples were not loaded)
   */
  EvalExecutor(QueryEngine engine, ExprSyntax syntax, boolean skipHistograms) {
    this.engine = engine;
    this.syntax = syntax;
    this.skipHistograms = skipHistograms;
  }

  Outcome run(Eval ev, Queryable source, SeriesKinds kinds) {
    boolean histograms = ev.expectsHistogram();
    if (skipHistograms && histograms) {
      return new Outcome(Kind.SKIPPED_NATIVE_HISTOGRAMS, null, true);
    }
    try {
      // The harness parses every expression when it reads the file: a bad one fails.
      Expr parsed = syntax.parse(ev.expr());
      List<List<Matcher>> selectors = Selectors.of(parsed);
      histograms |= SeriesKinds.anySelected(kinds.histograms, selectors);
      if (skipHistograms && histograms) {
        return new Outcome(Kind.SKIPPED_NATIVE_HISTOGRAMS, null, true);
      }
      if (SeriesKinds.anySelected(kinds.startTimestamps, selectors)) {
        return new Outcome(Kind.SKIPPED_START_TIMESTAMPS, null, histograms);
      }
      return Outcome.of(ev.range() ? rangeEval(ev, source) : instantEval(ev, source), histograms);
    } catch (PromqlException e) {
      return Outcome.of(e.getMessage(), histograms);
    } catch (RuntimeException e) {
      return Outcome.of("internal error: " + e, histograms);
    }
  }

  private String rangeEval(Eval ev, Queryable source) {
    Run r = run(ev, ev.expr(), "range", () -> engine.rangeQuery(source, ev.expr(), ev.startMs(),
        ev.endMs(), ev.stepMs(), QueryOptions.DEFAULT));
    return r.result() == null ? r.error() : ResultChecker.compare(ev, r.result().value());
  }

  /** A query's result, or (result null) the harness's error text, null when a failure was due. */
  private record Run(QueryResult result, String error) {}

  /**
   * Creates and runs one query as the harness does: an expected failure must carry the expected
   * message, an unexpected one is an error, and the annotations must be the expected ones.
   */
  private Run run(Eval ev, String expr, String kind, Supplier<Query> create) {
    Query q;
    try {
      q = create.get();
    } catch (PromqlException e) {
      if (ev.isFail() && ResultChecker.checkExpectedFailure(ev, e.getMessage()) == null) {
        return new Run(null, null);
      }
      return new Run(null, "error creating " + kind + " query: " + e.getMessage());
    }
    QueryResult res;
    try {
      res = q.exec();
    } catch (PromqlException e) {
      if (ev.isFail()) {
        return new Run(null, ResultChecker.checkExpectedFailure(ev, e.getMessage()));
      }
      return new Run(null, "error evaluating query: " + e.getMessage());
    }
    if (ev.isFail()) {
      return new Run(null, "expected error evaluating query \"" + expr + "\" but got none");
    }
    String err = ResultChecker.checkAnnotations(ev, expr, res.warnings(), res.infos());
    return err != null ? new Run(null, err) : new Run(res, null);
  }

  private String instantEval(Eval ev, Queryable source) {
    List<AtModifierCases.Case> queries = new ArrayList<>();
    queries.add(new AtModifierCases.Case(ev.expr(), ev.evalMs()));
    queries.addAll(AtModifierCases.cases(ev.expr(), ev.evalMs(), syntax));
    for (AtModifierCases.Case c : queries) {
      String err = instantQuery(ev, c, source);
      if (err != null) {
        return c.expr().equals(ev.expr()) && c.evalMs() == ev.evalMs() ? err
            : err + " (re-run as \"" + c.expr() + "\" at " + c.evalMs() + "ms)";
      }
    }
    return null;
  }

  private String instantQuery(Eval ev, AtModifierCases.Case c, Queryable source) {
    Run r = run(ev, c.expr(), "instant",
        () -> engine.instantQuery(source, c.expr(), c.evalMs(), QueryOptions.DEFAULT));
    if (r.result() == null) {
      return r.error();
    }
    QueryResult res = r.result();
    String err = ResultChecker.compare(ev, res.value());
    if (err != null) {
      return err;
    }
    if (ev.excludeFromRangeQuery() || QUERY_CONTEXT_FUNCS.matcher(c.expr()).find()) {
      return null;
    }
    return rangeMode(ev, c, source, res.value());
  }

  /** The same query as a range query around its time must give the same middle step. */
  private String rangeMode(Eval ev, AtModifierCases.Case c, Queryable source, Value instant) {
    long t = c.evalMs();
    QueryResult res;
    try {
      res = engine.rangeQuery(source, c.expr(), t - 60_000, t + 60_000, 60_000,
          QueryOptions.DEFAULT).exec();
    } catch (PromqlException e) {
      return "error evaluating query in range mode: " + e.getMessage();
    }
    if (ev.isOrdered()) {
      // Range results are always sorted by labels.
      return null;
    }
    if (!(res.value() instanceof Value.Matrix mat)) {
      return "range mode returned " + res.value().resultType() + ", not a matrix";
    }
    String err = ResultChecker.assertSorted(mat);
    if (err != null) {
      return err + " (range mode)";
    }
    List<Value.Sample> vec = new ArrayList<>();
    for (Value.SeriesPoints s : mat.series()) {
      if (s.fts() != null) {
        for (int i = 0; i < s.fts().length; i++) {
          if (s.fts()[i] == t) {
            vec.add(new Value.Sample(s.labels(), t, s.fvs()[i], null));
            break;
          }
        }
      }
      if (s.hts() != null) {
        for (int i = 0; i < s.hts().length; i++) {
          if (s.hts()[i] == t) {
            vec.add(new Value.Sample(s.labels(), t, 0, s.hvs()[i]));
            break;
          }
        }
      }
    }
    if (instant instanceof Value.Scalar) {
      if (vec.isEmpty()) {
        return "range mode: no point at the evaluation time for a scalar result";
      }
      err = ResultChecker.compare(ev, new Value.Scalar(t, vec.get(0).f()));
    } else {
      err = ResultChecker.compareVector(ev, vec);
    }
    return err == null ? null : "range mode: " + err;
  }
}
