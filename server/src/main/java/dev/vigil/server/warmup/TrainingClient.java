package dev.vigil.server.warmup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * HTTP/1.1 calls to the training server, one connection per request, counting answers that are
 * not 2xx.
 * Plain sockets rather than the JDK's HTTP client: every class the training run loads goes into
 * the AOT cache and is loaded by every server started from it, and that client (with its TLS
 * classes) is a few hundred classes a server never uses. Not thread-safe.
 */
final class TrainingClient {
  private static final int TIMEOUT_MS = 60_000;

  private final int port;
  private final PrintWriter log;
  private int requests;
  private int failures;

  TrainingClient(int port, PrintWriter log) {
    this.port = port;
    this.log = log;
  }

  int requests() {
    return requests;
  }

  int failures() {
    return failures;
  }

  /** Polls {@code /-/ready} until it answers 200, the server thread ends, or time is up. */
  boolean awaitReady(Duration timeout, Thread server) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && server.isAlive()) {
      try {
        if (exchange("GET", "/-/ready", List.of(), new byte[0]) == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    return false;
  }

  void get(String path, List<String> headers) {
    send("GET", path, headers, new byte[0]);
  }

  void post(String path, byte[] body, List<String> headers) {
    send("POST", path, headers, body);
  }

  /** Asks the server to stop; its answer may be lost as it closes, which is no failure. */
  void quit() {
    try {
      exchange("POST", "/-/quit", List.of(), new byte[0]);
    } catch (IOException e) {
      log.println("training: /-/quit: " + e);
    }
  }

  private void send(String method, String path, List<String> headers, byte[] body) {
    requests++;
    try {
      int status = exchange(method, path, headers, body);
      if (status / 100 != 2) {
        fail(method + " " + path + " answered " + status);
      }
    } catch (IOException e) {
      fail(method + " " + path + ": " + e);
    }
  }

  /** One request on a new connection; returns the answer's status code. */
  int exchange(String method, String path, List<String> headers, byte[] body)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
      }
      if (method.equals("POST")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      int status = status(line(in).getBytes(StandardCharsets.ISO_8859_1));
      long length = -1;
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        String name = h.substring(0, Math.max(0, h.indexOf(':'))).strip();
        String value = h.substring(h.indexOf(':') + 1).strip();
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        }
      }
      // the body is read to its end and the connection closed here: the server keeps a
      // connection open a while after answering, even one the client asked to close
      if (chunked) {
        for (long n = Long.parseLong(line(in).split(";")[0].strip(), 16); n > 0;
            n = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
          skip(in, n);
          line(in);
        }
        while (!line(in).isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(in, length);
      }
      return status;
    }
  }

  /** One line without its CR LF; an error when the stream ends first. */
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("answer ended after " + b.length() + " characters of a line");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static void skip(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
  }

  /** The status code of an HTTP/1.1 answer's first line, or -1 when there is none. */
  static int status(byte[] answer) {
    String start = new String(answer, 0, Math.min(answer.length, 16), StandardCharsets.ISO_8859_1);
    if (!start.startsWith("HTTP/1.") || start.length() < 12 || start.charAt(8) != ' ') {
      return -1;
    }
    try {
      return Integer.parseInt(start.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void fail(String what) {
    if (failures++ < 5) {
      log.println("training: " + what);
    }
  }
}
