package dev.vigil.server.alerting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain SMTP server on 127.0.0.1 (random port) that accepts every message and records its DATA
 * (dot-unstuffed). No TLS and no AUTH: the alerting module's {@code SmtpRecorder} covers those and
 * lives in that module's test sources; this is the small part a server test needs.
 * Thread-safe: sessions run on virtual threads, {@link #messages()} returns a copy.
 */
final class SmtpSink implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> messages = new ArrayList<>();

  SmtpSink() throws IOException {
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

  int port() {
    return server.getLocalPort();
  }

  synchronized List<String> messages() {
    return new ArrayList<>(messages);
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      reply(out, "220 sink.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String cmd = line.toUpperCase(Locale.ROOT);
        if (cmd.startsWith("EHLO ")) {
          reply(out, "250-sink.test\r\n250 8BITMIME");
        } else if (cmd.equals("DATA")) {
          reply(out, "354 end with .");
          StringBuilder data = new StringBuilder();
          String l;
          while ((l = in.readLine()) != null && !l.equals(".")) {
            data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
          }
          synchronized (this) {
            messages.add(data.toString());
          }
          reply(out, "250 queued");
        } else if (cmd.equals("QUIT")) {
          reply(out, "221 bye");
          return;
        } else {
          reply(out, "250 ok");
        }
      }
    } catch (IOException e) {
      // the client went away; what was recorded stays recorded
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The text of a quoted-printable body: soft line breaks joined, {@code =XX} decoded. */
  static String unquote(String qp) {
    String joined = qp.replace("=\r\n", "");
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '=' && i + 2 < joined.length()
          && java.util.HexFormat.isHexDigit(joined.charAt(i + 1))
          && java.util.HexFormat.isHexDigit(joined.charAt(i + 2))) {
        b.write(java.util.HexFormat.fromHexDigits(joined, i + 1, i + 3));
        i += 2;
      } else {
        b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
