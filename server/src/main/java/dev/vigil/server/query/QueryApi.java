package dev.vigil.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.engine.Query;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.engine.QueryOptions;
import dev.vigil.promql.engine.QueryResult;
import dev.vigil.promql.engine.Queryable;
import dev.vigil.promql.engine.Value;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.parser.Printer;
import dev.vigil.server.api.ApiException;
import dev.vigil.server.api.ApiJson;
import dev.vigil.server.api.ApiRequest;
import dev.vigil.server.api.ErrorMapper;
import dev.vigil.server.api.ErrorType;
import dev.vigil.server.api.TimeParams;
import dev.vigil.server.http.FormParams;
import dev.vigil.server.http.LeanGet;
import dev.vigil.server.lifecycle.VigilServer;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The PromQL endpoints of the Prometheus HTTP API: {@code /api/v1/query}, {@code query_range},
 * {@code format_query} and {@code parse_query}, GET or form POST, with Prometheus's parameters,
 * checks, error texts, status codes and JSON. Answers are streamed ({@link QueryJson}) from a
 * blocking-task thread; a client that goes away cancels its query. Thread-safe: one instance
 * serves all requests.
 */
public final class QueryApi {
  /** Warnings and infos listed per answer; the rest are counted in one closing line. */
  static final int MAX_ANNOTATIONS = 10;
  static final int MAX_POINTS = 11_000;
  static final String TRUNCATED = "results truncated due to limit";
  /** Time beyond the query timeout for writing the answer before Armeria gives up. */
  private static final Duration WRITE_ALLOWANCE = Duration.ofMinutes(1);

  private final QueryEngine engine;
  private final Queryable source;
  private final ParserOptions parser;
  private final boolean perStepStats;
  private final Clock clock;
  private final Duration requestTimeout;

  /**
   * @param perStepStats whether {@code stats=all} may report samples per step (Prometheus's
   *     {@code promql-per-step-stats} feature)
   * @param queryTimeout the engine's timeout; requests are allowed this plus time to write
   */
  public QueryApi(QueryEngine engine, Queryable source, ParserOptions parser,
      boolean perStepStats, Duration queryTimeout, Clock clock) {
    this.engine = engine;
    this.source = source;
    this.parser = parser;
    this.perStepStats = perStepStats;
    this.clock = clock;
    this.requestTimeout = queryTimeout.plus(WRITE_ALLOWANCE);
  }

  /**
   * Adds the four endpoints to the server's main port (call before it starts); plain GETs of the
   * two query endpoints may be answered by the lean HTTP/1.1 path ({@link #lean}).
   */
  public void register(VigilServer server) {
    server.apiService("/api/v1/query", endpoint(this::query, ExchangeType.UNARY), true,
        HttpMethod.GET, HttpMethod.POST);
    server.apiService("/api/v1/query_range",
        endpoint(this::queryRange, ExchangeType.RESPONSE_STREAMING), true, HttpMethod.GET,
        HttpMethod.POST);
    server.routes().leanGet("/api/v1/query", lean(this::query), true);
    server.routes().leanGet("/api/v1/query_range", lean(this::queryRange), true);
    server.apiService("/api/v1/format_query", endpoint(this::formatQuery, ExchangeType.UNARY),
        true, HttpMethod.GET, HttpMethod.POST);
    server.apiService("/api/v1/parse_query", endpoint(this::parseQuery, ExchangeType.UNARY),
        true, HttpMethod.GET, HttpMethod.POST);
  }

  /** What a handler produced: the body of a 200 answer, written once the query has run. */
  @FunctionalInterface
  interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Where a handler registers what to do when the client goes away. */
  @FunctionalInterface
  interface Cancellation {
    void onCancel(Runnable r);
  }

  @FunctionalInterface
  interface Handler {
    Body handle(Cancellation ctx, ApiRequest request);
  }

  Body query(Cancellation ctx, ApiRequest r) {
    long limit = QueryParams.limit(r);
    long t = TimeParams.time(r, "time", r.now().toEpochMilli());
    QueryOptions opts = options(r);
    String qs = r.param("query");
    Query q = create(() -> engine.instantQuery(source, qs, t, opts));
    return run(ctx, q, limit, r.param("stats"));
  }

  Body queryRange(Cancellation ctx, ApiRequest r) {
    long limit = QueryParams.limit(r);
    long start = QueryParams.requiredTime(r, "start");
    long end = QueryParams.requiredTime(r, "end");
    if (end < start) {
      throw ApiException.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNs;
    try {
      stepNs = QueryParams.durationNanos(r.param("step"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("step", e.getMessage());
    }
    if (stepNs <= 0) {
      throw ApiException.invalidParam("step", "zero or negative query resolution step widths "
          + "are not accepted. Try a positive integer");
    }
    if (rangeNanos(start, end) / stepNs > MAX_POINTS) {
      throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
    QueryOptions opts = options(r);
    String qs = r.param("query");
    long stepMs = Math.max(1, stepNs / 1_000_000);
    Query q = create(() -> engine.rangeQuery(source, qs, start, end, stepMs, opts));
    return run(ctx, q, limit, r.param("stats"));
  }

  Body formatQuery(Cancellation ctx, ApiRequest r) {
    String pretty = Printer.pretty(parse(r.param("query")));
    return out -> {
      try (JsonGenerator g = QueryJson.generator(out)) {
        g.writeStartObject();
        g.writeStringField("status", "success");
        g.writeStringField("data", pretty);
        g.writeEndObject();
      }
    };
  }

  Body parseQuery(Cancellation ctx, ApiRequest r) {
    Expr e = parse(r.param("query"));
    return out -> {
      try (JsonGenerator g = QueryJson.generator(out)) {
        g.writeStartObject();
        g.writeStringField("status", "success");
        g.writeFieldName("data");
        AstJson.write(g, e);
        g.writeEndObject();
      }
    };
  }

  private Expr parse(String query) {
    try {
      return Parser.parse(query, parser);
    } catch (PromqlException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
  }

  /** {@code timeout}, {@code lookback_delta} and {@code stats}, checked in Prometheus's order. */
  private QueryOptions options(ApiRequest r) {
    Long timeoutNs = QueryParams.durationParam(r, "timeout");
    long lookbackMs = QueryParams.lookbackDeltaMs(r);
    // Prometheus's deadline from a zero or negative timeout has passed already: the query times
    // out at once (the engine reads such a timeout as none).
    Duration timeout = timeoutNs == null ? null : Duration.ofNanos(Math.max(1, timeoutNs));
    return new QueryOptions(lookbackMs, timeout, perStepStats && r.param("stats").equals("all"));
  }

  /** Creating a query parses it: its errors are the query parameter's. */
  private static Query create(Supplier<Query> make) {
    try {
      return make.get();
    } catch (PromqlException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
  }

  private Body run(Cancellation ctx, Query q, long limit, String stats) {
    ctx.onCancel(q::cancel);
    QueryResult res;
    try {
      res = q.exec();
    } catch (PromqlException e) {
      throw new ApiException(errorType(e.type()), e.getMessage(), e);
    }
    Value value = res.value();
    List<String> warnings = new ArrayList<>(res.warnings());
    if (limit > 0) {
      Value cut = truncate(value, limit);
      if (cut != value) {
        warnings.add(TRUNCATED);
        value = cut;
      }
    }
    Value v = value;
    List<String> w = capped(warnings, "warning");
    List<String> i = capped(res.infos(), "info");
    QueryJson.StatsRequest sr = new QueryJson.StatsRequest(!stats.isEmpty(),
        perStepStats && stats.equals("all"));
    return out -> QueryJson.writeSuccess(out, v, res.stats(), sr, w, i);
  }

  /** The first {@code limit} samples or series, or {@code v} itself when it has no more. */
  static Value truncate(Value v, long limit) {
    return switch (v) {
      case Value.Vector vec when vec.samples().size() > limit ->
          new Value.Vector(vec.samples().subList(0, (int) limit));
      case Value.Matrix m when m.series().size() > limit ->
          new Value.Matrix(m.series().subList(0, (int) limit));
      default -> v;
    };
  }

  static List<String> capped(List<String> msgs, String kind) {
    if (msgs.size() <= MAX_ANNOTATIONS) {
      return msgs;
    }
    List<String> out = new ArrayList<>(msgs.subList(0, MAX_ANNOTATIONS));
    out.add((msgs.size() - MAX_ANNOTATIONS) + " more " + kind + " annotations omitted");
    return out;
  }

  /** {@code end - start} in nanoseconds, saturating as Go's {@code Time.Sub}. */
  private static long rangeNanos(long startMs, long endMs) {
    try {
      return Math.multiplyExact(Math.subtractExact(endMs, startMs), 1_000_000L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static ErrorType errorType(dev.vigil.promql.engine.ErrorType t) {
    return switch (t) {
      case BAD_DATA -> ErrorType.BAD_DATA;
      case EXECUTION -> ErrorType.EXECUTION;
      case TIMEOUT -> ErrorType.TIMEOUT;
      case CANCELED -> ErrorType.CANCELED;
      case INTERNAL -> ErrorType.INTERNAL;
      case UNAVAILABLE -> ErrorType.UNAVAILABLE;
    };
  }

  /**
   * A handler on the lean path: the same parameters, checks, answers and errors as through
   * Armeria ({@link #answer}), written to the lean path's exchange.
   */
  private LeanGet lean(Handler handler) {
    return (params, ex) -> {
      Body body;
      try {
        body = handler.handle(ex::onCancel, new ApiRequest(params, Map.of(), clock.instant()));
      } catch (Throwable t) {
        ApiException a = ErrorMapper.toApiException(t);
        ex.fail(a.type().status(), ApiJson.error(a.type(), a.getMessage()));
        return;
      }
      body.write(ex.success());
    };
  }

  private HttpService endpoint(Handler handler, ExchangeType exchange) {
    return new Endpoint(handler, exchange);
  }

  /**
   * One endpoint. Its exchange type tells Armeria to aggregate the request before the handler
   * runs, and for a {@link ExchangeType#UNARY unary} one to write the answer's headers and body
   * in one go (instant queries, whose answers are small); range queries keep a streamed answer.
   */
  private final class Endpoint implements HttpService {
    private final Handler handler;
    private final ExchangeType exchange;

    Endpoint(Handler handler, ExchangeType exchange) {
      this.handler = handler;
      this.exchange = exchange;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
      return QueryApi.this.serve(handler, exchange.isResponseStreaming(), ctx, req);
    }

    @Override
    public ExchangeType exchangeType(RoutingContext routingContext) {
      return exchange;
    }
  }

  private HttpResponse serve(Handler handler, boolean streaming, ServiceRequestContext ctx,
      HttpRequest req) {
    ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, requestTimeout);
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    req.aggregate()
        .thenAcceptAsync(agg -> answer(handler, streaming, ctx, agg, answer),
            ctx.blockingTaskExecutor())
        .exceptionally(t -> {
          answer.complete(ErrorMapper.toResponse(t));
          return null;
        });
    return HttpResponse.of(answer);
  }

  private void answer(Handler handler, boolean streaming, ServiceRequestContext ctx,
      AggregatedHttpRequest agg, CompletableFuture<HttpResponse> answer) {
    Body body;
    try {
      ApiRequest r = new ApiRequest(FormParams.parse(agg, ctx.query()), Map.of(),
          clock.instant());
      body = handler.handle(r2 -> ctx.whenRequestCancelling().thenRun(r2), r);
    } catch (Throwable t) {
      answer.complete(ErrorMapper.toResponse(t));
      return;
    }
    ResponseStream out = new ResponseStream(answer, streaming);
    try {
      body.write(out);
      out.finish();
    } catch (Throwable t) {
      if (out.streaming()) {
        out.abort(t);
      } else {
        answer.complete(ErrorMapper.toResponse(t));
      }
    }
  }
}
