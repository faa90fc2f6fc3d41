package dev.vigil.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * One raw HTTP/1.1 connection for the lean paths' tests: requests are written byte for byte (in
 * pieces when asked) and answers read as they come, chunked or not, gzip or deflate decoded, so
 * that framing, pipelining and ordering are exercised as a client sees them.
 */
final class RawHttpConnection implements AutoCloseable {
  /** An answer: status, headers (lower-case names) and the decoded body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  final Socket socket;
  final InputStream in;
  final OutputStream out;

  RawHttpConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  Answer call(String request) throws IOException, InterruptedException {
    send(request, request.length());
    return read();
  }

  /** Sends in pieces of at most {@code piece} bytes, each flushed separately. */
  void send(String request, int piece) throws IOException, InterruptedException {
    byte[] b = request.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < b.length; i += piece) {
      out.write(b, i, Math.min(piece, b.length - i));
      out.flush();
      if (piece < b.length) {
        Thread.sleep(1);
      }
    }
  }

  Answer read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          l.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().trim(), 16); size > 0;
          size = Integer.parseInt(line().trim(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    byte[] bytes = body.toByteArray();
    String coding = headers.get("content-encoding");
    if ("gzip".equals(coding) || "deflate".equals(coding)) {
      InputStream raw = new ByteArrayInputStream(bytes);
      try (InputStream z = coding.equals("gzip") ? new GZIPInputStream(raw)
          : new InflaterInputStream(raw)) {
        bytes = z.readAllBytes();
      }
    }
    return new Answer(status, headers, new String(bytes, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed after " + s);
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
