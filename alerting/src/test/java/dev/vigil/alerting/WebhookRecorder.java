package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (random port) that records every POST (path, arrival time,
 * raw body, parsed JSON) and answers with queued status codes (200 when the queue is empty).
 */
public final class WebhookRecorder implements AutoCloseable {
  public record Received(String path, long atMillis, String body, JsonNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  public WebhookRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] b = ex.getRequestBody().readAllBytes();
      String body = new String(b, StandardCharsets.UTF_8);
      int status;
      synchronized (this) {
        received.add(new Received(ex.getRequestURI().getPath(), System.currentTimeMillis(), body, JSON.readTree(body)));
        Integer s = statuses.poll();
        status = s == null ? 200 : s;
        notifyAll();
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public synchronized void failNext(int... codes) {
    for (int c : codes) {
      statuses.add(c);
    }
  }

  public synchronized List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Waits until at least {@code n} requests arrived or the timeout passed. */
  public synchronized List<Received> await(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (received.size() < n) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return new ArrayList<>(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
