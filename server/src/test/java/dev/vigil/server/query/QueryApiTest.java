package dev.vigil.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query endpoints over a fake engine: parameter parsing and its error texts, status codes,
 * and the exact JSON text Prometheus writes (value and timestamp formatting, escaping, field
 * order), compared byte for byte where Prometheus's output is deterministic.
 */
@Timeout(60)
class QueryApiTest {
  static final long NOW = 1_700_000_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  @TempDir
  static Path dir;

  static TestVigil vigil;
  static final FakeEngine engine = new FakeEngine();

  @BeforeAll
  static void start() throws Exception {
    MemoryStorage storage = new MemoryStorage();
    vigil = TestVigil.start(storage, "global:\n  scrape_interval: 15s\n", CLOCK, dir,
        s -> new QueryApi(engine, storage::querier, ParserOptions.DEFAULT, true,
            Duration.ofMinutes(2), CLOCK).register(s));
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** GET {@code path} answers {@code status} with exactly {@code body} (single quotes = double). */
  private static void check(String path, int status, String body) {
    TestVigil.Response r = vigil.get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.body()).isEqualTo(body.replace('\'', '"'));
  }

  private static void checkError(String path, int status, String type, String message) {
    TestVigil.Response r = vigil.get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode j = r.json();
    assertThat(j.get("status").asText()).isEqualTo("error");
    assertThat(j.get("errorType").asText()).isEqualTo(type);
    assertThat(j.get("error").asText()).isEqualTo(message);
  }

  static final String VECTOR = "{'status':'success','data':{'resultType':'vector','result':["
      + "{'metric':{'__name__':'up','instance':'a:9090','job':'prom'},"
      + "'value':[1435781451.781,'1']},"
      + "{'metric':{'job':'x'},'value':[1435781451.781,'1e-07']},"
      + "{'metric':{},'value':[1435781451.781,'NaN']},"
      + "{'metric':{'v':'big'},'value':[1435781451.781,'123456789012.25']},"
      + "{'metric':{'v':'inf'},'value':[1435781451.781,'+Inf']}]}}";

  @Test
  void instantVectorIsWrittenAsPrometheusWritesIt() {
    check("/api/v1/query?query=vector&time=1435781451.781", 200, VECTOR);
    assertThat(engine.last.start()).isEqualTo(1_435_781_451_781L);
  }

  @Test
  void formPostGivesTheSameAnswer() {
    TestVigil.Response r = vigil.postForm("/api/v1/query", "query=vector&time=1435781451.781");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(VECTOR.replace('\'', '"'));
  }

  @Test
  void otherResultTypes() {
    check("/api/v1/query?query=scalar", 200,
        "{'status':'success','data':{'resultType':'scalar','result':[1435781451.781,"
            + "'1000000000000000000000']}}");
    check("/api/v1/query?query=string", 200, "{'status':'success','data':{'resultType':'string',"
        + "'result':[1435781451.781,'a\\u003cb\\u003e\\u0026\\'c\\'']}}");
    check("/api/v1/query?query=empty", 200,
        "{'status':'success','data':{'resultType':'vector','result':[]}}");
    check("/api/v1/query_range?query=matrix&start=1&end=3&step=1", 200,
        "{'status':'success','data':{'resultType':'matrix','result':["
            + "{'metric':{'__name__':'up','job':'a'},'values':[[1,'1'],[1.500,"
            + "'0.30000000000000004'],[2.001,'-0']]},"
            + "{'metric':{'job':'b'},'values':[[1,'-Inf']]},"
            + "{'metric':{'job':'c'},'values':[[1,'7']]}]}}");
  }

  @Test
  void nativeHistogramsUseTheBucketEncoding() {
    check("/api/v1/query?query=histogram", 200,
        "{'status':'success','data':{'resultType':'vector','result':[{'metric':{'__name__':'h'},"
            + "'histogram':[1435781451.781,{'count':'10','sum':'12.5','buckets':["
            + "[1,'-1','-0.5','6'],[3,'-0.001','0.001','1'],[0,'1','2','2'],"
            + "[0,'2','4','1']]}]}]}}");
  }

  @Test
  void timeParameter() {
    vigil.get("/api/v1/query?query=vector");
    assertThat(engine.last.start()).as("defaults to now").isEqualTo(NOW);
    vigil.get("/api/v1/query?query=vector&time=" + q("2015-07-01T20:10:51.781Z"));
    assertThat(engine.last.start()).isEqualTo(1_435_781_451_781L);
    vigil.get("/api/v1/query?query=vector&time=1435781451.7815");
    assertThat(engine.last.start()).as("rounded to the millisecond").isEqualTo(1_435_781_451_782L);
    checkError("/api/v1/query?query=vector&time=yesterday", 400, "bad_data",
        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to"
            + " a valid timestamp");
  }

  @Test
  void rangeParameters() {
    vigil.get("/api/v1/query_range?query=vector&start=100&end=" + q("1970-01-01T00:10:00Z")
        + "&step=15s");
    assertThat(engine.last).isEqualTo(new FakeEngine.Call("vector", 100_000, 600_000, 15_000,
        engine.last.options()));
    vigil.get("/api/v1/query_range?query=vector&start=100&end=200&step=0.5");
    assertThat(engine.last.step()).isEqualTo(500);
    vigil.get("/api/v1/query_range?query=vector&start=100&end=200&step=1m30s");
    assertThat(engine.last.step()).isEqualTo(90_000);
    checkError("/api/v1/query_range?query=vector&end=200&step=15", 400, "bad_data",
        "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
    checkError("/api/v1/query_range?query=vector&start=x&end=200&step=15", 400, "bad_data",
        "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp");
    checkError("/api/v1/query_range?query=vector&start=100&step=15", 400, "bad_data",
        "invalid parameter \"end\": cannot parse \"\" to a valid timestamp");
    checkError("/api/v1/query_range?query=vector&start=300&end=200&step=15", 400, "bad_data",
        "invalid parameter \"end\": end timestamp must not be before start time");
    checkError("/api/v1/query_range?query=vector&start=100&end=200", 400, "bad_data",
        "invalid parameter \"step\": cannot parse \"\" to a valid duration");
    checkError("/api/v1/query_range?query=vector&start=100&end=200&step=fast", 400, "bad_data",
        "invalid parameter \"step\": cannot parse \"fast\" to a valid duration");
    checkError("/api/v1/query_range?query=vector&start=100&end=200&step=0", 400, "bad_data",
        "invalid parameter \"step\": zero or negative query resolution step widths are not "
            + "accepted. Try a positive integer");
    checkError("/api/v1/query_range?query=vector&start=100&end=200&step=-5s", 400, "bad_data",
        "invalid parameter \"step\": cannot parse \"-5s\" to a valid duration");
    checkError("/api/v1/query_range?query=vector&start=100&end=200&step=-5", 400, "bad_data",
        "invalid parameter \"step\": zero or negative query resolution step widths are not "
            + "accepted. Try a positive integer");
    checkError("/api/v1/query_range?query=vector&start=0&end=11001&step=1", 400, "bad_data",
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
            + "resolution (?step=XX)");
    // exactly 11,000 intervals is allowed
    assertThat(vigil.get("/api/v1/query_range?query=vector&start=0&end=11000&step=1").status())
        .isEqualTo(200);
  }

  @Test
  void limitTruncatesAndWarns() {
    check("/api/v1/query?query=vector&time=1435781451.781&limit=2", 200,
        "{'status':'success','data':{'resultType':'vector','result':["
            + "{'metric':{'__name__':'up','instance':'a:9090','job':'prom'},"
            + "'value':[1435781451.781,'1']},"
            + "{'metric':{'job':'x'},'value':[1435781451.781,'1e-07']}]},"
            + "'warnings':['results truncated due to limit']}");
    check("/api/v1/query?query=vector&time=1435781451.781&limit=5", 200, VECTOR);
    check("/api/v1/query?query=vector&time=1435781451.781&limit=0", 200, VECTOR);
    JsonNode m = vigil.get("/api/v1/query_range?query=matrix&start=1&end=3&step=1&limit=1")
        .json();
    assertThat(m.at("/data/result")).hasSize(1);
    assertThat(m.at("/warnings/0").asText()).isEqualTo("results truncated due to limit");
    checkError("/api/v1/query?query=vector&limit=-1", 400, "bad_data",
        "invalid parameter \"limit\": limit must be non-negative");
    checkError("/api/v1/query?query=vector&limit=ten", 400, "bad_data",
        "invalid parameter \"limit\": strconv.Atoi: parsing \"ten\": invalid syntax");
  }

  @Test
  void statsAreWrittenWhenAsked() {
    JsonNode none = vigil.get("/api/v1/query?query=stats").json();
    assertThat(none.at("/data").has("stats")).isFalse();
    JsonNode some = vigil.get("/api/v1/query?query=stats&stats=1").json();
    assertThat(some.at("/data/stats/timings").fieldNames()).toIterable().containsExactly(
        "evalTotalTime", "resultSortTime", "queryPreparationTime", "innerEvalTime",
        "execQueueTime", "execTotalTime");
    assertThat(some.at("/data/stats/samples").fieldNames()).toIterable()
        .containsExactly("totalQueryableSamples", "peakSamples");
    assertThat(some.at("/data/stats/samples/totalQueryableSamples").asLong()).isEqualTo(42);
    assertThat(some.at("/data/stats/samples/peakSamples").asLong()).isEqualTo(7);
    assertThat(engine.last.options().perStepStats()).isFalse();

    TestVigil.Response all = vigil.get(
        "/api/v1/query_range?query=stats&stats=all&start=1435781451.781&end=1435781511.781"
            + "&step=60");
    assertThat(engine.last.options().perStepStats()).isTrue();
    assertThat(all.body()).contains("\"samples\":{\"totalQueryableSamplesPerStep\":"
        + "[[1435781451.781,3],[1435781511.781,4]],\"totalQueryableSamples\":42,"
        + "\"peakSamples\":7}");
    assertThat(all.body()).contains("\"queryPreparationTime\":2e-7,");
  }

  @Test
  void errorsCarryPrometheusTypesAndStatuses() {
    checkError("/api/v1/query?query=bad", 400, "bad_data",
        "invalid parameter \"query\": 1:4: parse error: unexpected end of input");
    checkError("/api/v1/query_range?query=bad&start=1&end=2&step=1", 400, "bad_data",
        "invalid parameter \"query\": 1:4: parse error: unexpected end of input");
    checkError("/api/v1/query?query=too_many", 422, "execution",
        "query processing would load too many samples into memory in query execution");
    checkError("/api/v1/query?query=timeout", 503, "timeout",
        "query timed out in expression evaluation");
    checkError("/api/v1/query?query=vector&timeout=soon", 400, "bad_data",
        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration");
    checkError("/api/v1/query?query=vector&lookback_delta=far", 400, "bad_data",
        "error parsing lookback delta duration: cannot parse \"far\" to a valid duration");
  }

  @Test
  void timeoutAndLookbackReachTheEngine() {
    vigil.get("/api/v1/query?query=vector&timeout=1.5&lookback_delta=1m");
    assertThat(engine.last.options().timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(engine.last.options().lookbackDeltaMs()).isEqualTo(60_000);
    vigil.get("/api/v1/query?query=vector&timeout=0");
    assertThat(engine.last.options().timeout()).as("a deadline already passed")
        .isEqualTo(Duration.ofNanos(1));
    vigil.get("/api/v1/query?query=vector");
    assertThat(engine.last.options().timeout()).isNull();
    assertThat(engine.last.options().lookbackDeltaMs()).isZero();
  }

  @Test
  void annotationsAreCappedAtTen() {
    JsonNode j = vigil.get("/api/v1/query?query=warn").json();
    assertThat(j.get("warnings")).hasSize(11);
    assertThat(j.at("/warnings/0").asText()).isEqualTo("PromQL warning: w0");
    assertThat(j.at("/warnings/10").asText()).isEqualTo("2 more warning annotations omitted");
    assertThat(j.at("/infos/0").asText()).isEqualTo("PromQL info: i");
  }

  @Test
  void clientGoingAwayCancelsTheQuery() throws Exception {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", vigil.server.port())) {
      sock.getOutputStream().write(("GET /api/v1/query?query=block HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      sock.getOutputStream().flush();
      Thread.sleep(300);
    }
    assertThat(engine.cancelled.await(15, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void largeAnswersStreamInChunksAndUnknownFailuresAreInternal() {
    // ~1.5 MB of JSON: many 64 KiB chunks, each waiting for the client to take it.
    JsonNode j = vigil.get("/api/v1/query?query=large").json();
    assertThat(j.at("/data/result")).hasSize(20_000);
    assertThat(j.at("/data/result/19999/metric/i").asText()).isEqualTo("19999");
    checkError("/api/v1/query?query=unknown", 500, "internal",
        "fake engine has no answer for unknown");
  }

  @Test
  void largeRangeAnswersStreamToo() {
    JsonNode j = vigil.get("/api/v1/query_range?query=large&start=1&end=2&step=1").json();
    assertThat(j.at("/data/result")).hasSize(20_000);
    assertThat(j.at("/data/result/19999/metric/i").asText()).isEqualTo("19999");
  }

  /**
   * A client naming an Accept-Encoding goes through Armeria's encoding service (which leaves
   * {@code application/json} answers as they are, as before), one that does not bypasses it: the
   * answers are the same.
   */
  @Test
  void answersAreTheSameWithAndWithoutAcceptEncoding() throws Exception {
    for (String path : new String[] {"/api/v1/query?query=large",
        "/api/v1/query_range?query=large&start=1&end=2&step=1", "/api/v1/query?query=vector"}) {
      java.net.http.HttpResponse<byte[]> asked = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(vigil.base() + path))
              .header("Accept-Encoding", "gzip").build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      byte[] body = asked.body();
      if (asked.headers().firstValue("content-encoding").orElse("").equals("gzip")) {
        body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))
            .readAllBytes();
      }
      TestVigil.Response plain = vigil.get(path);
      assertThat(plain.status()).isEqualTo(200);
      assertThat(new String(body, StandardCharsets.UTF_8)).as(path).isEqualTo(plain.body());
    }
  }
}
