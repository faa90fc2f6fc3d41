package dev.vigil.promql.promqltest;

import dev.vigil.model.Labels;
import dev.vigil.model.Matcher;
import dev.vigil.model.Querier;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Samples;
import dev.vigil.model.SelectHints;
import dev.vigil.model.SeriesSet;
import dev.vigil.model.ValueType;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.FunctionDef;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.Query;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.parser.ParseException;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A tiny query language standing in for PromQL so that the runner can be tested alone: bare
 * metric names (optionally {@code @ <seconds>}) are instant selectors with a 5m lookback that
 * honour staleness markers; numbers are scalars, {@code "..."} strings; {@code time()} the
 * evaluation time; {@code fail()} fails with "boom"; {@code warn()} and {@code info()} return 1
 * with an annotation. Switches break it on purpose to prove the runner notices.
 */
final class FakeEngine implements QueryEngine {
  static final ExprSyntax SYNTAX = new Syntax();

  /** Selectors ignore their {@code @} timestamp. */
  boolean ignoreAt;
  /** Range queries add 1 to every value. */
  boolean skewRange;
  /** Every query made: "instant EXPR @T" or "range EXPR T1..T2". */
  final List<String> log = new ArrayList<>();

  @Override
  public Query instantQuery(Queryable source, String query, long timeMs, QueryOptions options) {
    Expr e = SYNTAX.parse(query);
    log.add("instant " + query + " @" + timeMs);
    return query(e, () -> eval(source, e, timeMs, 0, new ArrayList<>(), new ArrayList<>()));
  }

  @Override
  public Query rangeQuery(
      Queryable source, String query, long startMs, long endMs, long stepMs, QueryOptions opts) {
    Expr e = SYNTAX.parse(query);
    log.add("range " + query + " " + startMs + ".." + endMs);
    return query(e, () -> {
      List<String> warnings = new ArrayList<>();
      List<String> infos = new ArrayList<>();
      java.util.TreeMap<Labels, List<double[]>> points = new java.util.TreeMap<>();
      java.util.TreeMap<Labels, List<Value.Sample>> hists = new java.util.TreeMap<>();
      for (long t = startMs; t <= endMs; t += stepMs) {
        Value v = eval(source, e, t, skewRange ? 1 : 0, warnings, infos).value();
        if (v instanceof Value.Scalar s) {
          points.computeIfAbsent(Labels.EMPTY, k -> new ArrayList<>()).add(new double[] {t, s.v()});
        } else if (v instanceof Value.Vector vec) {
          for (Value.Sample s : vec.samples()) {
            if (s.h() != null) {
              hists.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(s);
              points.computeIfAbsent(s.labels(), k -> new ArrayList<>());
            } else {
              points.computeIfAbsent(s.labels(), k -> new ArrayList<>())
                  .add(new double[] {t, s.f()});
            }
          }
        } else {
          throw new PromqlException(ErrorType.BAD_DATA, "invalid expression type for range query");
        }
      }
      List<Value.SeriesPoints> series = new ArrayList<>();
      points.forEach((l, ps) -> {
        List<Value.Sample> hs = hists.getOrDefault(l, List.of());
        series.add(new Value.SeriesPoints(l,
            ps.stream().mapToLong(p -> (long) p[0]).toArray(),
            ps.stream().mapToDouble(p -> p[1]).toArray(),
            hs.stream().mapToLong(Value.Sample::t).toArray(),
            hs.stream().map(Value.Sample::h).toArray(dev.vigil.model.FloatHistogram[]::new)));
      });
      return new QueryResult(new Value.Matrix(series), List.copyOf(warnings), List.copyOf(infos),
          null);
    });
  }

  private static Query query(Expr e, java.util.function.Supplier<QueryResult> run) {
    return new Query() {
      @Override
      public Expr statement() {
        return e;
      }

      @Override
      public QueryResult exec() {
        return run.get();
      }

      @Override
      public void cancel() {}
    };
  }

  private QueryResult eval(Queryable source, Expr e, long t, double add, List<String> warnings,
      List<String> infos) {
    Value v = switch (e) {
      case Expr.NumberLiteral n -> new Value.Scalar(t, n.value() + add);
      case Expr.StringLiteral s -> new Value.StringValue(t, s.value());
      case Expr.Call c -> switch (c.func().name()) {
        case "time", "start" -> new Value.Scalar(t, t / 1000.0 + add);
        case "warnpos" -> {
          warnings.add("PromQL warning: careful (1:3)");
          yield new Value.Scalar(t, 1 + add);
        }
        case "fail" -> throw new PromqlException(ErrorType.EXECUTION, "boom");
        case "warn" -> {
          warnings.add("PromQL warning: careful");
          yield new Value.Scalar(t, 1 + add);
        }
        case "info" -> {
          infos.add("PromQL info: note");
          yield new Value.Scalar(t, 1 + add);
        }
        default -> throw new PromqlException(ErrorType.BAD_DATA, "unknown function");
      };
      case Expr.VectorSelector vs -> select(source, vs, t, add);
      default -> throw new PromqlException(ErrorType.BAD_DATA, "unsupported");
    };
    return new QueryResult(v, List.copyOf(warnings), List.copyOf(infos), null);
  }

  private Value select(Queryable source, Expr.VectorSelector vs, long t, double add) {
    long at = vs.at() != null && !ignoreAt ? vs.at().timestamp() : t;
    List<Value.Sample> out = new ArrayList<>();
    try (Querier q = source.querier(at - 300_000 + 1, at)) {
      SeriesSet set = q.select(true, SelectHints.range(at - 300_000 + 1, at), vs.matchers());
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        double lastV = 0;
        dev.vigil.model.FloatHistogram lastH = null;
        boolean found = false;
        for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
          if (it.atT() > at - 300_000 && it.atT() <= at) {
            boolean hist = vt == ValueType.HISTOGRAM || vt == ValueType.FLOAT_HISTOGRAM;
            lastH = hist ? it.atHistogram() : null;
            lastV = hist ? 0 : it.atV();
            found = true;
          }
        }
        if (found && lastH != null) {
          out.add(new Value.Sample(set.at().labels(), t, 0, lastH));
        } else if (found && !Samples.isStaleNaN(lastV)) {
          out.add(new Value.Sample(set.at().labels(), t, lastV + add, null));
        }
      }
    }
    return new Value.Vector(out);
  }

  /** Parses and prints the fake language. */
  private static final class Syntax implements ExprSyntax {
    private static final Pattern SELECTOR = Pattern.compile("([a-z_]+)(?: @ (-?[0-9.]+))?");
    private static final Pattern CALL = Pattern.compile("([a-z_]+)\\(\\)");

    @Override
    public Expr parse(String s) {
      java.util.regex.Matcher m = CALL.matcher(s);
      if (m.matches()) {
        return new Expr.Call(new FunctionDef(m.group(1), List.of(), 0, ValueKind.SCALAR, false),
            List.of(), PosRange.NONE);
      }
      m = SELECTOR.matcher(s);
      if (m.matches()) {
        At at = m.group(2) == null ? null
            : At.at(Math.round(Double.parseDouble(m.group(2)) * 1000));
        return new Expr.VectorSelector(m.group(1), List.of(Matcher.eq("__name__", m.group(1))),
            0, null, at, false, false, PosRange.NONE);
      }
      if (s.startsWith("\"") && s.endsWith("\"")) {
        return new Expr.StringLiteral(s.substring(1, s.length() - 1), PosRange.NONE);
      }
      try {
        return new Expr.NumberLiteral(Double.parseDouble(s), PosRange.NONE);
      } catch (NumberFormatException e) {
        throw new ParseException(1, 1, "unexpected \"" + s + "\"");
      }
    }

    @Override
    public String print(Expr e) {
      return switch (e) {
        case Expr.VectorSelector vs -> vs.name() + (vs.at() == null ? ""
            : String.format(Locale.ROOT, " @ %.3f", vs.at().timestamp() / 1000.0));
        case Expr.Call c -> c.func().name() + "()";
        case Expr.NumberLiteral n -> GoFloats.formatG(n.value());
        case Expr.StringLiteral s -> "\"" + s.value() + "\"";
        default -> throw new IllegalArgumentException("unsupported");
      };
    }
  }
}
