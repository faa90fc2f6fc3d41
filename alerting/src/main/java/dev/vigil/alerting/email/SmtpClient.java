package dev.vigil.alerting.email;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP client (RFC 5321) over a socket, behaving as Go's {@code net/smtp} client that
 * Alertmanager uses: greeting, EHLO (HELO when refused), extensions, STARTTLS with a second EHLO,
 * AUTH exchanges, MAIL (with BODY=8BITMIME / SMTPUTF8 when offered), RCPT, DATA with dot
 * stuffing, QUIT. Not thread-safe: one per delivery.
 */
final class SmtpClient implements Closeable {
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;
  private final String host;
  private final Map<String, String> ext = new LinkedHashMap<>();
  private boolean tls;

  /** Reads the server greeting on a connected socket; {@code host} is the smarthost's name. */
  SmtpClient(Socket socket, String host) throws IOException, SmtpException {
    this.host = host;
    this.tls = socket instanceof SSLSocket;
    attach(socket);
    expect(220);
  }

  private void attach(Socket s) throws IOException {
    this.socket = s;
    this.in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    this.out = s.getOutputStream();
  }

  boolean isTls() {
    return tls;
  }

  String host() {
    return host;
  }

  void hello(String localName) throws IOException, SmtpException {
    try {
      ehlo(localName);
    } catch (SmtpException e) {
      ext.clear();
      cmd(250, "HELO " + localName);
    }
  }

  private void ehlo(String localName) throws IOException, SmtpException {
    String msg = cmd(250, "EHLO " + localName);
    ext.clear();
    String[] lines = msg.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] kv = lines[i].split(" ", 2);
      ext.put(kv[0].toUpperCase(java.util.Locale.ROOT), kv.length > 1 ? kv[1] : "");
    }
  }

  /** Whether the server offered the extension; its parameters via {@link #extensionParams}. */
  boolean extension(String name) {
    return ext.containsKey(name);
  }

  String extensionParams(String name) {
    return ext.getOrDefault(name, "");
  }

  void startTls(SSLSocketFactory factory, boolean verifyHost, String localName) throws IOException, SmtpException {
    cmd(220, "STARTTLS");
    SSLSocket s = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
    s.setUseClientMode(true);
    if (verifyHost) {
      verifyHost(s);
    }
    s.startHandshake();
    tls = true;
    attach(s);
    ehlo(localName);
  }

  /** Sends {@code AUTH mech [initial]}; answers 334 challenges with {@code next}. */
  void auth(String mech, byte[] initial, Challenge next) throws IOException, SmtpException {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    String first = ("AUTH " + mech + " " + (initial == null ? "" : b64.encodeToString(initial))).strip();
    Reply r = send(first);
    while (r.code() == 334) {
      byte[] challenge;
      try {
        challenge = java.util.Base64.getDecoder().decode(r.message().strip());
      } catch (IllegalArgumentException e) {
        send("*");
        throw new SmtpException(501, "malformed server challenge " + r.message());
      }
      byte[] resp = next.answer(challenge);
      r = send(b64.encodeToString(resp));
    }
    if (r.code() != 235) {
      throw new SmtpException(r.code(), r.message());
    }
  }

  /** The answer to one server challenge. */
  @FunctionalInterface
  interface Challenge {
    byte[] answer(byte[] fromServer) throws SmtpException;
  }

  /** Checks the server certificate against the host name, as Go's tls.Config.ServerName does. */
  static void verifyHost(SSLSocket s) {
    javax.net.ssl.SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
  }

  void mail(String from) throws IOException, SmtpException {
    String c = "MAIL FROM:<" + from + ">";
    if (ext.containsKey("8BITMIME")) {
      c += " BODY=8BITMIME";
    }
    if (ext.containsKey("SMTPUTF8")) {
      c += " SMTPUTF8";
    }
    cmd(250, c);
  }

  void rcpt(String to) throws IOException, SmtpException {
    Reply r = send("RCPT TO:<" + to + ">");
    if (r.code() != 250 && r.code() != 251) {
      throw new SmtpException(r.code(), r.message());
    }
  }

  /** DATA with the message (CRLF lines), dot-stuffed and terminated. */
  void data(byte[] message) throws IOException, SmtpException {
    cmd(354, "DATA");
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(message.length + 64);
    boolean lineStart = true;
    for (int i = 0; i < message.length; i++) {
      byte b = message[i];
      if (lineStart && b == '.') {
        buf.write('.');
      }
      if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
        buf.write('\r');
      }
      buf.write(b);
      lineStart = b == '\n';
    }
    if (!lineStart) {
      buf.write('\r');
      buf.write('\n');
    }
    buf.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(buf.toByteArray());
    out.flush();
    expect(250);
  }

  void quit() throws IOException, SmtpException {
    cmd(221, "QUIT");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String cmd(int want, String line) throws IOException, SmtpException {
    Reply r = send(line);
    if (r.code() != want) {
      throw new SmtpException(r.code(), r.message());
    }
    return r.message();
  }

  private Reply send(String line) throws IOException, SmtpException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return read();
  }

  private void expect(int want) throws IOException, SmtpException {
    Reply r = read();
    if (r.code() != want) {
      throw new SmtpException(r.code(), r.message());
    }
  }

  private record Reply(int code, String message) {}

  /** A reply, multi-line replies joined by "\n" as Go's textproto does. */
  private Reply read() throws IOException, SmtpException {
    StringBuilder msg = new StringBuilder();
    int code = -1;
    while (true) {
      String l = in.readLine();
      if (l == null) {
        throw new IOException("EOF");
      }
      if (l.length() < 3) {
        throw new SmtpException(0, "short response: " + l);
      }
      int c;
      try {
        c = Integer.parseInt(l.substring(0, 3));
      } catch (NumberFormatException e) {
        throw new SmtpException(0, "invalid response code: " + l);
      }
      if (code == -1) {
        code = c;
      }
      if (msg.length() > 0) {
        msg.append('\n');
      }
      msg.append(l.length() > 4 ? l.substring(4) : "");
      if (l.length() == 3 || l.charAt(3) != '-') {
        return new Reply(code, msg.toString());
      }
    }
  }
}
