package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (random port) that records every POST (path, arrival time,
 * raw body, parsed JSON) and answers with queued status codes (200 when the queue is empty).
 * A minimal HTTP/1.1 server with a virtual thread per connection: the JDK's HttpServer can hold
 * a new connection for up to a second in its selector loop, which would blur the timing the
 * differential test measures.
 */
public final class WebhookRecorder implements AutoCloseable {
  public record Received(String path, long atMillis, String body, JsonNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServerSocket server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final Thread acceptor;

  public WebhookRecorder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
      while (true) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        long at = System.currentTimeMillis();
        int length = 0;
        boolean close = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).strip());
          } else if (lower.startsWith("connection:") && lower.contains("close")) {
            close = true;
          }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String path = requestLine.split(" ")[1];
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        int status;
        synchronized (this) {
          received.add(new Received(path, at, body, JSON.readTree(body)));
          Integer st = statuses.poll();
          status = st == null ? 200 : st;
          notifyAll();
        }
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // connection closed by the client
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
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
    try {
      server.close();
      acceptor.join(2000);
    } catch (IOException | InterruptedException e) {
      // closing anyway
    }
  }
}
