package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.vigil.server.http.RawHttpConnection.Answer;
import dev.vigil.server.selfmetrics.MetricRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lean GET path of {@link WebServer} against raw sockets: which requests it serves, which it
 * leaves to Armeria, that answers keep their order on a connection that moves between the two
 * (and the lean POST path), that parameters decode as Armeria decodes them, large answers, and
 * that a client going away cancels the work.
 */
@Timeout(60)
class LeanGetPathTest {
  private final Readiness readiness = new Readiness();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private WebServer web;

  /** The parameters as text; "size" asks for a body of that many bytes, "fail" for a 422. */
  private final LeanGet lean = (params, ex) -> {
    if (params.containsKey("fail")) {
      ex.fail(422, ("{\"failed\":\"" + params.get("fail").get(0) + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (params.containsKey("block")) {
      CountDownLatch gone = new CountDownLatch(1);
      ex.onCancel(gone::countDown);
      try {
        if (gone.await(20, TimeUnit.SECONDS)) {
          cancelled.countDown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.fail(499, new byte[0]);
      return;
    }
    OutputStream out = ex.success();
    out.write(text(params).getBytes(StandardCharsets.UTF_8));
  };

  private static String text(Map<String, List<String>> params) {
    StringBuilder s = new StringBuilder();
    params.forEach((k, v) -> s.append(k).append('=').append(v).append(';'));
    if (params.containsKey("size")) {
      int n = Integer.parseInt(params.get("size").get(0));
      for (int i = 0; i < n; i++) {
        s.append((char) ('a' + i % 26));
      }
    }
    return s.toString();
  }

  @BeforeEach
  void start() {
    readiness.setReady(true);
    Routes routes = new Routes()
        .post("/api/v1/write", (ByteBuffer body, String type, String encoding) ->
            PlainResponse.empty(204, Map.of("x-length", Integer.toString(body.remaining()))),
            1000, true)
        .get("/hello", (ctx, req) -> HttpResponse.of("hi"), false)
        // the same answers through Armeria (GET, and form POST as the query API takes them)
        .getPost("/q", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg -> {
          Map<String, List<String>> params = FormParams.parse(agg, ctx.query());
          if (params.containsKey("fail")) {
            return HttpResponse.of(HttpStatus.valueOf(422), MediaType.JSON,
                "{\"failed\":\"" + params.get("fail").get(0) + "\"}");
          }
          return HttpResponse.of(HttpStatus.OK, MediaType.JSON, text(params));
        })), true)
        // a lean GET whose Armeria service takes no POST
        .get("/g", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{}"), true)
        .leanGet("/g", lean, true)
        .leanGet("/q", lean, true);
    web = new WebServer(new InetSocketAddress("127.0.0.1", 0), routes, readiness,
        new HttpMetrics(new MetricRegistry()));
    web.start();
  }

  @AfterEach
  void stop() {
    web.stop();
  }

  @Test
  void servesPlainGetsItselfWithArmeriasAnswers() throws Exception {
    String[] queries = {"/q?a=1&b=x+y&a=%2F%C3%A9", "/q", "/q?a=&b", "/q?fail=no"};
    List<Answer> leanAnswers = new ArrayList<>();
    try (RawHttpConnection c = connect()) {
      for (String q : queries) {
        leanAnswers.add(c.call("GET " + q + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      }
    }
    assertThat(web.leanGetRequests()).isEqualTo(queries.length);
    assertThat(leanAnswers.get(0).body()).isEqualTo("a=[1, /é];b=[x y];");
    try (RawHttpConnection c = connect()) {
      for (int i = 0; i < queries.length; i++) {
        // an Origin header leaves the request to Armeria
        Answer armeria = c.call("GET " + queries[i] + " HTTP/1.1\r\nHost: x\r\n"
            + "Origin: http://o\r\n\r\n");
        Answer mine = leanAnswers.get(i);
        assertThat(mine.status()).as(queries[i]).isEqualTo(armeria.status());
        assertThat(mine.body()).as(queries[i]).isEqualTo(armeria.body());
        assertThat(mine.headers().get("content-type")).as(queries[i])
            .isEqualTo(armeria.headers().get("content-type"));
        assertThat(mine.headers()).containsKey("date").containsKey("content-length");
      }
    }
    assertThat(web.leanGetRequests()).isEqualTo(queries.length);
  }

  @Test
  void leavesUnusualRequestsToArmeria() throws Exception {
    for (String head : new String[] {
          "GET /q?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n", // a malformed escape
          "GET /q?a=1;b=2 HTTP/1.1\r\nHost: x\r\n\r\n", // parsers differ on ';'
          "GET /q?=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /q?a=1 HTTP/1.1\r\nHost: x\r\nOrigin: http://o\r\n\r\n",
          "GET /q?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab",
          "GET /qq?a=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /q?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"}) {
      try (RawHttpConnection c = connect()) { // Armeria may close the connection after an error
        assertThat(c.call(head).status()).as(head).isIn(200, 400, 404, 405);
      }
    }
    assertThat(web.leanGetRequests()).isZero();
    readiness.setReady(false);
    try (RawHttpConnection c = connect()) {
      assertThat(c.call("GET /q?a=1 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(503);
    }
    assertThat(web.leanGetRequests()).isZero();
  }

  @Test
  void largeAnswersAreChunkedAndComplete() throws Exception {
    try (RawHttpConnection c = connect()) {
      for (int size : new int[] {10, 70_000, 300_000, 65_000}) {
        Answer a = c.call("GET /q?size=" + size + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(text(Map.of("size", List.of(Integer.toString(size)))));
      }
    }
    assertThat(web.leanGetRequests()).isEqualTo(4);
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (RawHttpConnection c = connect()) {
      Answer a = c.call("GET /q?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.headers()).containsEntry("connection", "close");
      assertThat(c.in.read()).isEqualTo(-1);
    }
  }

  @Test
  void clientGoingAwayCancels() throws Exception {
    try (RawHttpConnection c = connect()) {
      c.send("GET /q?block=1 HTTP/1.1\r\nHost: x\r\n\r\n", 1000);
      Thread.sleep(200);
    }
    assertThat(cancelled.await(15, TimeUnit.SECONDS)).isTrue();
  }

  /** Requests accepting gzip: the lean path codes what Armeria's encoding service codes. */
  @Test
  void gzipAnswersMatchArmeria() throws Exception {
    String[] queries = {"/q?size=10", "/q?size=1000", "/q?size=1020", "/q?size=5000",
        "/q?size=200000", "/q?fail=x", "/q?fail=" + "y".repeat(2000)};
    try (RawHttpConnection c = connect()) {
      for (String q : queries) {
        long before = web.leanGetRequests();
        Answer mine = c.call("GET " + q + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(web.leanGetRequests()).as(q).isEqualTo(before + 1);
        // an Origin header leaves the request to Armeria
        Answer armeria = c.call("GET " + q + " HTTP/1.1\r\nHost: x\r\nOrigin: http://o\r\n"
            + "Accept-Encoding: gzip\r\n\r\n");
        assertThat(web.leanGetRequests()).as(q).isEqualTo(before + 1);
        assertSameAnswer(q, mine, armeria);
      }
    }
    Answer big = null;
    try (RawHttpConnection c = connect()) {
      big = c.call("GET /q?size=5000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
    }
    assertThat(big.headers()).containsEntry("content-encoding", "gzip")
        .containsEntry("vary", "accept-encoding");
    assertThat(Integer.parseInt(big.headers().get("content-length"))).isLessThan(1000);
  }

  /** A connection's deflater is kept for its next answer and ended when the connection closes. */
  @Test
  void deflaterEndsWithItsConnection() throws Exception {
    int before = LeanGetGzip.open();
    try (RawHttpConnection c = connect()) {
      for (int i = 0; i < 3; i++) {
        Answer a = c.call("GET /q?size=5000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(a.headers()).containsEntry("content-encoding", "gzip");
        assertThat(LeanGetGzip.open()).as("answer %d", i).isEqualTo(before + 1);
      }
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (LeanGetGzip.open() != before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(LeanGetGzip.open()).isEqualTo(before);
  }

  /** Which Accept-Encoding values the lean path takes, and the coding it answers with. */
  @Test
  void acceptEncodingPicksAsArmeriaDoes() throws Exception {
    String[][] cases = {
        {"gzip", "lean", "gzip"}, {"gzip, deflate, br, zstd", "lean", "gzip"},
        {"zstd, gzip", "lean", "gzip"}, {"identity", "lean", null}, {"GZIP", "lean", null},
        {"", "lean", null}, {"deflate, gzip, br, zstd", "armeria", "deflate"},
        {"gzip;q=1.0", "armeria", "gzip"}, {"*", "armeria", null}};
    try (RawHttpConnection c = connect()) {
      for (String[] k : cases) {
        long before = web.leanGetRequests();
        Answer a = c.call("GET /q?size=5000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " + k[0]
            + "\r\n\r\n");
        assertThat(web.leanGetRequests() - before).as(k[0]).isEqualTo(k[1].equals("lean") ? 1 : 0);
        if (!k[0].equals("*")) { // Armeria's pick for a wildcard is its first coding: brotli
          assertThat(a.headers().get("content-encoding")).as(k[0]).isEqualTo(k[2]);
          assertThat(a.body()).as(k[0]).startsWith("size=[5000];abc").hasSize(5012);
        }
      }
    }
  }

  /** Form POSTs (as Grafana sends them): body parameters first, then the URL's, as Armeria. */
  @Test
  void formPostsMatchArmeria() throws Exception {
    String form = "Content-Type: application/x-www-form-urlencoded\r\n";
    String[][] requests = {
        {"/q?a=3&c=4", "a=1&b=x+y&a=%2F%C3%A9", "a=[1, /é, 3];b=[x y];c=[4];"},
        {"/q", "", ""},
        {"/q", "size=5000", null},
        {"/q?fail=url", "fail=body", null}};
    try (RawHttpConnection c = connect()) {
      for (String[] r : requests) {
        for (String ae : new String[] {"", "Accept-Encoding: gzip\r\n"}) {
          String req = "POST " + r[0] + " HTTP/1.1\r\nHost: x\r\n" + ae + form
              + "Content-Length: " + r[1].getBytes(StandardCharsets.UTF_8).length + "\r\n";
          long before = web.leanGetRequests();
          Answer mine = c.call(req + "\r\n" + r[1]);
          assertThat(web.leanGetRequests()).as(r[0] + " " + r[1]).isEqualTo(before + 1);
          Answer armeria = c.call(req + "Origin: http://o\r\n\r\n" + r[1]);
          assertThat(web.leanGetRequests()).isEqualTo(before + 1);
          assertSameAnswer(r[0] + " " + r[1], mine, armeria);
          if (r[2] != null) {
            assertThat(mine.body()).isEqualTo(r[2]);
          }
        }
      }
      assertThat(c.call("POST /q?fail=url HTTP/1.1\r\nHost: x\r\n" + form
          + "Content-Length: 9\r\n\r\nfail=body").body()).isEqualTo("{\"failed\":\"body\"}");
      // left to Armeria: another body type, a body over the limit, a coded body, a path whose
      // service takes no POST
      long before = web.leanGetRequests();
      assertThat(c.call("POST /q HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 3\r\n\r\na=1").body()).isEqualTo("");
      String large = "a=" + "z".repeat(LeanGetHandler.MAX_FORM_BYTES);
      assertThat(c.call("POST /q HTTP/1.1\r\nHost: x\r\n" + form + "Content-Length: "
          + large.length() + "\r\n\r\n" + large).body()).hasSize(large.length() + 3);
      assertThat(c.call("POST /g HTTP/1.1\r\nHost: x\r\n" + form
          + "Content-Length: 3\r\n\r\na=1").status()).isEqualTo(405);
      assertThat(web.leanGetRequests()).isEqualTo(before);
    }
  }

  private static void assertSameAnswer(String what, Answer mine, Answer armeria) {
    assertThat(mine.status()).as(what).isEqualTo(armeria.status());
    assertThat(mine.body()).as(what).isEqualTo(armeria.body());
    for (String h : new String[] {"content-type", "content-encoding", "vary"}) {
      assertThat(mine.headers().get(h)).as(what + " " + h).isEqualTo(armeria.headers().get(h));
    }
  }

  /**
   * Seeded: a random mix of lean GETs, GETs and posts Armeria must answer and lean posts,
   * pipelined in one stream cut at random places; every answer comes back, in order.
   */
  @Test
  void randomPipelinesKeepOrder() throws Exception {
    long seed = System.nanoTime();
    System.out.println("LeanGetPathTest.randomPipelinesKeepOrder seed=" + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      List<String> want = new ArrayList<>();
      StringBuilder stream = new StringBuilder();
      int n = 1 + rnd.nextInt(8);
      for (int i = 0; i < n; i++) {
        int size = rnd.nextInt(3) == 0 ? 70_000 + rnd.nextInt(10_000) : rnd.nextInt(300);
        String q = "/q?i=" + i + "&size=" + size;
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("i", List.of(Integer.toString(i)));
        params.put("size", List.of(Integer.toString(size)));
        String expect = text(params);
        switch (rnd.nextInt(7)) {
          case 5 -> { // what Grafana sends: a form POST accepting gzip
            String form = "i=" + i + "&size=" + size;
            stream.append("POST /q HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                .append(form.length()).append("\r\n\r\n").append(form);
            want.add("200 " + expect.hashCode());
          }
          case 6 -> {
            stream.append("GET ").append(q).append(" HTTP/1.1\r\nHost: x\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\n\r\n");
            want.add("200 " + expect.hashCode());
          }
          case 0 -> {
            stream.append("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            want.add("200 hi");
          }
          case 1 -> {
            stream.append("GET ").append(q).append(" HTTP/1.1\r\nHost: x\r\nOrigin: http://o"
                + "\r\n\r\n");
            want.add("200 " + expect.hashCode());
          }
          case 2 -> {
            stream.append("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n"
                + "abc");
            want.add("204 3");
          }
          default -> {
            stream.append("GET ").append(q).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            want.add("200 " + expect.hashCode());
          }
        }
      }
      try (RawHttpConnection c = connect()) {
        c.send(stream.toString(), 1 + rnd.nextInt(64));
        for (String w : want) {
          Answer a = c.read();
          String got = a.status() + " " + (a.status() == 204 ? a.headers().get("x-length")
              : a.body().equals("hi") ? "hi" : Integer.toString(a.body().hashCode()));
          assertThat(got).as("seed %d round %d", seed, round).isEqualTo(w);
        }
      }
    }
  }

  private RawHttpConnection connect() throws IOException {
    return new RawHttpConnection(web.port());
  }
}
