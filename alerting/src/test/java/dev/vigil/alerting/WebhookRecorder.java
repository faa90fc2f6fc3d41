package dev.vigil.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A webhook receiver on 127.0.0.1 (random port) that records every POST (path, arrival time,
 * raw body, parsed JSON) and answers with queued status codes (200 when the queue is empty). The
 * serving is {@link HttpRecorder}'s (a minimal HTTP/1.1 server with a virtual thread per
 * connection: the JDK's HttpServer can hold a new connection for up to a second in its selector
 * loop, which would blur the timing the differential test measures).
 */
public final class WebhookRecorder implements AutoCloseable {
  public record Received(String path, long atMillis, String body, JsonNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpRecorder http;

  public WebhookRecorder() throws IOException {
    http = new HttpRecorder();
  }

  public String url(String path) {
    return http.url(path);
  }

  /** The next requests get these statuses, then 200 again. */
  public void failNext(int... codes) {
    for (int c : codes) {
      http.answerNext(c, "");
    }
  }

  public List<Received> received() {
    return http.received().stream().map(WebhookRecorder::received).toList();
  }

  /** Waits until at least {@code n} requests arrived or the timeout passed. */
  public List<Received> await(int n, long timeoutMs) throws InterruptedException {
    return http.await(n, timeoutMs).stream().map(WebhookRecorder::received).toList();
  }

  private static Received received(HttpRecorder.Request r) {
    try {
      return new Received(r.path(), r.atMillis(), r.body(), JSON.readTree(r.body()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("webhook body is not JSON: " + r.body(), e);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
