package dev.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import dev.vigil.server.http.RawHttpConnection.Answer;
import dev.vigil.server.selfmetrics.MetricRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lean HTTP/1.1 path of {@link WebServer} against raw sockets: which requests it serves,
 * which it leaves to Armeria, that answers keep their order on a connection that moves between
 * the two, and that both give the same answers.
 */
@Timeout(60)
class LeanPostPathTest {
  /** Echoes the body length and headers; "fail" bodies get a 400 with a message. */
  private static final BodyHandler ECHO = (ByteBuffer body, String type, String encoding) -> {
    byte[] b = new byte[body.remaining()];
    body.get(b);
    String text = new String(b, StandardCharsets.ISO_8859_1);
    if (text.startsWith("fail")) {
      return PlainResponse.text(400, Map.of(), "bad body of " + b.length + " bytes\n");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-length", Integer.toString(b.length));
    h.put("x-type", String.valueOf(type));
    h.put("x-encoding", String.valueOf(encoding));
    h.put("x-sum", Integer.toString(text.hashCode()));
    return PlainResponse.empty(204, h);
  };

  private final Readiness readiness = new Readiness();
  private WebServer web;

  @BeforeEach
  void start() {
    readiness.setReady(true);
    Routes routes = new Routes()
        .post("/api/v1/write", ECHO, 1000, true)
        .get("/hello", (ctx, req) -> HttpResponse.of("hi"), false);
    web = new WebServer(new InetSocketAddress("127.0.0.1", 0), routes, readiness,
        new HttpMetrics(new MetricRegistry()));
    web.start();
  }

  @AfterEach
  void stop() {
    web.stop();
  }

  @Test
  void servesPostsItselfAndKeepsTheConnection() throws Exception {
    try (RawHttpConnection c = connect()) {
      Answer a = c.call(post("/api/v1/write", "abc", "Content-Type: application/x-protobuf\r\n"
          + "Content-Encoding: snappy\r\n"));
      assertThat(a.status()).isEqualTo(204);
      assertThat(a.headers()).containsEntry("x-length", "3")
          .containsEntry("x-type", "application/x-protobuf").containsEntry("x-encoding", "snappy")
          .containsKey("date").doesNotContainKey("content-length");
      // a body arriving in many small pieces, and an empty one
      String big = "x".repeat(900);
      c.send(post("/api/v1/write", big, ""), 7);
      assertThat(c.read().headers()).containsEntry("x-length", "900")
          .containsEntry("x-sum", Integer.toString(big.hashCode()));
      assertThat(c.call(post("/api/v1/write", "", "")).headers()).containsEntry("x-length", "0");
    }
    assertThat(web.leanRequests()).isEqualTo(3);
  }

  @Test
  void errorsMatchArmeriasAnswers() throws Exception {
    Answer lean;
    try (RawHttpConnection c = connect()) {
      lean = c.call(post("/api/v1/write", "fail!", ""));
    }
    assertThat(web.leanRequests()).isEqualTo(1);
    // through Armeria: an Origin header makes the lean path step aside for that request
    Answer armeria;
    try (RawHttpConnection c = connect()) {
      armeria = c.call(post("/api/v1/write", "fail!", "Origin: http://x\r\n"));
    }
    assertThat(web.leanRequests()).isEqualTo(1);
    assertThat(lean.status()).isEqualTo(400).isEqualTo(armeria.status());
    assertThat(lean.body()).isEqualTo("bad body of 5 bytes\n").isEqualTo(armeria.body());
    assertThat(lean.headers().get("content-type"))
        .isEqualTo(armeria.headers().get("content-type"));
  }

  @Test
  void leavesUnusualRequestsToArmeria() throws Exception {
    try (RawHttpConnection c = connect()) {
      // over the limit: Armeria's 413
      assertThat(c.call(post("/api/v1/write", "y".repeat(1001), "")).status()).isEqualTo(413);
    }
    try (RawHttpConnection c = connect()) {
      assertThat(c.call("GET /api/v1/write HTTP/1.1\r\nHost: x\r\n\r\n").status())
          .isEqualTo(405);
    }
    try (RawHttpConnection c = connect()) {
      // chunked: Armeria serves it, and this connection from then on
      Answer a = c.call("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
          + "\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      assertThat(a.status()).isEqualTo(204);
      assertThat(a.headers()).containsEntry("x-length", "5");
      assertThat(c.call(post("/api/v1/write", "abc", "")).status()).isEqualTo(204);
    }
    try (RawHttpConnection c = connect()) {
      c.call("POST /api/v1/write HTTP/1.0\r\nContent-Length: 2\r\n\r\nab");
    }
    assertThat(web.leanRequests()).isZero();
    readiness.setReady(false);
    try (RawHttpConnection c = connect()) {
      assertThat(c.call(post("/api/v1/write", "abc", "")).status()).isEqualTo(503);
    }
    assertThat(web.leanRequests()).isZero();
  }

  @Test
  void connectionComesBackAfterArmeriaAnswered() throws Exception {
    try (RawHttpConnection c = connect()) {
      Answer hi = c.call("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(hi.status()).isEqualTo(200);
      assertThat(hi.body()).isEqualTo("hi");
      // Armeria reports its answer as complete a moment after writing it; until then posts go
      // to Armeria too
      for (int i = 0; i < 100 && web.leanRequests() == 0; i++) {
        assertThat(c.call(post("/api/v1/write", "abc", "")).status()).isEqualTo(204);
        Thread.sleep(10);
      }
      assertThat(web.leanRequests()).isEqualTo(1);
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (RawHttpConnection c = connect()) {
      Answer a = c.call(post("/api/v1/write", "abc", "Connection: close\r\n"));
      assertThat(a.status()).isEqualTo(204);
      assertThat(a.headers()).containsEntry("connection", "close");
      assertThat(c.in.read()).isEqualTo(-1);
    }
  }

  /** Armeria's own clients (HTTP/1.1 and h2c upgrades) see the same answers. */
  @Test
  void realClientsOverBothProtocols() throws Exception {
    for (HttpClient.Version v : HttpClient.Version.values()) {
      HttpClient client = HttpClient.newBuilder().version(v).build();
      for (int i = 0; i < 3; i++) {
        var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
            + "/api/v1/write")).POST(HttpRequest.BodyPublishers.ofString("fail" + i)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(v.name()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("bad body of 5 bytes\n");
        var ok = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
            + "/hello")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ok.body()).isEqualTo("hi");
      }
    }
  }

  /**
   * Seeded: a random mix of lean posts, posts Armeria must answer and reads, pipelined in one
   * stream cut at random places; every answer comes back, in order, with the right content.
   */
  @Test
  void randomPipelinesKeepOrder() throws Exception {
    long seed = System.nanoTime();
    System.out.println("LeanPostPathTest.randomPipelinesKeepOrder seed=" + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      List<String> want = new ArrayList<>();
      StringBuilder stream = new StringBuilder();
      int n = 1 + rnd.nextInt(8);
      for (int i = 0; i < n; i++) {
        String body = "b".repeat(rnd.nextInt(300));
        switch (rnd.nextInt(4)) {
          case 0 -> {
            stream.append("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            want.add("200 hi");
          }
          case 1 -> {
            stream.append(post("/api/v1/write", body, "Origin: http://o\r\n"));
            want.add("204 " + body.length());
          }
          default -> {
            stream.append(post("/api/v1/write", body, ""));
            want.add("204 " + body.length());
          }
        }
      }
      try (RawHttpConnection c = connect()) {
        c.send(stream.toString(), 1 + rnd.nextInt(64));
        for (String w : want) {
          Answer a = c.read();
          String got = a.status() + " " + (a.status() == 200 ? a.body()
              : a.headers().get("x-length"));
          assertThat(got).as("seed %d round %d", seed, round).isEqualTo(w);
        }
      }
    }
  }

  /**
   * Bodies read together with their head are handed on as slices of the read buffer, the others
   * copied into a buffer of their own: either way each handler sees exactly its own bytes, also
   * when pipelined requests share one read.
   */
  @Test
  void bodiesReachTheHandlerIntactWhetherSlicedOrCopied() throws Exception {
    List<String> bodies = new ArrayList<>();
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      String body = Integer.toString(i).repeat(100 + 150 * i) + "#" + i;
      bodies.add(body);
      stream.append(post("/api/v1/write", body, ""));
    }
    for (int piece : new int[] {stream.length(), 97, 1000}) {
      try (RawHttpConnection c = connect()) {
        c.send(stream.toString(), piece);
        for (String body : bodies) {
          assertThat(c.read().headers()).as("pieces of %d", piece)
              .containsEntry("x-length", Integer.toString(body.length()))
              .containsEntry("x-sum", Integer.toString(body.hashCode()));
        }
      }
    }
  }

  /** Over a MiB of requests pipelined in one go: reading pauses and resumes, none is lost. */
  @Test
  void longPipelinesAreAllAnswered() throws Exception {
    String body = "p".repeat(1000);
    int n = 1200;
    try (RawHttpConnection c = connect()) {
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          c.send(post("/api/v1/write", body, "").repeat(n), 1 << 20);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      for (int i = 0; i < n; i++) {
        Answer a = c.read();
        assertThat(a.status()).as("answer %d", i).isEqualTo(204);
        assertThat(a.headers()).containsEntry("x-length", "1000");
      }
      writer.join();
    }
    assertThat(web.leanRequests()).isEqualTo(n);
  }

  private static String post(String path, String body, String headers) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: "
        + body.length() + "\r\n\r\n" + body;
  }

  private RawHttpConnection connect() throws IOException {
    return new RawHttpConnection(web.port());
  }
}
