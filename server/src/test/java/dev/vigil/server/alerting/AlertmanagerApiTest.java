package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every Alertmanager v2 endpoint on a wired server: shapes, filters, status codes, errors. */
@Timeout(60)
class AlertmanagerApiTest {
  static final String CONFIG = """
      route:
        receiver: web
        group_by: [alertname]
        group_wait: 1h
        routes:
          - matchers: [severity="page"]
            receiver: pager
      inhibit_rules:
        - source_matchers: [alertname="Outage"]
          target_matchers: [alertname="Slow"]
      receivers:
        - name: web
          webhook_configs:
            - url: http://127.0.0.1:1/hook
        - name: pager
      """;

  @TempDir Path dir;
  AmVigil vigil;
  Path amConfig;

  @BeforeEach
  void start() throws Exception {
    amConfig = dir.resolve("am.yml");
    Files.writeString(amConfig, CONFIG);
    vigil = AmVigil.start(dir.resolve("data"), amConfig);
  }

  @AfterEach
  void stop() {
    vigil.close();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  void post(String json) {
    var r = vigil.post("/api/v2/alerts", json);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  List<String> names(JsonNode alerts) {
    List<String> out = new ArrayList<>();
    alerts.forEach(a -> out.add(a.get("labels").get("alertname").asText()));
    return out;
  }

  @Test
  void postedAlertsAreListedInAlertmanagersShape() {
    post("[{\"labels\":{\"alertname\":\"A\",\"severity\":\"page\",\"empty\":\"\"},"
        + "\"annotations\":{\"summary\":\"s\"},\"generatorURL\":\"http://g/x\"}]");
    JsonNode a = vigil.get("/api/v2/alerts").json().get(0);
    assertThat(a.get("labels").toString()).isEqualTo("{\"alertname\":\"A\",\"severity\":\"page\"}");
    assertThat(a.get("annotations").toString()).isEqualTo("{\"summary\":\"s\"}");
    assertThat(a.get("receivers").toString()).isEqualTo("[{\"name\":\"pager\"}]");
    assertThat(a.get("status").toString())
        .isEqualTo("{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"}");
    assertThat(a.get("fingerprint").asText()).matches("[0-9a-f]{16}");
    assertThat(a.get("generatorURL").asText()).isEqualTo("http://g/x");
    assertThat(a.get("startsAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    // no end given: now + resolve_timeout (5m)
    Instant start = Instant.parse(a.get("startsAt").asText());
    assertThat(Instant.parse(a.get("endsAt").asText())).isEqualTo(start.plusSeconds(300));
    assertThat(a.fieldNames()).toIterable().containsExactly("annotations", "endsAt",
        "fingerprint", "receivers", "startsAt", "status", "updatedAt", "generatorURL", "labels");
  }

  @Test
  void alertFiltersAsAlertmanager() {
    post("[{\"labels\":{\"alertname\":\"A\",\"severity\":\"page\"}},"
        + "{\"labels\":{\"alertname\":\"B\",\"team\":\"x\"}},"
        + "{\"labels\":{\"alertname\":\"Outage\"}},{\"labels\":{\"alertname\":\"Slow\"}},"
        + "{\"labels\":{\"alertname\":\"Old\"},\"startsAt\":\"2020-01-01T00:00:00Z\","
        + "\"endsAt\":\"2020-01-01T01:00:00Z\"}]");
    assertThat(names(vigil.get("/api/v2/alerts").json()))
        .containsExactlyInAnyOrder("A", "B", "Outage", "Slow");
    assertThat(names(vigil.get("/api/v2/alerts?filter=" + q("alertname=~\"A|B\"")).json()))
        .containsExactlyInAnyOrder("A", "B");
    // a matcher for an empty value accepts a missing label
    assertThat(names(vigil.get("/api/v2/alerts?filter=" + q("team=\"\"")).json()))
        .containsExactlyInAnyOrder("A", "Outage", "Slow");
    assertThat(names(vigil.get("/api/v2/alerts?filter=" + q("team!=\"\"")).json()))
        .containsExactlyInAnyOrder("A", "B", "Outage", "Slow");
    assertThat(names(vigil.get("/api/v2/alerts?receiver=pag.*").json())).containsExactly("A");
    assertThat(names(vigil.get("/api/v2/alerts?inhibited=false").json()))
        .containsExactlyInAnyOrder("A", "B", "Outage");
    JsonNode slow = vigil.get("/api/v2/alerts?filter=alertname%3DSlow").json().get(0);
    assertThat(slow.get("status").get("state").asText()).isEqualTo("suppressed");
    assertThat(slow.get("status").get("inhibitedBy")).hasSize(1);
    assertThat(names(vigil.get("/api/v2/alerts?active=false").json())).containsExactly("Slow");
    assertThat(vigil.get("/api/v2/alerts").json().findValuesAsText("fingerprint"))
        .isSorted();
  }

  @Test
  void alertErrorsAsAlertmanager() {
    var r = vigil.get("/api/v2/alerts?filter=foo");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("\"bad matcher format: foo\"");
    r = vigil.get("/api/v2/alerts?receiver=" + q("("));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("\"failed to parse receiver param: error parsing regexp");
    r = vigil.post("/api/v2/alerts", "[{\"labels\":{}}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("\"at least one label pair required\"");
    r = vigil.post("/api/v2/alerts", "[{\"annotations\":{}}]");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).isEqualTo("{\"code\":602,\"message\":\"0.labels in body is required\"}");
    r = vigil.post("/api/v2/alerts", "[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2030-01-01T00:00:00Z\","
        + "\"endsAt\":\"2020-01-01T00:00:00Z\"},{\"labels\":{\"0a\":\"b\"}},{\"labels\":{\"ok\":\"1\"}}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(
        "\"start time must be before end time; invalid label set: invalid name \\\"0a\\\"\"");
    // the valid alert of the batch is stored anyway
    assertThat(vigil.get("/api/v2/alerts?filter=ok%3D1").json()).hasSize(1);
    r = vigil.post("/api/v2/alerts", "xx");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).startsWith("parsing alerts body from \"\" failed, because");
    r = vigil.post("/api/v2/alerts", "[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"bad\"}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains("parsing time \"bad\"");
  }

  @Test
  void groupsFollowTheRoutes() {
    post("[{\"labels\":{\"alertname\":\"A\",\"severity\":\"page\"}},"
        + "{\"labels\":{\"alertname\":\"B\",\"i\":\"1\"}},{\"labels\":{\"alertname\":\"B\",\"i\":\"2\"}}]");
    JsonNode gs = vigil.get("/api/v2/alerts/groups").json();
    assertThat(gs).hasSize(2);
    assertThat(gs.get(0).get("labels").toString()).isEqualTo("{\"alertname\":\"A\"}");
    assertThat(gs.get(0).get("receiver").toString()).isEqualTo("{\"name\":\"pager\"}");
    assertThat(gs.get(1).get("alerts")).hasSize(2);
    assertThat(gs.get(1).fieldNames()).toIterable().containsExactly("alerts", "labels", "receiver");
    assertThat(vigil.get("/api/v2/alerts/groups?receiver=web").json()).hasSize(1);
    assertThat(vigil.get("/api/v2/alerts/groups?filter=i%3D2").json().get(0).get("alerts"))
        .hasSize(1);
    assertThat(vigil.get("/api/v2/alerts/groups?filter=%7B").status()).isEqualTo(400);
  }

  String silence(String matchers, String start, String end) {
    return "{\"matchers\":" + matchers + ",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end
        + "\",\"createdBy\":\"me\",\"comment\":\"c\"}";
  }

  @Test
  void silencesLifecycle() {
    post("[{\"labels\":{\"alertname\":\"A\"}},{\"labels\":{\"alertname\":\"B\"}}]");
    var r = vigil.post("/api/v2/silences", silence(
        "[{\"name\":\"alertname\",\"value\":\"A\",\"isRegex\":false}]", "2020-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String id = r.json().get("silenceID").asText();
    assertThat(id).matches("[0-9a-f-]{36}");
    JsonNode s = vigil.get("/api/v2/silence/" + id).json();
    assertThat(s.fieldNames()).toIterable().containsExactly("id", "status", "updatedAt",
        "comment", "createdBy", "endsAt", "matchers", "startsAt");
    assertThat(s.get("matchers").toString()).isEqualTo(
        "[{\"isEqual\":true,\"isRegex\":false,\"name\":\"alertname\",\"value\":\"A\"}]");
    assertThat(s.get("status").get("state").asText()).isEqualTo("active");
    assertThat(names(vigil.get("/api/v2/alerts?silenced=false").json())).containsExactly("B");
    JsonNode a = vigil.get("/api/v2/alerts?filter=alertname%3DA").json().get(0);
    assertThat(a.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);
    // a second, pending silence; filters compare matchers literally
    String id2 = vigil.post("/api/v2/silences", silence(
        "[{\"name\":\"x\",\"value\":\"y\",\"isRegex\":true,\"isEqual\":false}]",
        "2098-01-01T00:00:00Z", "2099-01-01T00:00:00Z")).json().get("silenceID").asText();
    JsonNode all = vigil.get("/api/v2/silences").json();
    assertThat(all.findValuesAsText("id")).containsExactly(id, id2);
    assertThat(vigil.get("/api/v2/silences?filter=" + q("x!~y")).json().findValuesAsText("id"))
        .containsExactly(id2);
    assertThat(vigil.get("/api/v2/silences?filter=" + q("x=y")).json()).isEmpty();
    // expire; twice is fine; unknown is Alertmanager 0.25's 500
    assertThat(vigil.delete("/api/v2/silence/" + id).status()).isEqualTo(200);
    assertThat(vigil.delete("/api/v2/silence/" + id).status()).isEqualTo(200);
    assertThat(vigil.get("/api/v2/silence/" + id).json().get("status").get("state").asText())
        .isEqualTo("expired");
    assertThat(vigil.get("/api/v2/silences").json().findValuesAsText("id")).containsExactly(id2, id);
    r = vigil.delete("/api/v2/silence/6b9d3a3c-0000-4000-8000-000000000000");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("\"silence not found\"");
    assertThat(vigil.get("/api/v2/silence/6b9d3a3c-0000-4000-8000-000000000000").status())
        .isEqualTo(404);
    r = vigil.get("/api/v2/silence/notauuid");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).isEqualTo(
        "{\"code\":601,\"message\":\"silenceID in path must be of type uuid: \\\"notauuid\\\"\"}");
  }

  @Test
  void silenceErrorsAsAlertmanager() {
    String m = "[{\"name\":\"alertname\",\"value\":\"A\",\"isRegex\":false}]";
    check(silence(m, "2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z"), 400,
        "\"Failed to create silence: start time must be before end time\"");
    check(silence(m, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"), 400,
        "\"Failed to create silence: end time can't be in the past\"");
    check(silence("[]", "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z"), 422,
        "{\"code\":612,\"message\":\"matchers in body should have at least 1 items\"}");
    check(silence("[{\"name\":\"a\",\"value\":\"\",\"isRegex\":false}]", "2020-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z"), 400,
        "\"silence invalid: at least one matcher must not match the empty string\"");
    check("{\"id\":\"nope\",\"matchers\":" + m + ",\"startsAt\":\"2020-01-01T00:00:00Z\","
        + "\"endsAt\":\"2099-01-01T00:00:00Z\",\"createdBy\":\"me\",\"comment\":\"c\"}", 404,
        "\"silence not found\"");
    check("{\"matchers\":" + m + ",\"startsAt\":\"2020-01-01T00:00:00Z\","
        + "\"endsAt\":\"2099-01-01T00:00:00Z\",\"comment\":\"c\"}", 422,
        "{\"code\":602,\"message\":\"createdBy in body is required\"}");
    var r = vigil.post("/api/v2/silences", silence(
        "[{\"name\":\"a\",\"value\":\"(\",\"isRegex\":true}]", "2020-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith(
        "\"silence invalid: invalid label matcher 0: invalid regular expression \\\"(\\\"");
  }

  void check(String body, int status, String want) {
    var r = vigil.post("/api/v2/silences", body);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(want);
  }

  @Test
  void statusAndReceivers() throws Exception {
    JsonNode s = vigil.get("/api/v2/status").json();
    assertThat(s.get("config").get("original").asText()).isEqualTo(CONFIG);
    assertThat(s.get("cluster").get("status").asText()).isEqualTo("ready");
    assertThat(s.get("cluster").get("peers")).hasSize(1);
    assertThat(s.get("versionInfo").fieldNames()).toIterable().containsExactly("branch",
        "buildDate", "buildUser", "goVersion", "revision", "version");
    assertThat(Instant.parse(s.get("uptime").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(vigil.get("/api/v2/receivers").body())
        .isEqualTo("[{\"name\":\"web\"},{\"name\":\"pager\"}]");

    // reload with the server's configuration: a new receiver appears
    Files.writeString(amConfig, CONFIG + "  - name: extra\n");
    var reload = AmVigil.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(vigil.base() + "/-/reload")).POST(
            java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(reload.status()).as(reload.body()).isEqualTo(200);
    assertThat(vigil.get("/api/v2/receivers").body()).contains("extra");
    // an invalid file is rejected and the previous configuration stays
    Files.writeString(amConfig, "route:\n  receiver: nobody\nreceivers: []\n");
    reload = AmVigil.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(vigil.base() + "/-/reload")).POST(
            java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(reload.status()).isEqualTo(500);
    assertThat(reload.body()).contains("alertmanager config file").contains("nobody");
    assertThat(vigil.get("/api/v2/receivers").body()).contains("extra");
  }

  @Test
  void historyIsQueryableAndSurvivesARestart() throws Exception {
    post("[{\"labels\":{\"alertname\":\"A\",\"severity\":\"page\"}},"
        + "{\"labels\":{\"alertname\":\"B\"}}]");
    String id = vigil.post("/api/v2/silences", silence(
        "[{\"name\":\"alertname\",\"value\":\"B\",\"isRegex\":false}]",
        "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z")).json().get("silenceID").asText();
    post("[{\"labels\":{\"alertname\":\"A\",\"severity\":\"page\"},"
        + "\"startsAt\":\"2020-01-01T00:00:00Z\",\"endsAt\":\"2020-01-01T00:00:01Z\"}]");

    JsonNode h = vigil.get("/api/v2/history").json();
    assertThat(h.findValuesAsText("kind")).containsExactly("resolved", "silenced", "firing",
        "firing");
    JsonNode silenced = h.get(1);
    assertThat(silenced.fieldNames()).toIterable().containsExactly("time", "kind", "fingerprint",
        "labels", "startsAt", "endsAt", "silencedBy");
    assertThat(silenced.get("silencedBy").get(0).asText()).isEqualTo(id);
    assertThat(silenced.get("labels").toString()).isEqualTo("{\"alertname\":\"B\"}");

    assertThat(vigil.get("/api/v2/history?filter=alertname%3DA").json().findValuesAsText("kind"))
        .containsExactly("resolved", "firing");
    assertThat(vigil.get("/api/v2/history?kind=firing&kind=silenced").json()).hasSize(3);
    assertThat(vigil.get("/api/v2/history?limit=1").json().get(0).get("kind").asText())
        .isEqualTo("resolved");
    assertThat(vigil.get("/api/v2/history?end=2020-01-01T00:00:00Z").json()).isEmpty();
    String now = String.valueOf(Instant.now().getEpochSecond() - 60);
    assertThat(vigil.get("/api/v2/history?start=" + now).json()).hasSize(4);
    assertThat(vigil.get("/api/v2/history?kind=notification").json()).isEmpty();

    check400("/api/v2/history?filter=foo", "\"bad matcher format: foo\"");
    check400("/api/v2/history?kind=exploded", "\"invalid kind \\\"exploded\\\": want firing, "
        + "resolved, silenced, unsilenced, inhibited, uninhibited or notification\"");
    check400("/api/v2/history?limit=0", "\"invalid limit \\\"0\\\": want an integer from 1 to 10000\"");
    check400("/api/v2/history?start=yesterday",
        "\"invalid start time \\\"yesterday\\\": want RFC 3339 or Unix seconds\"");
    check400("/api/v2/history?start=100&end=10", "\"end time 1970-01-01T00:00:10Z is before "
        + "start time 1970-01-01T00:01:40Z\"");

    vigil.close();
    vigil = AmVigil.start(dir.resolve("data"), amConfig);
    assertThat(vigil.get("/api/v2/history").json().findValuesAsText("kind"))
        .containsExactly("resolved", "silenced", "firing", "firing");
    // silences are persisted too
    assertThat(vigil.get("/api/v2/silence/" + id).status()).isEqualTo(200);
  }

  void check400(String path, String body) {
    var r = vigil.get(path);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(body);
  }
}
