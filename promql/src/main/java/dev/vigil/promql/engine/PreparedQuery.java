package dev.vigil.promql.engine;

import dev.vigil.model.Querier;
import dev.vigil.model.StorageException;
import dev.vigil.promql.ast.Expr;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A parsed query bound to its time range, run once by {@link #exec()}. Execution waits for a slot
 * among the engine's concurrent queries, then evaluates under the timeout; {@link #cancel()} may
 * be called from any thread.
 */
final class PreparedQuery implements Query {
  private final EngineOptions options;
  private final Semaphore slots;
  private final QueryWorkers workers;
  private final Queryable source;
  private final String text;
  private final Expr statement;
  private final long start;
  private final long end;
  /** 0 for an instant query. */
  private final long step;
  private final QueryOptions queryOptions;
  private final AtomicBoolean executed = new AtomicBoolean();
  private volatile boolean cancelled;

  /** A query evaluated on the calling thread alone. */
  PreparedQuery(
      EngineOptions options, Semaphore slots, Queryable source, String text, Expr statement,
      long start, long end, long step, QueryOptions queryOptions) {
    this(options, slots, null, source, text, statement, start, end, step, queryOptions);
  }

  /** @param workers helper threads for wide nodes, or null */
  PreparedQuery(
      EngineOptions options, Semaphore slots, QueryWorkers workers, Queryable source, String text, Expr statement,
      long start, long end, long step, QueryOptions queryOptions) {
    this.options = options;
    this.slots = slots;
    this.workers = workers;
    this.source = source;
    this.text = text;
    this.statement = statement;
    this.start = start;
    this.end = end;
    this.step = step;
    this.queryOptions = queryOptions == null ? QueryOptions.DEFAULT : queryOptions;
  }

  @Override
  public Expr statement() {
    return statement;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public QueryResult exec() {
    if (!executed.compareAndSet(false, true)) {
      throw new IllegalStateException("a query can be executed only once");
    }
    long t0 = System.nanoTime();
    Duration timeout = options.timeout();
    // A per-query timeout only ever shortens the engine's; zero or negative means none given.
    if (queryOptions.timeout() != null && queryOptions.timeout().isPositive()
        && (timeout == null || !timeout.isPositive()
            || queryOptions.timeout().compareTo(timeout) < 0)) {
      timeout = queryOptions.timeout();
    }
    boolean hasDeadline = timeout != null && !timeout.isZero() && !timeout.isNegative();
    long deadline = hasDeadline ? t0 + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4) : 0;
    waitForSlot(hasDeadline, deadline);
    try {
      long t1 = System.nanoTime();
      return run(t0, t1, hasDeadline, deadline);
    } finally {
      slots.release();
    }
  }

  private void waitForSlot(boolean hasDeadline, long deadline) {
    try {
      while (true) {
        if (cancelled) {
          throw new PromqlException(ErrorType.CANCELED, "query was canceled in query queue");
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(50);
        if (hasDeadline) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new PromqlException(ErrorType.TIMEOUT, "query timed out in query queue");
          }
          wait = Math.min(wait, left);
        }
        if (slots.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromqlException(ErrorType.CANCELED, "query was canceled in query queue", e);
    }
  }

  private QueryResult run(long t0, long t1, boolean hasDeadline, long deadline) {
    EvalContext ctx = new EvalContext(text, options,
        () -> cancelled || Thread.currentThread().isInterrupted(), deadline, hasDeadline);
    long lookback = queryOptions.lookbackDeltaMs() > 0
        ? queryOptions.lookbackDeltaMs() : options.lookbackDeltaMs();
    boolean instant = step == 0;
    StepGrid grid = instant ? StepGrid.instant(start) : new StepGrid(start, end, step);
    Expr expr = new Preprocessor(start, end, step).rewrite(statement);
    QueryExtent extent = new QueryExtent(lookback, options.defaultSubqueryStepMs());
    extent.visit(expr, start, end);
    QuerierHolder holder = new QuerierHolder(source, extent);
    if (!instant && callsSort(expr)) {
      ctx.annotations().warn("PromQL warning: sort is ineffective for range queries since results"
          + " are always ordered by labels");
    }
    if (queryOptions.perStepStats()) {
      ctx.enablePerStepStats(grid.count());
    }
    long t2 = System.nanoTime();
    try (holder) {
      Evaluator ev = new Evaluator(ctx, holder, lookback);
      ev.queryGrid = grid;
      ev.workers = workers;
      ev.queryStart = start;
      ev.queryEnd = end;
      ev.queryStep = step;
      Object v = ev.eval(expr, grid);
      ctx.checkCancelled();
      long t3 = System.nanoTime();
      Value value = instant ? ResultAssembler.instant(v, expr.type(), start)
          : ResultAssembler.range(v, grid);
      long t4 = System.nanoTime();
      QueryStats stats = new QueryStats(ctx.totalQueryableSamples(), ctx.peakSamples(),
          ctx.perStepSamples(), start, instant ? 0 : step, seconds(t4 - t0), seconds(t2 - t1),
          seconds(t3 - t2), seconds(t1 - t0), seconds(t4 - t3));
      return new QueryResult(value, ctx.annotations().warnings(), ctx.annotations().infos(),
          stats);
    } catch (StorageException e) {
      throw new PromqlException(ErrorType.INTERNAL, e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new PromqlException(ErrorType.EXECUTION, "query is nested too deeply to evaluate");
    }
  }

  /** Whether a sorting function appears anywhere in the expression. */
  static boolean callsSort(Expr e) {
    return switch (e) {
      case Expr.Call c -> {
        boolean sort = c.func().name().startsWith("sort");
        for (Expr a : c.args()) {
          sort |= callsSort(a);
        }
        yield sort;
      }
      case Expr.AggregateExpr a -> callsSort(a.expr()) || (a.param() != null && callsSort(a.param()));
      case Expr.BinaryExpr b -> callsSort(b.lhs()) || callsSort(b.rhs());
      case Expr.UnaryExpr u -> callsSort(u.expr());
      case Expr.ParenExpr p -> callsSort(p.expr());
      case Expr.SubqueryExpr sq -> callsSort(sq.expr());
      default -> false;
    };
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** Opens the query's single querier on first use and closes it at the end. */
  private static final class QuerierHolder implements Supplier<Querier>, AutoCloseable {
    private final Queryable source;
    private final QueryExtent extent;
    private Querier querier;

    QuerierHolder(Queryable source, QueryExtent extent) {
      this.source = source;
      this.extent = extent;
    }

    @Override
    public Querier get() {
      if (querier == null) {
        querier = extent.empty() ? source.querier(0, 0) : source.querier(extent.mint, extent.maxt);
      }
      return querier;
    }

    @Override
    public void close() {
      if (querier != null) {
        querier.close();
      }
    }
  }
}
