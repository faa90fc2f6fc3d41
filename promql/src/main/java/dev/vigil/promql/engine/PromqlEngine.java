package dev.vigil.promql.engine;

import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.parser.ParseCache;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * The PromQL engine, with Prometheus 3 semantics. Thread-safe: one instance serves every query of
 * a server; at most {@link EngineOptions#maxConcurrent()} queries evaluate at once and the others
 * wait (within their timeout) in arrival order.
 *
 * <p>Range queries are evaluated node by node, each node over all steps and series at a time
 * ({@link StepSeries}); an instant query is a grid of one step. A node's per-series work may
 * run on up to {@link EngineOptions#parallelism()} threads ({@link SeriesFanOut}), with the
 * results a sequential evaluation gives.
 */
public final class PromqlEngine implements QueryEngine {
  private final EngineOptions options;
  private final Semaphore slots;
  private final QueryWorkers workers;
  private final ParseCache parsed;

  public PromqlEngine(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    if (options.maxConcurrent() < 1) {
      throw new IllegalArgumentException(
          "max concurrent queries must be at least 1, got " + options.maxConcurrent());
    }
    this.slots = new Semaphore(options.maxConcurrent(), true);
    this.workers = new QueryWorkers(options.parallelism(), options.parallelMinSeries());
    this.parsed = new ParseCache(options.parser());
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public Query instantQuery(Queryable source, String query, long timeMs, QueryOptions opts) {
    Objects.requireNonNull(source, "source");
    Expr expr = parsed.parse(query);
    return new PreparedQuery(options, slots, workers, source, query, expr, timeMs, timeMs, 0,
        opts);
  }

  @Override
  public Query rangeQuery(
      Queryable source, String query, long startMs, long endMs, long stepMs, QueryOptions opts) {
    Objects.requireNonNull(source, "source");
    if (stepMs <= 0) {
      throw new PromqlException(ErrorType.BAD_DATA,
          "zero or negative query resolution step widths are not accepted, got " + stepMs + "ms");
    }
    if (endMs < startMs) {
      throw new PromqlException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
    }
    if ((endMs - startMs) / stepMs + 1 > Math.min(Integer.MAX_VALUE - 64, options.maxSamples())) {
      throw new PromqlException(ErrorType.EXECUTION, EvalContext.TOO_MANY_SAMPLES);
    }
    Expr expr = parsed.parse(query);
    if (expr.type() != ValueKind.VECTOR && expr.type() != ValueKind.SCALAR) {
      throw new PromqlException(ErrorType.BAD_DATA, "invalid expression type \""
          + documentedType(expr.type()) + "\" for range query, must be Scalar or instant Vector");
    }
    return new PreparedQuery(options, slots, workers, source, query, expr, startMs, endMs, stepMs,
        opts);
  }

  /** The type names Prometheus uses in messages. */
  static String documentedType(ValueKind kind) {
    return switch (kind) {
      case MATRIX -> "range vector";
      case VECTOR -> "instant vector";
      case SCALAR -> "scalar";
      case STRING -> "string";
    };
  }
}
