package dev.vigil.promql.promqltest;

import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.Expr;
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
      List<List<Matcher>> selectors = new ArrayList<>();
      Selectors.collect(parsed, selectors);
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
    Query q;
    try {
      q = engine.rangeQuery(source, ev.expr(), ev.startMs(), ev.endMs(), ev.stepMs(),
          QueryOptions.DEFAULT);
    } catch (PromqlException e) {
      if (ev.isFail() && ResultChecker.checkExpectedFailure(ev, e.getMessage()) == null) {
        return null;
      }
      return "error creating range query: " + e.getMessage();
    }
    QueryResult res;
    try {
      res = q.exec();
    } catch (PromqlException e) {
      if (ev.isFail()) {
        return ResultChecker.checkExpectedFailure(ev, e.getMessage());
      }
      return "error evaluating query: " + e.getMessage();
    }
    if (ev.isFail()) {
      return "expected error evaluating query \"" + ev.expr() + "\" but got none";
    }
    String err = ResultChecker.checkAnnotations(ev, ev.expr(), res.warnings(), res.infos());
    if (err != null) {
      return err;
    }
    return ResultChecker.compare(ev, res.value());
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
    Query q;
    try {
      q = engine.instantQuery(source, c.expr(), c.evalMs(), QueryOptions.DEFAULT);
    } catch (PromqlException e) {
      if (ev.isFail() && ResultChecker.checkExpectedFailure(ev, e.getMessage()) == null) {
        return null;
      }
      return "error creating instant query: " + e.getMessage();
    }
    QueryResult res;
    try {
      res = q.exec();
    } catch (PromqlException e) {
      if (ev.isFail()) {
        return ResultChecker.checkExpectedFailure(ev, e.getMessage());
      }
      return "error evaluating query: " + e.getMessage();
    }
    if (ev.isFail()) {
      return "expected error evaluating query \"" + c.expr() + "\" but got none";
    }
    String err = ResultChecker.checkAnnotations(ev, c.expr(), res.warnings(), res.infos());
    if (err != null) {
      return err;
    }
    err = ResultChecker.compare(ev, res.value());
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
