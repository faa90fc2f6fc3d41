package dev.vigil.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.server.TestVigil;
import dev.vigil.testkit.MemoryStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query endpoints over the real parser and engine and a store holding known data, through
 * HTTP: answers whose values follow from the data by hand (rates of steady counters, sums, range
 * steps), the engine's limits as Prometheus's errors, and format/parse_query.
 */
@Timeout(60)
class QueryEndToEndTest {
  static final long T0 = 1_700_000_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 600_000), ZoneOffset.UTC);

  @TempDir
  static Path dir;
  @TempDir
  static Path dir2;

  static TestVigil vigil;
  /** The same data behind an engine that may hold one sample only. */
  static TestVigil tiny;

  @BeforeAll
  static void start() throws Exception {
    MemoryStorage storage = new MemoryStorage();
    Appender a = storage.appender();
    Labels ra = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a");
    Labels rb = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b");
    Labels temp = Labels.of("__name__", "temp", "room", "x<y");
    Labels nativeH = Labels.of("__name__", "rpc_seconds", "job", "api");
    for (int i = 0; i <= 40; i++) {
      long t = T0 + i * 15_000L;
      a.append(0, ra, t, i * 15.0);
      a.append(0, rb, t, i * 30.0);
      a.append(0, temp, t, 21.5);
      a.appendHistogram(0, nativeH, t, FakeEngine.histogram());
    }
    a.commit();
    vigil = TestVigil.start(storage, "global:\n  scrape_interval: 15s\n", CLOCK, dir,
        s -> new QueryApi(new PromqlEngine(EngineOptions.DEFAULT), storage::querier,
            ParserOptions.DEFAULT, true, Duration.ofMinutes(2), CLOCK).register(s));
    tiny = TestVigil.start(storage, "global:\n  scrape_interval: 15s\n", CLOCK, dir2,
        s -> new QueryApi(new PromqlEngine(EngineOptions.DEFAULT.withMaxSamples(1)),
            storage::querier, ParserOptions.DEFAULT, false, Duration.ofMinutes(2), CLOCK)
            .register(s));
  }

  @AfterAll
  static void stop() {
    vigil.close();
    tiny.close();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String body(TestVigil.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body().replace('"', '\'');
  }

  /**
   * Rates follow Prometheus's float steps exactly: 45 per 45s extrapolated to 60s is
   * {@code 45 * (60/45/60)}, one ulp below 1, as Prometheus answers too.
   */
  @Test
  void instantQueries() {
    assertThat(body(vigil.get("/api/v1/query?query=" + q("rate(http_requests_total[1m])")
        + "&time=1700000300"))).isEqualTo("{'status':'success','data':{'resultType':'vector',"
        + "'result':[{'metric':{'instance':'a','job':'api'},"
        + "'value':[1700000300,'0.9999999999999999']},"
        + "{'metric':{'instance':'b','job':'api'},'value':[1700000300,'1.9999999999999998']}]}}");
    assertThat(body(vigil.get("/api/v1/query?query=" + q("sum(rate(http_requests_total[1m]))")
        + "&time=1700000300.5"))).isEqualTo("{'status':'success','data':{'resultType':'vector',"
        + "'result':[{'metric':{},'value':[1700000300.500,'2.9999999999999996']}]}}");
    assertThat(body(vigil.get("/api/v1/query?query=temp&time=1700000100")))
        .isEqualTo("{'status':'success','data':{'resultType':'vector','result':["
            + "{'metric':{'__name__':'temp','room':'x\\u003cy'},'value':[1700000100,'21.5']}]}}");
    // "now" is the request time: T0 + 10m, lookback 5m reaches the last sample (T0 + 10m)
    assertThat(body(vigil.get("/api/v1/query?query=" + q("temp / 2"))))
        .contains("'value':[1700000600,'10.75']");
    assertThat(body(vigil.get("/api/v1/query?query=" + q("scalar(temp)") + "&time=1700000100")))
        .isEqualTo("{'status':'success','data':{'resultType':'scalar',"
            + "'result':[1700000100,'21.5']}}");
  }

  @Test
  void nativeHistograms() {
    String h = "{'count':'10','sum':'12.5','buckets':[[1,'-1','-0.5','6'],"
        + "[3,'-0.001','0.001','1'],[0,'1','2','2'],[0,'2','4','1']]}";
    assertThat(body(vigil.get("/api/v1/query?query=rpc_seconds&time=1700000100")))
        .isEqualTo("{'status':'success','data':{'resultType':'vector','result':[{'metric':"
            + "{'__name__':'rpc_seconds','job':'api'},'histogram':[1700000100," + h + "]}]}}");
    assertThat(body(vigil.get("/api/v1/query_range?query=rpc_seconds"
        + "&start=1700000100&end=1700000160&step=60")))
        .isEqualTo("{'status':'success','data':{'resultType':'matrix','result':[{'metric':"
            + "{'__name__':'rpc_seconds','job':'api'},'histograms':[[1700000100," + h + "],"
            + "[1700000160," + h + "]]}]}}");
    assertThat(body(vigil.get("/api/v1/query?query=" + q("histogram_count(rpc_seconds)")
        + "&time=1700000100"))).contains("'value':[1700000100,'10']");
  }

  @Test
  void rangeQueryWithStats() {
    JsonNode j = vigil.get("/api/v1/query_range?query=" + q("sum(rate(http_requests_total[1m]))")
        + "&start=1700000120&end=1700000240&step=60&stats=all").json();
    assertThat(j.at("/data/resultType").asText()).isEqualTo("matrix");
    assertThat(j.at("/data/result/0/values").toString())
        .isEqualTo("[[1700000120,\"2.9999999999999996\"],[1700000180,\"2.9999999999999996\"],"
            + "[1700000240,\"2.9999999999999996\"]]");
    assertThat(j.at("/data/stats/samples/totalQueryableSamples").asLong()).isPositive();
    assertThat(j.at("/data/stats/samples/totalQueryableSamplesPerStep")).hasSize(3);
  }

  @Test
  void limitsAnswerAsPrometheus() {
    TestVigil.Response r = tiny.get("/api/v1/query?query=http_requests_total&time=1700000300");
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().get("errorType").asText()).isEqualTo("execution");
    assertThat(r.json().get("error").asText()).isEqualTo(
        "query processing would load too many samples into memory in query execution");
    TestVigil.Response late = vigil.get("/api/v1/query?query=temp&timeout=0");
    assertThat(late.status()).as(late.body()).isEqualTo(503);
    assertThat(late.json().get("errorType").asText()).isEqualTo("timeout");
    TestVigil.Response bad = vigil.get("/api/v1/query?query=" + q("sum("));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText())
        .startsWith("invalid parameter \"query\": 1:5: parse error: ");
    TestVigil.Response range = vigil.get("/api/v1/query_range?query=" + q("temp[5m]")
        + "&start=1700000120&end=1700000240&step=60");
    assertThat(range.status()).isEqualTo(400);
    assertThat(range.json().get("error").asText()).startsWith("invalid parameter \"query\": ");
  }

  @Test
  void formatAndParseQuery() {
    assertThat(body(vigil.get("/api/v1/format_query?query="
        + q("sum(rate(http_requests_total[5m]))by(job)"))))
        .isEqualTo("{'status':'success','data':'sum by (job) (rate(http_requests_total[5m]))'}");
    assertThat(body(vigil.postForm("/api/v1/format_query", "query=" + q("up  +  1"))))
        .isEqualTo("{'status':'success','data':'up + 1'}");
    JsonNode ast = vigil.get("/api/v1/parse_query?query=" + q("rate(up[5m] offset 1m)")).json();
    assertThat(ast.at("/data/type").asText()).isEqualTo("call");
    assertThat(ast.at("/data/args/0/type").asText()).isEqualTo("matrixSelector");
    assertThat(ast.at("/data/args/0/range").asLong()).isEqualTo(300_000);
    assertThat(ast.at("/data/args/0/offset").asLong()).isEqualTo(60_000);
    TestVigil.Response bad = vigil.get("/api/v1/parse_query?query=" + q("up{"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText())
        .startsWith("invalid parameter \"query\": 1:4: parse error: ");
  }
}
