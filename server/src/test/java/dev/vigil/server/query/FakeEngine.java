package dev.vigil.server.query;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Labels;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.ErrorType;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.Query;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.QueryStats;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.parser.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A query engine answering canned values by query text, recording what the API asked for: the
 * HTTP layer's tests need no parser or store. Thread-safe enough for sequential tests.
 */
final class FakeEngine implements QueryEngine {
  static final long T = 1_435_781_451_781L;

  /** What the last query was created with. */
  record Call(String query, long start, long end, long step, QueryOptions options) {}

  volatile Call last;
  /** Released when a "block" query is cancelled. */
  final CountDownLatch cancelled = new CountDownLatch(1);

  @Override
  public Query instantQuery(Queryable source, String query, long timeMs, QueryOptions options) {
    last = new Call(query, timeMs, timeMs, 0, options);
    return make(query, timeMs, timeMs, 0);
  }

  @Override
  public Query rangeQuery(Queryable source, String query, long startMs, long endMs, long stepMs,
      QueryOptions options) {
    last = new Call(query, startMs, endMs, stepMs, options);
    return make(query, startMs, endMs, stepMs);
  }

  private Query make(String query, long start, long end, long step) {
    if (query.startsWith("bad")) {
      throw new ParseException(1, 4, "unexpected end of input");
    }
    return new Query() {
      @Override
      public Expr statement() {
        return null;
      }

      @Override
      public QueryResult exec() {
        return FakeEngine.this.exec(query, start, end, step);
      }

      @Override
      public void cancel() {
        cancelled.countDown();
      }
    };
  }

  private QueryResult exec(String query, long start, long end, long step) {
    QueryStats stats = new QueryStats(42, 7, new long[] {3, 4}, start, step == 0 ? 1 : step,
        0.00015, 2e-7, 0.0001, 0.00002, 0);
    return switch (query) {
      case "scalar" -> result(new Value.Scalar(T, 1e21));
      case "string" -> result(new Value.StringValue(T, "a<b>&\"c\""));
      case "vector" -> result(vector());
      case "large" -> {
        List<Value.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
          samples.add(new Value.Sample(Labels.of("__name__", "m", "i", Integer.toString(i)), T,
              i * 0.5, null));
        }
        yield result(new Value.Vector(samples));
      }
      case "empty" -> result(new Value.Vector(List.of()));
      case "matrix" -> result(new Value.Matrix(List.of(
          new Value.SeriesPoints(Labels.of("__name__", "up", "job", "a"),
              new long[] {1000, 1500, 2001}, new double[] {1, 0.1 + 0.2, -0.0}, null, null),
          new Value.SeriesPoints(Labels.of("job", "b"), new long[] {1000},
              new double[] {Double.NEGATIVE_INFINITY}, null, null),
          new Value.SeriesPoints(Labels.of("job", "c"), new long[] {1000},
              new double[] {7}, null, null))));
      case "histogram" -> result(new Value.Vector(List.of(new Value.Sample(
          Labels.of("__name__", "h"), T, 0, histogram()))));
      case "stats" -> new QueryResult(new Value.Scalar(start, 1), List.of(), List.of(), stats);
      case "warn" -> {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          w.add("PromQL warning: w" + i);
        }
        yield new QueryResult(vector(), w, List.of("PromQL info: i"), null);
      }
      case "too_many" -> throw new PromqlException(ErrorType.EXECUTION,
          "query processing would load too many samples into memory in query execution");
      case "timeout" -> throw new PromqlException(ErrorType.TIMEOUT,
          "query timed out in expression evaluation");
      case "block" -> {
        try {
          cancelled.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new PromqlException(ErrorType.CANCELED,
            "query was canceled in expression evaluation");
      }
      default -> throw new IllegalStateException("fake engine has no answer for " + query);
    };
  }

  private static QueryResult result(Value v) {
    return new QueryResult(v, List.of(), List.of(), null);
  }

  static Value.Vector vector() {
    return new Value.Vector(List.of(
        new Value.Sample(Labels.of("__name__", "up", "instance", "a:9090", "job", "prom"), T, 1,
            null),
        new Value.Sample(Labels.of("job", "x"), T, 1e-7, null),
        new Value.Sample(Labels.EMPTY, T, Double.NaN, null),
        new Value.Sample(Labels.of("v", "big"), T, 123456789012.25, null),
        new Value.Sample(Labels.of("v", "inf"), T, Double.POSITIVE_INFINITY, null)));
  }

  /** Schema 0: positive buckets 1 (1,2] count 2 and 2 (2,4] count 1; negative (-1,-0.5]... */
  static FloatHistogram histogram() {
    return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 1, 10, 12.5,
        new int[] {1, 2}, new double[] {2, 1}, new int[] {0, 1}, new double[] {6}, null);
  }
}
