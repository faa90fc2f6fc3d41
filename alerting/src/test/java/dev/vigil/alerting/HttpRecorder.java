package dev.vigil.alerting;

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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** An HTTP/1.1 server on 127.0.0.1 (random port) recording every request: method, target, headers, body. */
final class HttpRecorder implements AutoCloseable {
  record Request(String method, String target, Map<String, String> headers, String body, long atMillis) {
    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
  }

  private final ServerSocket server;
  private final List<Request> received = new ArrayList<>();
  private final Deque<int[]> answers = new ArrayDeque<>();
  private final Deque<String> answerBodies = new ArrayDeque<>();

  HttpRecorder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
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

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** The next requests get these statuses (and bodies), then 200 again. */
  synchronized void answerNext(int status, String body) {
    answers.add(new int[] {status});
    answerBodies.add(body);
  }

  synchronized List<Request> received() {
    return new ArrayList<>(received);
  }

  synchronized List<Request> await(int n, long timeoutMs) throws InterruptedException {
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

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
      while (true) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        long at = System.currentTimeMillis(); // arrival, before the body is read
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          int c = h.indexOf(':');
          headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String[] parts = requestLine.split(" ");
        int status = 200;
        String answer = "";
        synchronized (this) {
          received.add(new Request(parts[0], parts[1], headers, body, at));
          if (!answers.isEmpty()) {
            status = answers.poll()[0];
            answer = answerBodies.poll();
          }
          notifyAll();
        }
        byte[] a = answer.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + a.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(a);
        out.flush();
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
          return;
        }
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
