package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;
import dev.vigil.server.TestVigil;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table tests over the Prometheus read API of an in-process server: answers compared
 * structurally (Jackson trees) with what Prometheus answers for the same data.
 */
@Timeout(60)
class ReadApiTest {
  @TempDir
  static Path dir;

  static TestVigil vigil;

  @BeforeAll
  static void start() throws Exception {
    TargetsView targets = new TargetsView() {
      @Override
      public List<ActiveTarget> activeTargets() {
        return List.of(new ActiveTarget(
            Labels.of("__address__", "localhost:9100", "job", "node"),
            Labels.of("instance", "localhost:9100", "job", "node"), "node",
            "http://localhost:9100/metrics", "", Instant.parse("2023-11-14T22:13:20.5Z"), 0.0125,
            TargetHealth.UP, "15s", "10s",
            Map.of("up", new MetricMetadata(MetricType.GAUGE, "Up.", ""))), new ActiveTarget(
            Labels.of("__address__", "127.0.0.1:9090", "job", "alpha"),
            Labels.of("instance", "127.0.0.1:9090", "job", "alpha"), "alpha",
            "http://127.0.0.1:9090/metrics", "connection refused", null, 0, TargetHealth.DOWN,
            "1m", "10s", Map.of()));
      }

      @Override
      public List<DroppedTarget> droppedTargets() {
        return List.of(new DroppedTarget(Labels.of("__address__", "x:1", "job", "node"), "node"));
      }
    };
    vigil = TestVigil.start(ApiFixture.storage(), """
        global:
          scrape_interval: 15s
          external_labels:
            site: eu1
        """, ApiFixture.CLOCK, dir, s -> s.setTargetsView(targets));
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  /** Single quotes in {@code want} stand for double quotes. */
  private static void check(String path, int status, String want) {
    check(vigil.get(path), status, want);
  }

  private static void check(TestVigil.Response r, int status, String want) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    if (want == null) {
      return;
    }
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode expected;
    try {
      expected = TestVigil.JSON.readTree(want.startsWith("{\"") ? want
          : want.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError("bad expectation " + want, e);
    }
    assertThat(r.json()).as(r.body()).isEqualTo(expected);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The expected error answer, as real JSON (error texts contain quotes of both kinds). */
  private static String error(String type, String msg) {
    return TestVigil.JSON.createObjectNode().put("status", "error").put("errorType", type)
        .put("error", msg).toString();
  }

  private static final String UP_A = "{'__name__':'up','instance':'a:9090','job':'prom'}";
  private static final String UP_B = "{'__name__':'up','instance':'b:9100','job':'node'}";
  private static final String HTTP =
      "{'__name__':'http_requests_total','code':'200','handler':'/api','job':'prom'}";

  @Test
  void series() {
    check("/api/v1/series?match[]=up", 200, "{'status':'success','data':[" + UP_A + "," + UP_B
        + "]}");
    check("/api/v1/series?match[]=" + q("up{job=\"node\"}") + "&match[]=http_requests_total"
        + "&match[]=" + q("{__name__=\"up\",job=~\"no.*\"}"), 200,
        "{'status':'success','data':[" + HTTP + "," + UP_B + "]}");
    check("/api/v1/series?match[]=up&limit=1", 200, "{'status':'success','data':[" + UP_A
        + "],'warnings':['results truncated due to limit']}");
    check("/api/v1/series?match[]=up&limit=2", 200, "{'status':'success','data':[" + UP_A + ","
        + UP_B + "]}");
    check("/api/v1/series?match[]=up&end=" + q("2023-11-14T20:00:00Z"), 200,
        "{'status':'success','data':[]}");
    check("/api/v1/series?match[]=up&start=" + (ApiFixture.T0 / 1000 + 20) + "&end="
        + (ApiFixture.T0 / 1000 + 40) + ".5", 200, "{'status':'success','data':[" + UP_A + "]}");
    check("/api/v1/series?match[]=" + q("{\"my.utf8.metric\"}"), 200,
        "{'status':'success','data':[{'__name__':'my.utf8.metric','service.name':'checkout'}]}");
    check("/api/v1/series?match[]=up&unknown=1", 200, "{'status':'success','data':[" + UP_A + ","
        + UP_B + "]}");
  }

  @Test
  void seriesErrors() {
    check("/api/v1/series", 400, error("bad_data", "no match[] parameter provided"));
    check("/api/v1/series?match[]=" + q("{job=~\".*\"}"), 400, error("bad_data",
        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"));
    check("/api/v1/series?match[]=" + q("up{"), 400, error("bad_data",
        "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces"));
    check("/api/v1/series?match[]=up&start=x", 400, error("bad_data", "invalid parameter "
        + "\"start\": Invalid time value for 'start': cannot parse \"x\" to a valid timestamp"));
    check("/api/v1/series?match[]=up&end=tomorrow", 400, error("bad_data", "invalid parameter "
        + "\"end\": Invalid time value for 'end': cannot parse \"tomorrow\" to a valid timestamp"));
    check("/api/v1/series?match[]=up&limit=-1", 400,
        error("bad_data", "invalid parameter \"limit\": limit must be non-negative"));
    check("/api/v1/series?match[]=up&limit=x", 400, error("bad_data",
        "invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax"));
    check("/api/v1/series?match[]=" + q("up{job=~\"(\"}"), 400, null);
  }

  @Test
  void seriesByPostForm() {
    check(vigil.postForm("/api/v1/series", "match[]=up&start=1"), 200,
        "{'status':'success','data':[" + UP_A + "," + UP_B + "]}");
    // Body values and URL values are merged, as Go's ParseForm does.
    check(vigil.postForm("/api/v1/series?match[]=http_requests_total",
        "match[]=" + q("up{job=\"node\"}")), 200,
        "{'status':'success','data':[" + HTTP + "," + UP_B + "]}");
    check(vigil.postForm("/api/v1/series", "start=1"), 400,
        error("bad_data", "no match[] parameter provided"));
    check(vigil.postForm("/api/v1/labels", "match[]=up"), 200,
        "{'status':'success','data':['__name__','instance','job']}");
  }

  @Test
  void labels() {
    check("/api/v1/labels", 200, "{'status':'success','data':['__name__','code','handler',"
        + "'instance','job','quantile','service.name']}");
    check("/api/v1/labels?match[]=up", 200,
        "{'status':'success','data':['__name__','instance','job']}");
    check("/api/v1/labels?match[]=up&match[]=go_gc_duration_seconds", 200,
        "{'status':'success','data':['__name__','instance','job','quantile']}");
    check("/api/v1/labels?limit=2", 200, "{'status':'success','data':['__name__','code'],"
        + "'warnings':['results truncated due to limit']}");
    check("/api/v1/labels?match[]=nonexistent", 200, "{'status':'success','data':[]}");
    check("/api/v1/labels?match[]=" + q("up{"), 400,
        error("bad_data", "1:4: parse error: unexpected end of input inside braces"));
    check("/api/v1/labels?match[]=" + q("{job=~\".*\"}"), 400,
        error("bad_data", "match[] must contain at least one non-empty matcher"));
  }

  @Test
  void labelValues() {
    check("/api/v1/label/job/values", 200, "{'status':'success','data':['node','old','prom']}");
    check("/api/v1/label/__name__/values", 200, "{'status':'success','data':["
        + "'go_gc_duration_seconds','http_requests_total','my.utf8.metric','old_metric',"
        + "'stale_metric','up']}");
    check("/api/v1/label/U__service_2e_name/values", 200,
        "{'status':'success','data':['checkout']}");
    check("/api/v1/label/job/values?match[]=up", 200,
        "{'status':'success','data':['node','prom']}");
    check("/api/v1/label/job/values?limit=1", 200, "{'status':'success','data':['node'],"
        + "'warnings':['results truncated due to limit']}");
    check("/api/v1/label/nonexistent/values", 200, "{'status':'success','data':[]}");
    check("/api/v1/label/job/values?end=" + (ApiFixture.T0 / 1000 - 60), 200,
        "{'status':'success','data':['old']}");
    check("/api/v1/label/job/values?match[]=" + q("up{"), 400,
        error("bad_data", "1:4: parse error: unexpected end of input inside braces"));
    check(vigil.method("POST", "/api/v1/label/job/values"), 405, null);
  }

  @Test
  void metadata() {
    check("/api/v1/metadata", 200, "{'status':'success','data':{"
        + "'http_requests_total':[{'type':'counter','help':'Total requests.','unit':''}],"
        + "'up':[{'type':'gauge','help':'1 if the target is up.','unit':''}]}}");
    check("/api/v1/metadata?limit=1", 200, "{'status':'success','data':{"
        + "'http_requests_total':[{'type':'counter','help':'Total requests.','unit':''}]}}");
    check("/api/v1/metadata?limit=0", 200, "{'status':'success','data':{}}");
    check("/api/v1/metadata?metric=up&limit_per_metric=1", 200, "{'status':'success','data':{"
        + "'up':[{'type':'gauge','help':'1 if the target is up.','unit':''}]}}");
    check("/api/v1/metadata?metric=nonexistent", 200, "{'status':'success','data':{}}");
    check("/api/v1/metadata?limit=x", 400, error("bad_data", "limit must be a number"));
    check("/api/v1/metadata?limit_per_metric=x", 400,
        error("bad_data", "limit_per_metric must be a number"));
  }

  @Test
  void exemplars() {
    String want = "{'status':'success','data':[{'seriesLabels':" + HTTP + ",'exemplars':["
        + "{'labels':{'trace_id':'abc'},'value':'6','timestamp':1700000001.479}]}]}";
    check("/api/v1/query_exemplars?query=http_requests_total", 200, want);
    check("/api/v1/query_exemplars?query=" + q("up or http_requests_total{code=\"200\"}"), 200,
        want);
    check(vigil.postForm("/api/v1/query_exemplars", "query=http_requests_total&start=1700000001"),
        200, want);
    check("/api/v1/query_exemplars?query=http_requests_total&start=1700000002", 200,
        "{'status':'success','data':[]}");
    check("/api/v1/query_exemplars?query=up&start=5&end=1", 400,
        error("bad_data", "end timestamp must not be before start timestamp"));
    check("/api/v1/query_exemplars?query=", 400,
        error("bad_data", "1:1: parse error: no expression found in input"));
    check("/api/v1/query_exemplars?query=" + q("up{"), 400,
        error("bad_data", "1:4: parse error: unexpected end of input inside braces"));
    // Any PromQL: the exemplars of the series its vector selectors select.
    check("/api/v1/query_exemplars?query="
        + q("histogram_quantile(0.9, rate(http_requests_total[5m])) > bool on() up"), 200, want);
    check("/api/v1/query_exemplars?query=" + q("rate(up[5m])"), 200,
        "{'status':'success','data':[]}");
    assertThat(vigil.get("/api/v1/query_exemplars?query=" + q("1 + 1")).status())
        .as("no selectors, no content").isEqualTo(204);
    TestVigil.Response r = vigil.get("/api/v1/query_exemplars?query=" + q("rate(up)"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errorType").asText()).isEqualTo("bad_data");
    assertThat(r.json().get("error").asText()).startsWith("1:6: parse error: ");
    // The raw JSON keeps Prometheus's timestamp rendering (seconds with milliseconds).
    assertThat(vigil.get("/api/v1/query_exemplars?query=http_requests_total").body())
        .contains("\"timestamp\":1700000001.479");
  }

  @Test
  void targets() {
    String node = "{'discoveredLabels':{'__address__':'localhost:9100','job':'node'},"
        + "'labels':{'instance':'localhost:9100','job':'node'},'scrapePool':'node',"
        + "'scrapeUrl':'http://localhost:9100/metrics',"
        + "'globalUrl':'http://vigil.example:9100/metrics','lastError':'',"
        + "'lastScrape':'2023-11-14T22:13:20.5Z','lastScrapeDuration':0.0125,'health':'up',"
        + "'scrapeInterval':'15s','scrapeTimeout':'10s'}";
    String alpha = "{'discoveredLabels':{'__address__':'127.0.0.1:9090','job':'alpha'},"
        + "'labels':{'instance':'127.0.0.1:9090','job':'alpha'},'scrapePool':'alpha',"
        + "'scrapeUrl':'http://127.0.0.1:9090/metrics',"
        + "'globalUrl':'http://vigil.example:9090/metrics','lastError':'connection refused',"
        + "'lastScrape':'0001-01-01T00:00:00Z','lastScrapeDuration':0.0,'health':'down',"
        + "'scrapeInterval':'1m','scrapeTimeout':'10s'}";
    String dropped = "{'discoveredLabels':{'__address__':'x:1','job':'node'},'scrapePool':'node'}";
    check("/api/v1/targets", 200, "{'status':'success','data':{'activeTargets':[" + alpha + ","
        + node + "],'droppedTargets':[" + dropped + "],'droppedTargetCounts':{'node':1}}}");
    check("/api/v1/targets?state=active", 200, "{'status':'success','data':{'activeTargets':["
        + alpha + "," + node + "],'droppedTargets':[],'droppedTargetCounts':{'node':1}}}");
    check("/api/v1/targets?state=Dropped", 200, "{'status':'success','data':{'activeTargets':[],"
        + "'droppedTargets':[" + dropped + "],'droppedTargetCounts':{'node':1}}}");
    check("/api/v1/targets?scrapePool=alpha", 200, "{'status':'success','data':{"
        + "'activeTargets':[" + alpha + "],'droppedTargets':[],'droppedTargetCounts':{}}}");
    check("/api/v1/targets/metadata?match_target=" + q("{job=\"node\"}"), 200,
        "{'status':'success','data':[{'target':{'instance':'localhost:9100','job':'node'},"
            + "'metric':'up','type':'gauge','help':'Up.','unit':''}]}");
    check("/api/v1/targets/metadata?metric=up", 200,
        "{'status':'success','data':[{'target':{'instance':'localhost:9100','job':'node'},"
            + "'type':'gauge','help':'Up.','unit':''}]}");
    check("/api/v1/targets/metadata?match_target=" + q("{job=\"alpha\"}"), 200,
        "{'status':'success','data':[]}");
    check("/api/v1/targets/metadata?match_target=" + q("{job="), 400, null);
  }

  @Test
  void status() {
    JsonNode build = vigil.get("/api/v1/status/buildinfo").json().get("data");
    assertThat(fieldNames(build)).containsExactly("version", "revision", "branch", "buildUser",
        "buildDate", "goVersion");
    assertThat(build.get("goVersion").asText()).startsWith("java25");

    JsonNode runtime = vigil.get("/api/v1/status/runtimeinfo").json().get("data");
    assertThat(fieldNames(runtime)).containsExactly("startTime", "CWD", "reloadConfigSuccess",
        "lastConfigTime", "corruptionCount", "goroutineCount", "GOMAXPROCS", "GOGC", "GODEBUG",
        "storageRetention");
    assertThat(runtime.get("reloadConfigSuccess").asBoolean()).isTrue();
    assertThat(runtime.get("storageRetention").asText()).isEqualTo("15d");
    assertThat(runtime.get("startTime").asText()).isEqualTo("2023-11-14T22:14:20Z");

    check("/api/v1/status/flags", 200, "{'status':'success','data':{"
        + "'query.lookback-delta':'5m','web.listen-address':'127.0.0.1:0'}}");

    String yaml = vigil.get("/api/v1/status/config").json().get("data").get("yaml").asText();
    assertThat(yaml).contains("scrape_interval: 15s", "scrape_timeout: 10s",
        "evaluation_interval: 1m", "site: eu1");

    check("/api/v1/status/tsdb?limit=2", 200, "{'status':'success','data':{"
        + "'headStats':{'numSeries':7,'numLabelPairs':15,'chunkCount':0,"
        + "'minTime':1699996400000,'maxTime':1700000030000},"
        + "'seriesCountByMetricName':[{'name':'up','value':2},"
        + "{'name':'go_gc_duration_seconds','value':1}],"
        + "'labelValueCountByLabelName':[{'name':'__name__','value':6},{'name':'job','value':3}],"
        + "'memoryInBytesByLabelName':[{'name':'__name__','value':79},{'name':'instance','value':12}],"
        + "'seriesCountByLabelValuePair':[{'name':'job=prom','value':4},"
        + "{'name':'__name__=up','value':2}]}}");
    check("/api/v1/status/tsdb?limit=0", 400, error("bad_data", "limit must be a positive number"));
  }

  @Test
  void corsForAllowedBrowserOrigins() {
    TestVigil.Response r = vigil.request("GET", "/api/v1/labels", "Origin",
        "https://grafana.example:3000");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("access-control-allow-origin"))
        .hasValue("https://grafana.example:3000");
    assertThat(r.headers().firstValue("access-control-allow-methods"))
        .hasValue("GET, POST, OPTIONS");
    TestVigil.Response preflight = vigil.request("OPTIONS", "/api/v1/series", "Origin",
        "http://grafana.example");
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin"))
        .hasValue("http://grafana.example");
    TestVigil.Response other = vigil.request("GET", "/api/v1/labels", "Origin",
        "https://evil.example");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  @Test
  void unknownPathsAndMethods() {
    assertThat(vigil.get("/api/v1/nonexistent").status()).isEqualTo(404);
    assertThat(vigil.method("DELETE", "/api/v1/series?match[]=up").status()).isEqualTo(405);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
